"""Checks of the numbers users pass in, with one-line errors that say what is expected.

Private to tokenlab: every module that takes a count of tokens, requests or seconds uses these,
so that ``1.5``, ``True``, ``-3``, ``nan`` or ``10**40`` get a clear error, never a traceback from
deep inside a dependency.

>>> whole(3, "merges")
3
>>> whole(1.5, "merges")
Traceback (most recent call last):
...
TypeError: merges is a whole number, not float (1.5)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ._i18n import _

__all__ = ["whole", "positive", "field", "brief", "MAX_TOKENS"]

MAX_TOKENS = 10**15  # far beyond any request: a larger count is a mistake, not a bill


def brief(value: object) -> str:
    """``value`` as an error message may show it: its repr, on one line and short, whatever it is
    (a megabyte of text, a dict nested 5,000 deep, an object whose repr fails).

    >>> brief("x" * 1000)[:20], brief({"a": {"b": {"c": {"d": 1}}}})
    ("'xxxxxxxxxxxxxxxxxxx", "{'a': {'b': {'c': {...}}}}")
    """
    import reprlib

    shorter = reprlib.Repr()
    shorter.maxlevel, shorter.maxstring, shorter.maxother, shorter.maxlong = 3, 60, 60, 40
    try:
        return shorter.repr(value)
    except Exception:
        return f"<{type(value).__name__}>"


def whole(value: object, name: str, *, low: int = 0, high: int = MAX_TOKENS) -> int:
    """``value`` if it is a whole number from ``low`` to ``high``; else a TypeError or ValueError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            _("{name} is a whole number, not {name2} ({brief})").format(
                name=name, name2=type(value).__name__, brief=brief(value)
            )
        )
    if not low <= value <= high:
        shown = f"{value:,}" if abs(value) < 10**30 else brief(value)
        raise ValueError(
            _("{name} must be from {low:,} to {high:,}, not {shown}").format(name=name, low=low, high=high, shown=shown)
        )
    return value


def positive(value: object, name: str, *, high: float = 1e12) -> float:
    """``value`` if it is a finite number above 0 (and at most ``high``); else a clear error."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            _("{name} is a number, not {name2} ({brief})").format(
                name=name, name2=type(value).__name__, brief=brief(value)
            )
        )
    if not math.isfinite(value) or not 0 < value <= high:
        raise ValueError(
            _("{name} must be a finite number above 0 (and at most {high:g}), not {brief}").format(
                name=name, high=high, brief=brief(value)
            )
        )
    return float(value)


def field(source: Any, *names: str) -> Any:
    """The first of ``names`` that ``source`` has and is not None: a key of a dict, or an attribute
    of an object (API responses come as both)."""
    for name in names:
        value = source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)
        if value is not None:
            return value
    return None
