"""Reading a student's answer: a text, a whole number, an amount, yes or no.

Each reader returns the value in one plain type or raises ``Unreadable`` with a one-line message
that says what was expected (a text in quotes, a number without quotes). Nothing here compares
with a right answer: the checks do that by computing.

>>> count_of(12.0, "added")
12
>>> count_of("12", "added")
Traceback (most recent call last):
...
tokenlab.exercises._answers.Unreadable: added is a number: write it without quotes, not '12'
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from typing import Any

from .._i18n import N_
from ._say import Say, quoted

__all__ = ["Unreadable", "text_of", "count_of", "amount_of", "yes_no", "close", "MISSING"]

MISSING = Ellipsis  # the starter code's "..." (a part the student has not filled in)
MAX_COUNT = 10**15  # far beyond any request: a larger count is a mistake (as in tokenlab._checks)
MAX_DOLLARS = Decimal(10**12)


class Unreadable(ValueError):  # noqa: N818 (what happened to the answer)
    """An answer of the wrong kind; ``said`` is the message, translated when shown."""

    def __init__(self, said: Say) -> None:
        super().__init__(str(said))
        self.said = said


def text_of(value: object, name: str) -> str:
    if isinstance(value, str):
        return value
    raise Unreadable(
        Say(
            N_("{name} is a text in quotes, such as {example}; not {value}"),
            name=name,
            example="' word'",
            value=quoted(value),
        )
    )


def count_of(value: object, name: str) -> int:
    """A whole number: an int, or a float or Decimal with nothing after the point, or a count
    object of tokenlab's (``int(chat)`` works on them)."""
    if isinstance(value, str):
        raise Unreadable(
            Say(N_("{name} is a number: write it without quotes, not {value}"), name=name, value=quoted(value))
        )
    if isinstance(value, bool) or value is None:
        raise Unreadable(Say(N_("{name} is a whole number, not {value}"), name=name, value=quoted(value)))
    if isinstance(value, numbers.Integral):
        if abs(int(value)) > MAX_COUNT:
            raise Unreadable(Say(N_("{name} is far too large to be a count of tokens"), name=name))
        return int(value)
    if isinstance(value, (float, Decimal, numbers.Real)):
        try:
            number = Decimal(str(value)) if not isinstance(value, Decimal) else value
            if number.is_finite() and number == number.to_integral_value():
                return count_of(int(number), name)
        except (TypeError, ValueError, OverflowError, ArithmeticError):
            pass
        raise Unreadable(Say(N_("{name} is a whole number of tokens, not {value}"), name=name, value=quoted(value)))
    if type(value).__module__.startswith("tokenlab.") and hasattr(value, "__int__"):
        return int(value)
    raise Unreadable(Say(N_("{name} is a whole number, not {value}"), name=name, value=quoted(value)))


def amount_of(value: object, name: str) -> Decimal:
    """An amount of money in US dollars: a number, a Decimal, or a tokenlab ``Cost`` (its total)."""
    total = getattr(value, "total_usd", None)
    if isinstance(total, Decimal) and type(value).__module__.startswith("tokenlab."):
        return total
    if isinstance(value, str):
        raise Unreadable(
            Say(
                N_("{name} is a number of dollars: write it without quotes or $, not {value}"),
                name=name,
                value=quoted(value),
            )
        )
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        raise Unreadable(Say(N_("{name} is a number of dollars, not {value}"), name=name, value=quoted(value)))
    try:
        amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)  # type: ignore[arg-type]
    except (ValueError, TypeError, ArithmeticError):
        raise Unreadable(
            Say(N_("{name} is a number of dollars, not {value}"), name=name, value=quoted(value))
        ) from None
    if not amount.is_finite():
        raise Unreadable(Say(N_("{name} is a number of dollars, not {value}"), name=name, value=quoted(value)))
    if abs(amount) > MAX_DOLLARS:
        raise Unreadable(Say(N_("{name} is far too large to be what requests cost"), name=name))
    return amount


def number_of(value: object, name: str) -> float:
    """Any finite number (a ratio, a percentage)."""
    if isinstance(value, str):
        raise Unreadable(
            Say(N_("{name} is a number: write it without quotes, not {value}"), name=name, value=quoted(value))
        )
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        raise Unreadable(Say(N_("{name} is a number, not {value}"), name=name, value=quoted(value)))
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        number = math.inf
    if not math.isfinite(number):
        raise Unreadable(Say(N_("{name} is a finite number, not {value}"), name=name, value=quoted(value)))
    return number


def yes_no(value: object, name: str) -> bool:
    if isinstance(value, bool) or type(value).__name__ == "bool_":  # numpy's bool too
        return bool(value)
    raise Unreadable(Say(N_("{name} is True or False, not {value}"), name=name, value=quoted(value)))


def close(value: Any, truth: Any, *, rel: float = 0.0, absolute: float = 0.0) -> bool:
    """Whether ``value`` is within ``rel`` (a fraction of ``truth``) or ``absolute`` of ``truth``."""
    try:
        gap = abs(float(value) - float(truth))
    except (OverflowError, TypeError, ValueError):
        return False
    return gap <= max(rel * abs(float(truth)), absolute)
