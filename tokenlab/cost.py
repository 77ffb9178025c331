"""The cost of a request in US dollars: exact in the object, readable on the screen.

``pricing.estimate`` makes a ``Cost``; this module only holds and shows it. Amounts are
``Decimal``s carried exactly from the price table's digits; ``usd`` shows them readably (three
significant digits, never fewer than cents) and ``usd(..., exact=True)`` to the last digit.

>>> from decimal import Decimal
>>> usd(Decimal("0.1") + Decimal("0.2")), usd(Decimal("0.0058025")), usd(Decimal("0.0058025"), exact=True)
('$0.30', '$0.0058', '$0.0058025')
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, NamedTuple

from . import _html
from ._checks import brief
from ._i18n import _, units

__all__ = ["Cost", "Note", "usd"]


class Note(NamedTuple):
    """Something to know about a price: a code and its value (words are looked up when shown).

    Codes: ``"tier"`` (billed at the long-context price, value: the threshold in thousands of
    tokens), ``"batch"`` (Batch API prices), ``"batch_cached"`` (no cached batch price: cached tokens
    at the batch input price), ``"cache_min"`` (value: tokens that could not be cached, since only
    prompts of 1,024 tokens or more are cached, in steps of 128).
    """

    code: str
    value: int | None = None

    def text(self) -> str:
        """The note in the language in use."""
        if self.code == "tier":
            return _("billed at the long-context price (prompt over {k:,}K tokens)").format(k=self.value)
        if self.code == "batch":
            return _("Batch API prices")
        if self.code == "batch_cached":
            return _("cached tokens at the batch input price (the table has no cached batch price)")
        if self.code == "cache_min":
            return _(
                "{n:,} of the cached tokens you gave cannot be cached: only prompts of 1,024 tokens or more are "
                "cached, in steps of 128 tokens; they are billed at the full input price"
            ).format(n=self.value)
        return self.code


@dataclasses.dataclass(frozen=True)
class Cost:
    """The cost of one request (or of ``n`` alike, after ``n * cost``), in US dollars, exactly.

    ``input_usd`` includes the cached input; ``output_usd`` includes the reasoning tokens, which
    reasoning models write before the answer and bill as output.
    """

    model: str
    input_tokens: int
    cached_input_tokens: int
    output_tokens: int
    input_usd: Decimal
    output_usd: Decimal
    date: str
    source: str
    notes: tuple[Note, ...] = ()
    reasoning_tokens: int = 0
    cached_input_usd: Decimal = Decimal(0)
    reasoning_usd: Decimal = Decimal(0)

    @property
    def total_usd(self) -> Decimal:
        return plain(self.input_usd + self.output_usd)

    def __mul__(self, times: int) -> Cost:
        """The cost of ``times`` such requests (e.g. a month of them)."""
        if isinstance(times, bool) or not isinstance(times, int):
            return NotImplemented
        if not 0 <= times <= 10**12:
            raise ValueError(
                _("a cost can be multiplied by 0 to 10¹² (requests), not {brief}").format(brief=brief(times))
            )
        return dataclasses.replace(
            self,
            input_tokens=self.input_tokens * times,
            cached_input_tokens=self.cached_input_tokens * times,
            output_tokens=self.output_tokens * times,
            reasoning_tokens=self.reasoning_tokens * times,
            input_usd=plain(self.input_usd * times),
            output_usd=plain(self.output_usd * times),
            cached_input_usd=plain(self.cached_input_usd * times),
            reasoning_usd=plain(self.reasoning_usd * times),
        )

    __rmul__ = __mul__

    def per_month(self, requests_per_day: int, days: int = 30) -> Cost:
        """The cost of sending this request ``requests_per_day`` times a day for ``days`` days."""
        return self * (requests_per_day * days)

    def lines(self) -> list[tuple[str, int, Decimal]]:
        """The bill, line by line: (label, tokens, dollars), in the language in use."""
        rows = [
            (_("input"), self.input_tokens - self.cached_input_tokens, plain(self.input_usd - self.cached_input_usd))
        ]
        if self.cached_input_tokens:
            rows.append((_("cached input"), self.cached_input_tokens, self.cached_input_usd))
        rows.append((_("output"), self.output_tokens, plain(self.output_usd - self.reasoning_usd)))
        if self.reasoning_tokens:
            rows.append((_("reasoning (billed as output)"), self.reasoning_tokens, self.reasoning_usd))
        return rows

    def __str__(self) -> str:
        return usd(self.total_usd)

    def __repr__(self) -> str:
        parts = " + ".join(f"{label} {units(n, 'token')} {usd(amount)}" for label, n, amount in self.lines())
        return f"Cost({self.model}: {usd(self.total_usd)} = {parts}; {self._as_of()})"

    def _as_of(self) -> str:
        text = _("prices as of {date} ({source})").format(date=self.date, source=self.source)
        return "; ".join([text, *(note.text() for note in self.notes)])

    def to_html(self) -> str:
        """The bill as a small table, with the prices' date and source."""
        rows = [(label, units(n, "token"), usd(amount)) for label, n, amount in self.lines()]
        total = (_("total"), "", usd(self.total_usd))
        inner = f"<div><b>{_html.esc(self.model)}</b></div>" + _html.table(rows, align="lrr", total=total)
        if self.total_usd and self.total_usd < Decimal("0.01"):
            inner += _html.note(_("{n:,} such requests: {amount}").format(n=1000, amount=usd(self.total_usd * 1000)))
        return _html.block("cost", inner + _html.note(self._as_of()))

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}


def usd(amount: Decimal | int, *, exact: bool = False) -> str:
    """Dollars as a student reads them: to the cent, or to three significant digits when that
    shows more (``$0.0058``); ``exact=True`` shows every digit (``$0.0058025``).

    >>> usd(Decimal("1234.5")), usd(Decimal("0.00000105")), usd(Decimal("-0.5")), usd(0)
    ('$1,234.50', '$0.00000105', '-$0.50', '$0.00')
    """
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int, float)):
        raise TypeError(_("an amount of dollars is a number (Decimal), not {name}").format(name=type(amount).__name__))
    amount = Decimal(amount)
    if not amount.is_finite():
        return f"${amount}"
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    if not exact:
        digits = max(2, 3 - amount.adjusted() - 1)  # three significant digits, at least cents
        with localcontext() as context:  # enough digits for any amount: quantize never fails
            context.prec = max(28, amount.adjusted() + digits + 2)
            amount = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    whole, _point, fraction = format(amount, "f").partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return f"{sign}${int(whole):,}.{fraction}"


def plain(value: Decimal) -> Decimal:
    """The same amount written plainly: Decimal('2.5'), not Decimal('2.5000000') or Decimal('1E+1')."""
    value = value.normalize()
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else value
