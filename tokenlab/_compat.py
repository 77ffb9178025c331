"""Old spellings that still work for a while, with a DeprecationWarning that says the new one.

Private to tokenlab. Every public function takes its first argument positionally and the rest by
keyword (as tiktoken does); ``second_positional`` keeps the older ``f(x, value)`` working.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from ._i18n import _

__all__ = ["second_positional", "renamed", "deprecated"]

F = TypeVar("F", bound=Callable[..., Any])


def deprecated(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated in favour of ``new``."""
    warnings.warn(
        _("{old} is deprecated: use {new}").format(old=old, new=new), DeprecationWarning, stacklevel=stacklevel
    )


def second_positional(name: str) -> Callable[[F], F]:
    """Let ``f(first, value)`` still mean ``f(first, name=value)``, with a DeprecationWarning."""

    def wrap(function: F) -> F:
        @functools.wraps(function)
        def call(*args: Any, **options: Any) -> Any:
            first, rest = args[:1], args[1:]
            if rest:
                if len(rest) > 1 or name in options:
                    raise TypeError(
                        _("{name}() takes one positional argument; give {name2}= by keyword").format(
                            name=function.__name__, name2=name
                        )
                    )
                deprecated(f"{function.__name__}(x, {rest[0]!r})", f"{function.__name__}(x, {name}={rest[0]!r})")
                options[name] = rest[0]
            return function(*first, **options)

        return call  # type: ignore[return-value]

    return wrap


def renamed(options: dict[str, Any], old: str, new: str, where: str) -> None:
    """Move a keyword argument from its old name to its new one in ``options``, with a warning."""
    if old in options:
        if new in options:
            raise TypeError(
                _("{where}: give {new}= only ({old}= is its old name)").format(where=where, new=new, old=old)
            )
        deprecated(f"{where}({old}=...)", f"{where}({new}=...)", stacklevel=4)
        options[new] = options.pop(old)
