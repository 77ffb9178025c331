"""The language of everything tokenlab says: English, or Simplified Chinese (``zh_CN``).

Message ids are the English strings in the code, wrapped in ``_()`` (``ngettext()`` for plurals),
and looked up, each time they are shown, in a gettext catalog under ``tokenlab/locale``. So
``set_language`` switches the language of everything drawn after it. Values stored in tables and
objects are codes, never translated words: only what is displayed goes through here.

The default comes from ``TOKENLAB_LANG``, then the system locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``), then English.

>>> set_language("en")
'en'
>>> ngettext("{n} token", "{n} tokens", 2).format(n=2)
'2 tokens'
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import os
from collections.abc import Iterator

__all__ = ["_", "N_", "ngettext", "units", "set_language", "language", "speaking", "LANGUAGES"]

# The languages of the interface: code -> its own name.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_ALIASES = {"zh": "zh_CN", "zh_cn": "zh_CN", "zh-cn": "zh_CN", "zh_hans": "zh_CN", "zh-hans": "zh_CN", "zh_sg": "zh_CN"}

_translations: dict[str, _gettext.NullTranslations] = {}
_current: list[str] = []  # the language in use, set on first use (a list: no `global` needed)


def _normalize(code: str) -> str | None:
    """``"zh-CN"``, ``"zh_CN.UTF-8"``, ``"zh"`` -> ``"zh_CN"``; ``"en_US"`` -> ``"en"``; else None."""
    base = code.strip().split(".")[0].split("@")[0]
    if not base:
        return None
    if base in LANGUAGES:
        return base
    lowered = base.lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    if lowered.startswith("en") or lowered in ("c", "posix"):
        return "en"
    return None


def _default() -> str:
    for variable in ("TOKENLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return _normalize(value) or "en"
    return "en"


def set_language(code: str) -> str:
    """Use this language for everything shown from now on: ``"en"`` or ``"zh_CN"``.

    Accepts the usual spellings (``"zh-CN"``, ``"zh"``, ``"zh_CN.UTF-8"``). Returns the code in use.
    """
    if not isinstance(code, str):
        raise TypeError(
            _("a language is a string such as 'en' or 'zh_CN', not {name}").format(name=type(code).__name__)
        )
    normalized = _normalize(code)
    if normalized is None:
        from ._checks import brief

        raise ValueError(
            _("tokenlab speaks {value}; not {brief}").format(value=", ".join(LANGUAGES), brief=brief(code))
        )
    _current[:] = [normalized]
    return normalized


def language() -> str:
    """The code of the language in use (``"en"`` or ``"zh_CN"``)."""
    if not _current:
        _current.append(_default())
    return _current[0]


@contextlib.contextmanager
def speaking(code: str) -> Iterator[str]:
    """Use this language inside a ``with`` block, then the one in use before it.

    >>> with speaking("zh_CN"):
    ...     units(2, "token")
    '2 个词元'
    """
    previous = language()
    try:
        yield set_language(code)
    finally:
        _current[:] = [previous]


def _catalog() -> _gettext.NullTranslations:
    code = language()
    catalog = _translations.get(code)
    if catalog is None:
        from importlib import resources

        folder = resources.files("tokenlab").joinpath("locale")
        catalog = _gettext.NullTranslations()
        if code != "en":
            mo = folder.joinpath(code, "LC_MESSAGES", "tokenlab.mo")
            if mo.is_file():
                import io
                import struct

                try:
                    catalog = _gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
                except (OSError, ValueError, LookupError, IndexError, struct.error):
                    import warnings  # a damaged catalog: English, rather than no message at all

                    warnings.warn(
                        f"tokenlab's {code} catalog {mo} is damaged, so tokenlab speaks English: repair the install "
                        "with: pip install --force-reinstall --no-deps tokenlab",
                        RuntimeWarning,
                        stacklevel=3,
                    )
        _translations[code] = catalog
    return catalog


def _(message: str) -> str:
    """``message`` in the language in use."""
    return _catalog().gettext(message)


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Mark ``message`` for translation without translating it now (translate it when shown)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the language in use (the rules are the catalog's)."""
    return _catalog().ngettext(singular, plural, n)


def units(n: int, unit: str) -> str:
    """A count with its unit, in the right plural form: ``units(1, "token") == "1 token"``.

    >>> set_language("en"); units(1234, "token")
    'en'
    '1,234 tokens'
    """
    forms = {  # each a literal, so that the catalog extractor finds it
        "token": lambda: ngettext("{n:,} token", "{n:,} tokens", n),
        "character": lambda: ngettext("{n:,} character", "{n:,} characters", n),
        "word": lambda: ngettext("{n:,} word", "{n:,} words", n),
        "byte": lambda: ngettext("{n:,} byte", "{n:,} bytes", n),
        "request": lambda: ngettext("{n:,} request", "{n:,} requests", n),
        "merge": lambda: ngettext("{n:,} merge", "{n:,} merges", n),
        "language": lambda: ngettext("{n:,} language", "{n:,} languages", n),
        "encoding": lambda: ngettext("{n:,} encoding", "{n:,} encodings", n),
        "piece": lambda: ngettext("{n:,} piece", "{n:,} pieces", n),
        "tile": lambda: ngettext("{n:,} tile", "{n:,} tiles", n),
        "patch": lambda: ngettext("{n:,} patch", "{n:,} patches", n),
    }
    return forms[unit]().format(n=n)
