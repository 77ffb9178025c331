"""Prices side by side: OpenAI's table per 1M tokens, one request on several models or vendors, launch prices.

Re-exported by ``tokenlab.pricing``. Values in the frames are codes and exact Decimals; words and
signs are for display.

>>> list(compare_vendors(1000, models=["deepseek-flash"])["currency"])
['CNY']
"""

from __future__ import annotations

import dataclasses
import decimal
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import fx as _fx
from ._checks import whole
from ._compat import second_positional
from ._i18n import N_, _
from ._look import DASH, Look
from .cost import plain
from .estimates import When, estimate, prompt_tokens, vendor_quote
from .price_tables import price_table

if TYPE_CHECKING:
    from ._table import Table

__all__ = ["prices", "compare_models", "compare_vendors", "historical"]

MILLION = Decimal(1_000_000)
_MONEY = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])


def prices(models: Sequence[str] | None = None) -> Table:
    """The price table in US dollars per 1M tokens, one row per model, with its limits and date.

    Columns (codes): ``input``, ``cached input``, ``output``, ``batch input``, ``batch output``,
    ``input over 272K``-style long-context prices, ``max_input``, ``max_output`` (tokens) and
    ``deprecation_date`` (the day the model shuts down, or None: none announced).
    """
    import pandas as pd

    from ._table import table as shown

    table = price_table()
    names = list(models) if models is not None else sorted(table.models)
    columns = {
        "input": "input_cost_per_token",
        "cached input": "cache_read_input_token_cost",
        "output": "output_cost_per_token",
        "batch input": "input_cost_per_token_batches",
        "batch output": "output_cost_per_token_batches",
    }
    rows = {}
    for name in names:
        spec = table.price(name)
        row = {label: _per_million(spec[key]) if key in spec else None for label, key in columns.items()}
        for key in sorted(spec):
            if m := re.fullmatch(r"(input|output)_cost_per_token_above_(\d+)k_tokens", key):
                row[f"{m[1]} over {m[2]}K"] = _per_million(spec[key])
        row.update(
            max_input=spec.get("max_input_tokens"),
            max_output=spec.get("max_output_tokens"),
            deprecation_date=spec.get("deprecation_date"),
        )
        rows[name] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    for column in ("max_input", "max_output"):
        frame[column] = frame[column].astype("Int64")
    frame.index.name = "model"
    money = dict.fromkeys((c for c in frame.columns if not c.startswith(("max_", "deprecation"))), "USD")
    look = dataclasses.replace(PRICES, money=money, caption_args={"date": table.date, "source": table.source})
    return shown(frame, look)


PRICES = Look(
    columns={
        "input": N_("input"),
        "cached input": N_("cached input"),
        "output": N_("output"),
        "batch input": N_("batch input"),
        "batch output": N_("batch output"),
        "max_input": N_("max input (tokens)"),
        "max_output": N_("max output (tokens)"),
        "deprecation_date": N_("shuts down on"),
    },
    patterns={r"input over (\d+K)": N_("input over {0}"), r"output over (\d+K)": N_("output over {0}")},
    index=N_("model"),
    missing={"deprecation_date": N_("not announced")},
    caption=N_("US dollars per 1M tokens, as of {date} ({source}); a dash: no such price"),
)


def _per_million(per_token: Decimal) -> Decimal:
    with decimal.localcontext(_MONEY):
        return plain(per_token * MILLION)


@second_positional("models")
def compare_models(what: str | int | Sequence[Mapping[str, Any]], *, models: Sequence[str], **options: Any) -> Table:
    """The same request priced on several models, side by side (see ``estimate`` for options).

    Columns (codes): ``input tokens``, ``output tokens``, ``input``, ``output`` and ``total`` (exact
    amounts) and ``currency`` (each model's).
    """
    import pandas as pd

    from ._table import table as shown

    if isinstance(models, str):
        models = [models]
    counted: dict[str, int] = {}  # a text is counted once per encoding, not once per model
    costs = []
    for model in models:
        encoding = options.get("encoding") or _encoding_of(model)
        if isinstance(what, str) and encoding is not None and encoding not in counted:
            counted[encoding] = prompt_tokens(what, model=model, encoding=options.get("encoding"))
        given = counted[encoding] if isinstance(what, str) and encoding is not None else what
        costs.append(estimate(given, model=model, **options))
    frame = pd.DataFrame.from_dict(
        {
            c.model: {
                "input tokens": c.input_tokens,
                "output tokens": c.output_tokens,
                "input": c.input_cost,
                "output": c.output_cost,
                "total": c.total,
                "currency": c.currency,
            }
            for c in costs
        },
        orient="index",
        dtype=object,
    )
    frame.index.name = "model"
    return shown(frame, MODELS)


