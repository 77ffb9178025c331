"""What a request costs on DeepSeek or on Alibaba Cloud Model Studio (百炼), by the rules their pages state.

``bill(quote, input_tokens, ...)`` applies one model's quote (see ``quotes``): the row of its price
table for the hour (DeepSeek: peak or off-peak, Beijing time, China's public holidays off-peak), for
the prompt's length (百炼: every token at the tier the prompt falls in), the cache (DeepSeek: the
cache-hit price; 百炼: the implicit cache, 20 % of the input price, for prompts of 256 tokens or
more), and the mode (百炼: a thinking price where one is published). The amounts are exact, in the
currency the vendor publishes; only a currency it does not publish is converted, at a dated rate.
Counting the prompt is ``pricing.estimate``'s job: this module takes token counts.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from . import fx as _fx
from ._i18n import _
from .cost import Cost, Note, plain
from .quotes import Quote, rows

__all__ = ["bill", "pick_row"]

MILLION = Decimal(1_000_000)
_MONEY = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])


def pick_row(
    q: Quote, currency: str, input_tokens: int, at: datetime.datetime | datetime.date | None
) -> tuple[Mapping[str, Any], list[Note]]:
    """The row of ``q``'s prices that applies, and notes saying why."""
    from . import _peak_hours

    table, _page = rows(q, currency)
    notes: list[Note] = []
    if any("period" in row for row in table):
        rule = q.data["peak_hours"]
        if at is None:
            period = "peak"
            notes.append(Note("peak_assumed"))
        else:
            moment = _peak_hours.beijing(at)
            day_off = _peak_hours.holiday(moment.date())
            if day_off is None and moment.weekday() in rule["weekdays"]:
                notes.append(Note("holidays_unknown", moment.year))
            period = "peak" if _peak_hours.is_peak(moment, rule) else "off_peak"
            notes.append(Note(period))
            if day_off and moment.weekday() in rule["weekdays"]:
                notes.append(Note("holiday"))
        table = [row for row in table if row.get("period") == period]
    if any("up_to" in row for row in table):
        tiers = sorted(table, key=lambda row: int(row["up_to"]))
        for number, row in enumerate(tiers):
            if input_tokens <= int(row["up_to"]):
                if len(tiers) > 1:
                    notes.append(Note("tier_first" if number == 0 else "tier_up_to", int(row["up_to"]) // 1024))
                return row, notes
        raise ValueError(
            _("a prompt of {n:,} tokens is longer than {model}'s longest price tier ({k:,} tokens)").format(
                n=input_tokens, model=q.name, k=int(tiers[-1]["up_to"])
            )
        )
    return table[0], notes


def bill(
    q: Quote,
    input_tokens: int,
    *,
    output_tokens: int = 0,
    reasoning_tokens: int = 0,
    cached_input_tokens: int = 0,
    currency: str | None = None,
    at: datetime.datetime | datetime.date | None = None,
    thinking: bool | None = None,
    rate: _fx.Rate | None = None,
) -> Cost:
    """The cost of a request of these token counts on ``q``'s model (see the module's docstring)."""
    asked = _fx.check_currency(currency) if currency is not None else q.data["default_currency"]
    native = asked if asked in q.spec["prices"] else q.data["default_currency"]
    if native not in q.spec["prices"]:
        native = q.currencies()[0]
    row, notes = pick_row(q, native, input_tokens, at)
    if q.alias is not None:
        notes.insert(0, Note("legacy", q.name))
    if thinking is None:
        thinking = reasoning_tokens > 0
    if not isinstance(thinking, bool):
        raise TypeError(_("thinking is True or False, not {name}").format(name=type(thinking).__name__))
    mode = q.spec.get("thinking", "same_price")
    if thinking and mode == "none":
        raise ValueError(_("{model} has no thinking mode (its page prices only non-thinking)").format(model=q.name))
    output_price = Decimal(row["output_thinking"] if thinking and "output_thinking" in row else row["output"])
    if mode == "priced":
        notes.append(Note("thinking" if thinking else "non_thinking"))
    input_price = Decimal(row["input"])
    cached, hit_price = cached_input_tokens, Decimal(0)
    if cached:
        if "cached_input" in row:
            hit_price = Decimal(row["cached_input"])
        elif q.spec.get("context_cache") and "implicit_cache" in q.data:
            rule = q.data["implicit_cache"]
            hit_price = input_price * Decimal(rule["hit_ratio"])
            if input_tokens < int(rule["minimum_tokens"]):
                notes.append(Note("cache_min_implicit", cached))
                cached = 0
        else:
            raise ValueError(_("{model}'s page states no price for cached input tokens").format(model=q.name))
    with decimal.localcontext(_MONEY):
        cached_cost = plain(cached * hit_price / MILLION)
        input_cost = plain(((input_tokens - cached) * input_price + cached * hit_price) / MILLION)
        reasoning_cost = plain(reasoning_tokens * output_price / MILLION)
        output_cost = plain((output_tokens + reasoning_tokens) * output_price / MILLION)
    _rows, page = rows(q, native)
    cost = Cost(
        q.asked.strip(),
        input_tokens,
        cached,
        output_tokens,
        input_cost,
        output_cost,
        page.get("page_date") or "",
        page["url"],
        tuple(notes),
        reasoning_tokens,
        cached_cost,
        reasoning_cost,
        currency=native,
        read=page["read"],
    )
    return cost if native == asked else cost.to(asked, rate)
