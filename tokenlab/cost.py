"""The cost of a request, in the currency it is billed in: exact in the object, readable on the screen.

``pricing.estimate`` makes a ``Cost``; this module only holds and shows it. Amounts are
``Decimal``s carried exactly from the price table's digits; ``money`` shows them readably (three
significant digits, never fewer than cents or fen) and ``money(..., exact=True)`` to the last digit.
A cost knows its currency (``"USD"`` or ``"CNY"``), the rules that picked its prices (``notes``:
peak or off-peak, a tier, cached tokens, thinking, a conversion), and where and when each price was
read (``source``, ``date``, ``read``); a converted cost also carries its exchange rate (``fx``).

>>> from decimal import Decimal
>>> usd(Decimal("0.1") + Decimal("0.2")), usd(Decimal("0.0058025")), usd(Decimal("0.0058025"), exact=True)
('$0.30', '$0.0058', '$0.0058025')
>>> money(Decimal("1.5"), "CNY")
'¥1.50'
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, NamedTuple

from . import _html
from ._checks import brief
from ._i18n import _, units

__all__ = ["Cost", "Note", "usd", "money", "CURRENCIES"]

CURRENCIES = {"USD": "$", "CNY": "¥"}


class Note(NamedTuple):
    """Something to know about a price: a code and its value (words are looked up when shown).

    Codes: ``"tier"`` (billed at a tier's price: value, the tier's lower bound in thousands of tokens
    for OpenAI's long-context tiers, or its upper bound in K = 1,024 tokens for a vendor's tiers, see
    ``"tier_up_to"``), ``"batch"``, ``"batch_cached"``, ``"cache_min"`` (value: tokens that could not be
    cached), ``"peak"`` / ``"off_peak"`` (the hour's price), ``"peak_assumed"`` (no time given: the peak
    price), ``"holiday"`` (off-peak all day: a public holiday in China), ``"holidays_unknown"`` (value:
    the year whose holidays tokenlab does not ship), ``"thinking"`` / ``"non_thinking"`` (the mode's
    output price), ``"converted"`` (from the vendor's own currency at the cost's ``fx`` rate),
    ``"legacy"`` (value: the model a legacy name is served and billed as).
    """

    code: str
    value: int | str | None = None

    def text(self) -> str:
        """The note in the language in use."""
        v = self.value
        texts = {
            "tier": lambda: _("billed at the long-context price (prompt over {k:,}K tokens)").format(k=v),
            "tier_up_to": lambda: _("billed at the price of prompts up to {k:,}K tokens").format(k=v),
            "tier_first": lambda: _("billed at the price of the shortest prompts (up to {k:,}K tokens)").format(k=v),
            "batch": lambda: _("Batch API prices"),
            "batch_cached": lambda: _("cached tokens at the batch input price (the table has no cached batch price)"),
            "cache_min": lambda: _(
                "{n:,} of the cached tokens you gave cannot be cached: only prompts of 1,024 tokens or more are "
                "cached, in steps of 128 tokens; they are billed at the full input price"
            ).format(n=v),
            "cache_min_implicit": lambda: _(
                "{n:,} of the cached tokens you gave cannot be cached: the cache holds only prompts of 256 tokens "
                "or more; they are billed at the full input price"
            ).format(n=v),
            "peak": lambda: _("peak-hour price (Beijing time, weekdays 9:00-12:00 and 14:00-18:00)"),
            "off_peak": lambda: _("off-peak price (half the peak price)"),
            "peak_assumed": lambda: _("no time given (at=): the peak price; off-peak is half"),
            "holiday": lambda: _("a public holiday in China: off-peak all day"),
            "holidays_unknown": lambda: _(
                "tokenlab has no list of China's public holidays for {year}: priced as if the day were none"
            ).format(year=v),
            "thinking": lambda: _("thinking mode: the output price of thinking"),
            "non_thinking": lambda: _("non-thinking mode (pass thinking=True for the thinking price)"),
            "converted": lambda: _("converted from the vendor's own currency at a dated exchange rate"),
            "legacy": lambda: _("an older name the vendor still accepts: served and billed as {model}").format(model=v),
        }
        return texts[self.code]() if self.code in texts else self.code


@dataclasses.dataclass(frozen=True)
class Cost:
    """The cost of one request (or of ``n`` alike, after ``n * cost``), exactly, in ``currency``.

    ``input_cost`` includes the cached input; ``output_cost`` includes the reasoning tokens, which
    reasoning models write before the answer and bill as output. ``input_usd``, ``output_usd`` and
    ``total_usd`` are the same amounts, for a cost in US dollars (for another currency they raise
    ValueError: see ``to``).
    """

    model: str
    input_tokens: int
    cached_input_tokens: int
    output_tokens: int
    input_cost: Decimal
    output_cost: Decimal
    date: str
    source: str
    notes: tuple[Note, ...] = ()
    reasoning_tokens: int = 0
    cached_input_cost: Decimal = Decimal(0)
    reasoning_cost: Decimal = Decimal(0)
    currency: str = "USD"
    read: str = ""
    fx: Any = None  # the fx.Rate a converted cost was converted at

    @property
    def total(self) -> Decimal:
        return plain(self.input_cost + self.output_cost)

    def _in_usd(self, amount: Decimal) -> Decimal:
        if self.currency != "USD":
            raise ValueError(
                _("this cost is in {currency}, not US dollars: use .total, or .to('USD', rate) to convert").format(
                    currency=self.currency
                )
            )
        return amount

    @property
    def input_usd(self) -> Decimal:
        return self._in_usd(self.input_cost)

    @property
    def output_usd(self) -> Decimal:
        return self._in_usd(self.output_cost)

    @property
    def cached_input_usd(self) -> Decimal:
        return self._in_usd(self.cached_input_cost)

    @property
    def reasoning_usd(self) -> Decimal:
        return self._in_usd(self.reasoning_cost)

    @property
    def total_usd(self) -> Decimal:
        return self._in_usd(self.total)

    def to(self, currency: str, rate: Any = None) -> Cost:
        """The same cost in ``currency``, converted at ``rate`` (an ``fx.Rate``; by default the one
        tokenlab ships, if any). A cost already in ``currency`` is returned as it is."""
        from . import fx

        currency = fx.check_currency(currency)
        if currency == self.currency:
            return self
        rate = fx.rate_for(rate)
        convert = fx.converter(self.currency, currency, rate)
        return dataclasses.replace(
            self,
            input_cost=convert(self.input_cost),
            output_cost=convert(self.output_cost),
            cached_input_cost=convert(self.cached_input_cost),
            reasoning_cost=convert(self.reasoning_cost),
            currency=currency,
            notes=(*self.notes, Note("converted")),
            fx=rate,
        )

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
            input_cost=plain(self.input_cost * times),
            output_cost=plain(self.output_cost * times),
            cached_input_cost=plain(self.cached_input_cost * times),
            reasoning_cost=plain(self.reasoning_cost * times),
        )

    __rmul__ = __mul__

    def per_month(self, requests_per_day: int, days: int = 30) -> Cost:
        """The cost of sending this request ``requests_per_day`` times a day for ``days`` days."""
        return self * (requests_per_day * days)

    def lines(self) -> list[tuple[str, int, Decimal]]:
        """The bill, line by line: (label, tokens, amount), in the language in use."""
        rows = [
            (_("input"), self.input_tokens - self.cached_input_tokens, plain(self.input_cost - self.cached_input_cost))
        ]
        if self.cached_input_tokens:
            rows.append((_("cached input"), self.cached_input_tokens, self.cached_input_cost))
        rows.append((_("output"), self.output_tokens, plain(self.output_cost - self.reasoning_cost)))
        if self.reasoning_tokens:
            rows.append((_("reasoning (billed as output)"), self.reasoning_tokens, self.reasoning_cost))
        return rows

    def _show(self, amount: Decimal) -> str:
        return money(amount, self.currency)

    def __str__(self) -> str:
        return self._show(self.total)

    def __repr__(self) -> str:
        parts = " + ".join(f"{label} {units(n, 'token')} {self._show(amount)}" for label, n, amount in self.lines())
        return f"Cost({self.model}: {self._show(self.total)} = {parts}; {self._as_of()})"

    def _as_of(self) -> str:
        if not self.date:
            text = _("prices read {read} ({source}; the page shows no date)").format(read=self.read, source=self.source)
        elif self.read and self.read != self.date:
            text = _("prices as of {date} ({source}), read {read}").format(
                date=self.date, source=self.source, read=self.read
            )
        else:
            text = _("prices as of {date} ({source})").format(date=self.date, source=self.source)
        parts = [text, *(note.text() for note in self.notes)]
        if self.fx is not None:
            parts.append(self.fx.describe())
        return _("; ").join(parts)

    def to_html(self) -> str:
        """The bill as a small table, with the prices' date and source."""
        rows = [(label, units(n, "token"), self._show(amount)) for label, n, amount in self.lines()]
        total = (_("total"), "", self._show(self.total))
        inner = f"<div><b>{_html.esc(self.model)}</b></div>" + _html.table(rows, align="lrr", total=total)
        if self.total and self.total < Decimal("0.01"):
            inner += _html.note(_("{n:,} such requests: {amount}").format(n=1000, amount=self._show(self.total * 1000)))
        return _html.block("cost", inner + _html.note(self._as_of()))

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}