MODELS = Look(
    columns={
        "input tokens": N_("input tokens"),
        "output tokens": N_("output tokens"),
        "input": N_("input"),
        "output": N_("output"),
        "total": N_("total"),
        "currency": N_("currency"),
    },
    index=N_("model"),
    values={"currency": {"USD": N_("US dollars"), "CNY": N_("yuan (RMB)")}},
    money={"input": "@currency", "output": "@currency", "total": "@currency"},
)


def _encoding_of(model: str) -> str | None:
    from . import registry

    q = vendor_quote(model)
    if q is not None:
        tokenizer: str | None = q.spec.get("tokenizer")
        return tokenizer
    try:
        return registry.encoding_for_model(model)
    except ValueError:
        return None


def historical() -> Table:
    """Launch prices of older models, each with its source: prices change."""
    import pandas as pd

    from ._shipped import verified
    from ._table import table as shown

    rows = json.loads(verified("prices", "historical.json"))
    frame = pd.DataFrame(rows).set_index("model")
    for side in ("input", "output"):
        frame[f"{side}_usd_per_1k"] = frame[f"{side}_usd_per_1k"].map(Decimal)
        frame[f"{side}_usd_per_1m"] = frame[f"{side}_usd_per_1k"].map(lambda d: _per_million(d / 1000))
    columns = ["date", "input_usd_per_1k", "output_usd_per_1k", "input_usd_per_1m", "output_usd_per_1m", "source"]
    return shown(frame[columns], HISTORICAL)


HISTORICAL = Look(
    columns={
        "date": N_("announced"),
        "input_usd_per_1k": N_("input per 1K"),
        "output_usd_per_1k": N_("output per 1K"),
        "input_usd_per_1m": N_("input per 1M"),
        "output_usd_per_1m": N_("output per 1M"),
        "source": N_("source"),
    },
    index=N_("model"),
    money=dict.fromkeys(("input_usd_per_1k", "output_usd_per_1k", "input_usd_per_1m", "output_usd_per_1m"), "USD"),
    caption=N_("Launch prices in US dollars, each with the announcement it comes from"),
)


_COLUMNS = [
    *("vendor", "tokenizer", "input_tokens", "output_tokens", "currency", "total", "total_usd", "total_cny"),
    *("converted", "rate", "rules", "price_date", "read", "source"),
]


