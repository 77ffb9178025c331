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

__all__ = ["_", "N_", "ngettext", "units", "set_language", "language", "speaking", "offered", "LANGUAGES"]

# The languages of the interface: code -> its own name.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
# Simplified Chinese is written in these regions (or says so with the script subtag Hans); zh-Hant,
# zh-TW, zh-HK and zh-MO are Traditional Chinese, which tokenlab does not speak.
_TRADITIONAL = {"hant", "tw", "hk", "mo"}
_NAMES = {"english": "en", "简体中文": "zh_CN", "中文": "zh_CN", "chinese": "zh_CN"}

_translations: dict[str, _gettext.NullTranslations] = {}
_current: list[str] = []  # the language in use, set on first use (a list: no `global` needed)


def _normalize(code: str) -> str | None:
    """A language tag or locale name -> ``"en"`` or ``"zh_CN"``, or None if it is neither.

    BCP 47 tags as browsers and Jupyter send them (``zh-Hans-CN``, ``en-US``), POSIX locales
    (``zh_CN.UTF-8``, ``en_GB@euro``, ``C``) and ISO 639-2 codes (``eng``, ``zho``; ``cmn`` for
    Mandarin) are all understood; subtags are case-insensitive and ``-`` and ``_`` are alike.

    >>> [_normalize(c) for c in ("zh-Hans-CN", "zh_Hans_CN.UTF-8", "en_GB", "enzyme", "zh-TW")]
    ['zh_CN', 'zh_CN', 'en', None, None]
    """
    base = code.strip().split(".")[0].split("@")[0]
    if base.casefold() in _NAMES:
        return _NAMES[base.casefold()]
    subtags = base.replace("_", "-").lower().split("-")
    if not all(tag.isascii() and tag.isalnum() and 1 <= len(tag) <= 8 for tag in subtags):
        return None
    language, rest = subtags[0], set(subtags[1:])
    if language in ("c", "posix") and not rest:
        return "en"
    if language in ("en", "eng"):
        return "en"
    if language in ("zh", "zho", "chi", "cmn") and not rest & _TRADITIONAL:
        return "zh_CN"
    return None


def _default() -> str:
    for variable in ("TOKENLAB_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:  # LANGUAGE, as gettext reads it, may list several: "zh_CN:en"
            return next(filter(None, map(_normalize, value.split(":"))), "en")
    return "en"


def offered() -> str:
    """The languages tokenlab speaks, as a message lists them: ``en (English), zh_CN (简体中文)``."""
    return ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())


def set_language(code: str) -> str:
    """Use this language for everything shown from now on: ``"en"`` or ``"zh_CN"``.

    Accepts every usual spelling: ``"zh"``, ``"zh-CN"``, ``"zh-Hans-CN"`` (what a browser sends),
    ``"zh_CN.UTF-8"`` (a system locale), ``"en-US"``, ``"en_GB"``. Returns the code in use.
    """
    if not isinstance(code, str):
        raise TypeError(
            _("a language is a string such as 'en' or 'zh_CN', not {name}").format(name=type(code).__name__)
        )
    normalized = _normalize(code)
    if normalized is None:
        from ._checks import brief

        raise ValueError(
            _(
                "tokenlab speaks {value}, in any usual spelling (zh, zh-Hans-CN, zh_CN.UTF-8, en-US); not {brief}"
            ).format(value=offered(), brief=brief(code))
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
