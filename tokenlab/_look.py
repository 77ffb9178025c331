"""How a value or a header of a table reads on screen, in the language in use (no pandas here).

A ``Look`` says, in message ids, what a table's headers are, how its missing values read and which
columns hold money; ``_table.Table`` applies it when the table is shown. Kept apart so that a module
can describe its table without importing pandas.

>>> look = Look(columns={"n": N_("tokens")}, money={"usd": "USD"})
>>> look.header("n"), look.cell("n", 1234567, None), look.cell("usd", Decimal("0.5"), 4), look.cell("n", None, None)
('tokens', '1,234,567', '$0.5000', '—')
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._i18n import N_, _

__all__ = ["Look", "DASH", "is_missing", "money_places"]

DASH = "—"
_MAX_DECIMALS = 10  # money is shown to at most this many decimals (a millionth of a cent and more)
_SYMBOLS = {"USD": "$", "CNY": "¥", "EUR": "€"}


@dataclasses.dataclass(frozen=True)
class Look:
    """How a table is shown; every word is a message id, translated when shown.

    ``columns``: column code -> header. ``patterns``: regular expression -> header template, for
    columns named after something (``r"(?P<enc>.+) premium"`` -> ``"{enc} premium"``). ``index``:
    the header of the row labels. ``missing``: column -> what a missing value reads as (default
    ``—``). ``values``: column -> {code: word}. ``money``: column -> currency code (``"USD"``,
    ``"CNY"``; ``""`` for a bare amount). ``decimals``: column -> places for its floats (default 2).
    ``caption``: a line above the table, formatted with ``caption_args``.
    """

    columns: Mapping[str, str] = dataclasses.field(default_factory=dict)
    patterns: Mapping[str, str] = dataclasses.field(default_factory=dict)
    index: str = ""
    missing: Mapping[str, str] = dataclasses.field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = dataclasses.field(default_factory=dict)
    money: Mapping[str, str] = dataclasses.field(default_factory=dict)
    decimals: Mapping[str, int] = dataclasses.field(default_factory=dict)
    caption: str = ""
    caption_args: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def header(self, column: object) -> str:
        """A column's header in the language in use (its code when the look has no word for it)."""
        code = str(column)
        if code in self.columns:
            return _(self.columns[code])
        for pattern, template in self.patterns.items():
            if m := re.fullmatch(pattern, code):
                return _(template).format(*m.groups(), **m.groupdict())
        return code

    def cell(self, column: str, value: object, places: int | None, currency: str | None = None) -> str:
        """One value as a student reads it (``currency``: a money column's currency in this row)."""
        if isinstance(value, (tuple, list)):
            return _(", ").join(self.cell(column, v, places, currency) for v in value) if value else DASH
        if is_missing(value):
            return _(self.missing[column]) if column in self.missing else DASH
        words = self.values.get(column)
        if words is not None and isinstance(value, str) and value in words:
            return _(words[value])
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if column in self.money and isinstance(value, (Decimal, int, float)):
            return _amount(Decimal(value), places or 0, currency if currency is not None else self.money[column])
        if isinstance(value, int):
            return f"{value:,}"
        if isinstance(value, float):
            return f"{value:,.{self.decimals.get(column, 2)}f}"
        if isinstance(value, Decimal):
            return f"{value:,f}"
        return str(value)


def is_missing(value: object) -> bool:
    """Whether a table's value is missing: None, NaN, or pandas' NA or NaT."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    return False


def money_places(values: list[object]) -> int:
    """The decimals that show every amount of a column exactly (at most ``_MAX_DECIMALS``, at
    least 2): the same for all, so that the decimal points line up."""
    places = 2
    for value in values:
        if is_missing(value) or isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
            continue
        exponent = Decimal(value).normalize().as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, min(-exponent, _MAX_DECIMALS))
    return places


def _amount(value: Decimal, places: int, currency: str) -> str:
    sign, value = ("-" if value < 0 else ""), abs(value)
    text = f"{value.quantize(Decimal(1).scaleb(-places)) if places else value:,f}"
    return f"{sign}{_SYMBOLS.get(currency, '')}{text}"


# Words every table may use (kept here so the catalog extractor finds them).
_WORDS = (N_("yes"), N_("no"), N_(", "))