@second_positional("models")
def compare_vendors(
    what: str | int,
    *,
    models: Sequence[str],
    output_tokens: int = 0,
    at: When = None,
    thinking: bool | None = None,
    fx: _fx.Rate | None = None,
    requests: int = 1,
) -> Table:
    """One task on several vendors' models: each counted with its own tokenizer, priced in USD and
    CNY, with each price's date and page. ``requests`` multiplies the totals (a month of such
    requests), so that amounts too small to compare become readable. A row per model; its columns
    are codes and exact values (the token counts are one request's):

    ``vendor``, ``tokenizer``, ``input_tokens``, ``output_tokens``, ``currency`` (the vendor's own),
    ``total`` (in it), ``total_usd`` and ``total_cny`` (None where the vendor publishes no price in
    that currency and no dated exchange rate is at hand), ``converted`` (the currency that was
    converted, or None), ``rate`` (the ``fx.Rate`` used), ``rules`` (the notes' codes), ``price_date``
    (the page's own date, or None), ``read`` (when it was read) and ``source`` (the page). A model
    tokenlab counts but has no price for (Mistral's) gets its token count, ``rules`` ``("no_price",)``
    and None for the rest (its ``price_date`` is ``"none"``: no page, rather than a page without a date).

    >>> frame = compare_vendors("你好", models=["gpt-4o", "deepseek-flash"], output_tokens=10)
    >>> list(frame["currency"]), frame.loc["deepseek-flash", "total_usd"] is not None
    (['USD', 'CNY'], True)
    """
    import pandas as pd

    from . import registry
    from ._table import table as shown

    if isinstance(models, str):
        models = [models]
    if not isinstance(what, (str, int)) or isinstance(what, bool):
        raise TypeError(_("give a text or a whole number of tokens, not {name}").format(name=type(what).__name__))
    requests = whole(requests, "requests", low=1, high=10**12)
    rows: dict[str, dict[str, Any]] = {}
    for model in models:
        q = vendor_quote(model)
        encoding = _encoding_of(model)
        vendor = q.vendor if q is not None else registry.vendor(encoding) if encoding else "openai"
        if q is None and model.strip() not in price_table().models:
            # Counted, not priced: tokenlab ships no price for it (a Mistral model, say).
            rows[model.strip()] = {
                **dict.fromkeys(_COLUMNS),
                "vendor": vendor,
                "tokenizer": encoding,
                "input_tokens": prompt_tokens(what, model=model, encoding=encoding),
                "output_tokens": whole(output_tokens, "output_tokens"),
                "rules": ("no_price",),
                "price_date": "none",
            }
            continue
        cost = estimate(what, model=model, output_tokens=output_tokens, at=at, thinking=thinking)
        totals: dict[str, Decimal | None] = {}
        converted, used = None, None
        for currency in ("USD", "CNY"):
            if currency == cost.currency:
                totals[currency] = cost.total
                continue
            native = q is not None and currency in q.spec["prices"]
            try:
                other = estimate(
                    what, model=model, output_tokens=output_tokens, at=at, thinking=thinking, currency=currency, fx=fx
                )
            except _fx.NoRateError:
                totals[currency] = None
                continue
            totals[currency] = other.total
            if not native:
                converted, used = currency, other.fx
        rows[model.strip()] = {
            "vendor": vendor,
            "tokenizer": encoding,
            "input_tokens": cost.input_tokens,
            "output_tokens": cost.output_tokens,
            "currency": cost.currency,
            "total": _times(cost.total, requests),
            "total_usd": _times(totals["USD"], requests),
            "total_cny": _times(totals["CNY"], requests),
            "converted": converted,
            "rate": used,
            "rules": tuple(note.code for note in cost.notes),
            "price_date": cost.date or None,
            "read": cost.read or None,
            "source": cost.source,
        }
    frame = pd.DataFrame.from_dict(rows, orient="index", dtype=object).reindex(columns=_COLUMNS)
    frame.index.name = "model"
    if requests == 1:
        return shown(frame, VENDORS)
    return shown(frame, dataclasses.replace(VENDORS, caption=_REQUESTS, caption_args={"n": requests}))


_REQUESTS = N_("Totals for {n:,} such requests; token counts are one request's")


def _times(amount: Decimal | None, requests: int) -> Decimal | None:
    if amount is None:
        return None
    with decimal.localcontext(_MONEY):
        return plain(amount * requests)


_RULES = {
    "peak": N_("peak hours"),
    "off_peak": N_("off-peak"),
    "peak_assumed": N_("peak price (no time given)"),
    "holiday": N_("public holiday"),
    "holidays_unknown": N_("holidays unknown"),
    "tier": N_("long-context price"),
    "tier_up_to": N_("priced by prompt length"),
    "tier_first": N_("shortest-prompt price"),
    "thinking": N_("thinking mode"),
    "non_thinking": N_("non-thinking mode"),
    "converted": N_("converted"),
    "legacy": N_("older name"),
    "batch": N_("Batch API"),
    "cache_min": N_("cache too short"),
    "cache_min_implicit": N_("cache too short"),
    "no_price": N_("no price shipped"),
}
VENDORS = Look(
    columns={
        "vendor": N_("vendor"),
        "tokenizer": N_("tokenizer"),
        "input_tokens": N_("input tokens"),
        "output_tokens": N_("output tokens"),
        "currency": N_("billed in"),
        "total": N_("total"),
        "total_usd": N_("total in USD"),
        "total_cny": N_("total in CNY"),
        "converted": N_("converted"),
        "rate": N_("exchange rate"),
        "rules": N_("rules applied"),
        "price_date": N_("page dated"),
        "read": N_("read on"),
        "source": N_("source"),
    },
    index=N_("model"),
    values={
        "rules": _RULES,
        "vendor": {
            "openai": N_("OpenAI"),
            "deepseek": N_("DeepSeek"),
            "alibaba": N_("Alibaba (Qwen)"),
            "mistral": N_("Mistral AI"),
        },
        "currency": {"USD": N_("US dollars"), "CNY": N_("yuan (RMB)")},
        "converted": {"USD": N_("into US dollars"), "CNY": N_("into yuan (RMB)")},
        "price_date": {"none": DASH},
    },
    missing={"price_date": N_("not shown"), "total_usd": N_("no price or rate"), "total_cny": N_("no price or rate")},
    money={"total": "@currency", "total_usd": "USD", "total_cny": "CNY"},
)