def money(amount: Decimal | int, currency: str = "USD", *, exact: bool = False) -> str:
    """An amount as a student reads it, with its currency's sign: to the cent (or fen), or to three
    significant digits when that shows more; ``exact=True`` shows every digit.

    >>> money(Decimal("0.00012"), "CNY"), money(Decimal("12.5"), "USD")
    ('¥0.00012', '$12.50')
    """
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int, float)):
        raise TypeError(_("an amount of money is a number (Decimal), not {name}").format(name=type(amount).__name__))
    sign_of = CURRENCIES.get(currency, currency + " ")
    amount = Decimal(amount)
    if not amount.is_finite():
        return f"{sign_of}{amount}"
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    if not exact:
        digits = max(2, 3 - amount.adjusted() - 1)  # three significant digits, at least cents
        with localcontext() as context:  # enough digits for any amount: quantize never fails
            context.prec = max(28, amount.adjusted() + digits + 2)
            amount = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    whole, _point, fraction = format(amount, "f").partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return f"{sign}{sign_of}{int(whole):,}.{fraction}"


def usd(amount: Decimal | int, *, exact: bool = False) -> str:
    """Dollars as a student reads them: to the cent, or to three significant digits when that
    shows more (``$0.0058``); ``exact=True`` shows every digit (``$0.0058025``).

    >>> usd(Decimal("1234.5")), usd(Decimal("0.00000105")), usd(Decimal("-0.5")), usd(0)
    ('$1,234.50', '$0.00000105', '-$0.50', '$0.00')
    """
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int, float)):
        raise TypeError(_("an amount of dollars is a number (Decimal), not {name}").format(name=type(amount).__name__))
    return money(amount, "USD", exact=exact)


def plain(value: Decimal) -> Decimal:
    """The same amount written plainly: Decimal('2.5'), not Decimal('2.5000000') or Decimal('1E+1')."""
    value = value.normalize()
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else value
