"""The cost of a request in US dollars, exact to the last digit of the prices it came from.

``pricing.estimate`` makes a ``Cost``; this module only holds and shows it.

>>> from decimal import Decimal
>>> usd(Decimal("0.1") + Decimal("0.2"))
'$0.30'
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import NamedTuple

__all__ = ["Cost", "usd"]

WORDS = {
    "as_of": "prices as of {date} ({source})",
    "input": "input",
    "output": "output",
    "total": "total",
}


class Cost(NamedTuple):
    """The cost of one request (or of many, after ``* n``), in US dollars, exactly."""

    model: str
    input_tokens: int
    cached_input_tokens: int
    output_tokens: int
    input_usd: Decimal
    output_usd: Decimal
    date: str
    source: str
    note: str = ""

    @property
    def total_usd(self) -> Decimal:
        return _plain(self.input_usd + self.output_usd)

    def __mul__(self, times: int) -> Cost:  # type: ignore[override]
        """The cost of ``times`` such requests (e.g. a month of them)."""
        return self._replace(
            input_tokens=self.input_tokens * times, cached_input_tokens=self.cached_input_tokens * times,
            output_tokens=self.output_tokens * times, input_usd=_plain(self.input_usd * times),
            output_usd=_plain(self.output_usd * times),
        )  # fmt: skip

    def per_month(self, requests_per_day: int, days: int = 30) -> Cost:
        """The cost of sending this request ``requests_per_day`` times a day for ``days`` days."""
        return self * (requests_per_day * days)

    def __str__(self) -> str:
        return usd(self.total_usd)

    def __repr__(self) -> str:
        return (
            f"Cost({self.model}: {usd(self.total_usd)} = {self.input_tokens:,} input tokens {usd(self.input_usd)}"
            f" + {self.output_tokens:,} output tokens {usd(self.output_usd)}; "
            + WORDS["as_of"].format(date=self.date, source=self.source) + ")"
        )

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        rows = [(WORDS["input"], self.input_tokens, self.input_usd), (WORDS["output"], self.output_tokens, self.output_usd)]
        cells = "".join(
            f'<tr><td style="padding:2px 8px">{escape(label)}</td><td style="padding:2px 8px;text-align:right">{n:,} tokens</td>'
            f'<td style="padding:2px 8px;text-align:right">{usd(amount)}</td></tr>'
            for label, n, amount in rows
        )
        total = f'<tr style="font-weight:bold;border-top:2px solid #888"><td style="padding:2px 8px">{WORDS["total"]}</td><td></td><td style="padding:2px 8px;text-align:right">{usd(self.total_usd)}</td></tr>'
        as_of = escape(WORDS["as_of"].format(date=self.date, source=self.source) + (f"; {self.note}" if self.note else ""))
        html = (
            f'<div class="tokenlab-cost"><div><b>{escape(self.model)}</b></div><table style="border-collapse:collapse">{cells}{total}</table>'
            f'<div style="font-size:.85em;opacity:.8">{as_of}</div></div>'
        )
        return {"text/html": html, "text/plain": repr(self)}


def usd(amount: Decimal) -> str:
    """Dollars exactly, at least to the cent: ``usd(Decimal("12.5")) == "$12.50"``."""
    text = format(amount, "f")
    whole, _, cents = text.partition(".")
    cents = cents.rstrip("0").ljust(2, "0")
    return f"${int(whole):,}.{cents}" if not whole.startswith("-") else f"-${-int(whole):,}.{cents}"


def _plain(value: Decimal) -> Decimal:
    """The same amount written plainly: Decimal('2.5'), not Decimal('2.5000000') or Decimal('1E+1')."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value
