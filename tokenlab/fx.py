"""Exchange rates between US dollars and yuan, each with its date and source.

A vendor's price is used in the currency the vendor publishes it in; only where it publishes none
in the currency asked is an amount converted, at a dated USD/CNY rate from a primary source (the
central parity that the China Foreign Exchange Trade System announces for the People's Bank of
China). tokenlab ships such a rate in ``data/prices/usd_cny.json`` when one could be read from the
source; without one, ``shipped_rate()`` is None and a conversion needs a ``Rate`` you give it.

>>> rate = Rate(Decimal("7.1"), date="2026-11-30", source="CFETS central parity (example)")
>>> converter("USD", "CNY", rate)(Decimal("2"))
Decimal('14.2')
"""

from __future__ import annotations

import decimal
import json
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from ._checks import brief
from ._i18n import _

__all__ = ["Rate", "shipped_rate", "rate_for", "converter", "check_currency", "NoRateError"]

_MONEY = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])


class NoRateError(ValueError):
    """A conversion was needed and no dated exchange rate is at hand."""


class Rate(NamedTuple):
    """How many yuan one US dollar was worth on ``date``, by ``source`` (with its ``url``)."""

    usd_cny: Decimal
    date: str
    source: str
    url: str = ""

    def describe(self) -> str:
        """One line for a student: the rate, its date and source."""
        return _("converted at 1 USD = {rate} CNY ({source}, {date})").format(
            rate=self.usd_cny, source=self.source, date=self.date
        )


def check_currency(currency: object) -> str:
    """``"USD"`` or ``"CNY"`` (any case, or ``"RMB"``); else a one-line error."""
    if not isinstance(currency, str):
        raise TypeError(
            _("a currency is a string such as 'CNY' or 'USD', not {name}").format(name=type(currency).__name__)
        )
    code = currency.strip().upper()
    code = {"RMB": "CNY"}.get(code, code)
    if code not in ("USD", "CNY"):
        raise ValueError(_("unknown currency {brief}: tokenlab prices in 'USD' or 'CNY'").format(brief=brief(currency)))
    return code


_shipped: list[Rate | None] = []


def shipped_rate() -> Rate | None:
    """The USD/CNY rate tokenlab ships, or None if it ships none (see ``data/prices/NOTICE``)."""
    if not _shipped:
        from ._shipped import listed, verified

        if not listed("prices", "usd_cny.json"):
            _shipped.append(None)
        else:
            data = json.loads(verified("prices", "usd_cny.json"), parse_float=Decimal)
            _shipped.append(Rate(Decimal(str(data["usd_cny"])), data["date"], data["source"], data.get("url", "")))
    return _shipped[0]


def rate_for(rate: Rate | None) -> Rate:
    """``rate`` if given (checked), else the shipped rate; NoRateError when there is neither."""
    if rate is None:
        shipped = shipped_rate()
        if shipped is None:
            raise NoRateError(
                _(
                    "this needs a USD/CNY exchange rate and tokenlab ships none that it could date from a primary "
                    "source: pass fx=tokenlab.fx.Rate(Decimal('…'), date='YYYY-MM-DD', source='…')"
                )
            )
        return shipped
    if not isinstance(rate, Rate):
        raise TypeError(_("fx is a tokenlab.fx.Rate, not {name}").format(name=type(rate).__name__))
    if not isinstance(rate.usd_cny, Decimal) or not rate.usd_cny.is_finite() or rate.usd_cny <= 0:
        raise ValueError(_("an exchange rate is a positive Decimal, not {brief}").format(brief=brief(rate.usd_cny)))
    return rate


def converter(from_currency: str, to_currency: str, rate: Rate) -> Callable[[Decimal], Decimal]:
    """A function that converts exact amounts from one currency to the other at ``rate``."""
    from .cost import plain

    def convert(amount: Decimal) -> Decimal:
        with decimal.localcontext(_MONEY):
            value = amount * rate.usd_cny if (from_currency, to_currency) == ("USD", "CNY") else amount / rate.usd_cny
            return plain(value)

    return convert
