"""Words said later: a message id and its values, translated only when shown.

Results, hints and reveals keep codes and numbers; what they say is looked up in the language in
use each time they are displayed (``set_language`` after a check changes what it shows). Message
ids are marked with ``N_()`` where they are written, so the catalog extractor finds them.

>>> from tokenlab._i18n import N_, speaking
>>> said = Say(N_("{n:,} bytes"), n=1234)
>>> str(said)
'1,234 bytes'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._checks import brief
from .._i18n import _, units

__all__ = ["Say", "Later", "quoted", "counted"]


class Later:
    """A value worked out when shown (a count with its plural, a translated name)."""

    def __init__(self, make: Callable[[], str]) -> None:
        self.make = make

    def __str__(self) -> str:
        return self.make()

    def __format__(self, spec: str) -> str:
        return format(self.make(), spec)


class Say:
    """``_(message).format(**values)``, done when shown. Values may be ``Say`` or ``Later`` too."""

    def __init__(self, message: str, **values: Any) -> None:
        self.message = message
        self.values = values

    def __str__(self) -> str:
        values = {k: str(v) if isinstance(v, (Say, Later)) else v for k, v in self.values.items()}
        try:
            return _(self.message).format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
            return self.message.format(**values)

    def __repr__(self) -> str:
        return f"Say({self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Say) and (self.message, self.values) == (other.message, other.values)

    __hash__ = None  # type: ignore[assignment]


def quoted(value: object, *, limit: int = 40) -> str:
    """A student's value as a message quotes it: its repr, short and on one line.

    >>> quoted(" pandemic")
    "' pandemic'"
    >>> len(quoted("x" * 10_000)) < 70
    True
    """
    if isinstance(value, str) and len(value) <= limit and value.isprintable():
        return repr(value)
    return brief(value)


def counted(n: int, unit: str) -> Later:
    """``n`` with its unit in the right plural, in the language in use when shown: ``1 token``."""
    return Later(lambda: units(n, unit))
