"""What tokens cost: exact estimates on OpenAI's, DeepSeek's and Alibaba's (百炼) models, dated.

OpenAI's prices are LiteLLM's dated records (``price_tables``: dollars per token, cached input,
batch prices, long-context tiers, limits, deprecation dates). DeepSeek's and Qwen's on Alibaba Cloud
Model Studio are quotes read from the vendors' own pages (``quotes``), with their rules: peak and
off-peak hours, tiers by prompt length, cache hits, thinking mode. A text is counted with the model's
own vendor's tokenizer. Every amount is a ``Decimal`` read from the source's own digits, in the
currency the vendor publishes (``currency=`` asks for another; only a missing currency is converted,
at a dated exchange rate: ``fx``). ``compare_vendors`` puts one task side by side across vendors.

>>> cost = estimate(1_000_000, model="gpt-4o", output_tokens=1_000_000)
>>> cost.input_usd, cost.output_usd, cost.total_usd
(Decimal('2.5'), Decimal('10'), Decimal('12.5'))
>>> import datetime
>>> print(estimate(1_000_000, model="deepseek-flash", at=datetime.datetime(2026, 12, 7, 20, 0)))
¥1.00
"""

from __future__ import annotations

import datetime
import decimal
import functools
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import fx as _fx
from ._checks import MAX_TOKENS, field, whole
from ._compat import second_positional
from ._i18n import _
from .cost import Cost, money, plain, usd
from .openai_costs import CACHE_MINIMUM, CACHE_STEP, cacheable_tokens, usable_cached
from .openai_costs import bill as _openai_bill
from .price_tables import PriceTable, load_prices, price_table, read_prices, reset_prices, use_prices

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Cost",
    "usd",
    "money",
    "PriceTable",
    "estimate",
    "from_usage",
    "prompt_tokens",
    "prices",
    "load_prices",
    "read_prices",
    "reset_prices",
    "use_prices",
    "price_table",
    "historical",
    "compare_models",
    "compare_vendors",
    "cacheable_tokens",
    "CACHE_MINIMUM",
    "CACHE_STEP",
    "MAX_TOKENS",
]

MILLION = Decimal(1_000_000)
_MONEY = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])
When = datetime.datetime | datetime.date | None


def _vendor_quote(model: str) -> Any:
    from .quotes import find

    if not isinstance(model, str):
        raise TypeError(_("a model name is a string, not {name}").format(name=type(model).__name__))
    return find(model)


@second_positional("model")
def estimate(
    what: str | int | Sequence[Mapping[str, Any]],
    *,
    model: str,
    output_tokens: int = 0,
    reasoning_tokens: int = 0,
    cached_input_tokens: int = 0,
    batch: bool = False,
    encoding: str | None = None,
    prices: PriceTable | None = None,
    currency: str | None = None,
    at: When = None,
    thinking: bool | None = None,
    fx: _fx.Rate | None = None,
) -> Cost:
    """The cost of sending ``what`` (a text, a token count, or chat messages) to ``model``.

    ``output_tokens`` is the answer's length; ``reasoning_tokens`` the hidden tokens a reasoning
    model writes first, billed as output. ``cached_input_tokens`` of the prompt are billed at the
    cached price (OpenAI: as far as its cache can hold them, prompts of 1,024 tokens or more in steps
    of 128; 百炼: the implicit cache, prompts of 256 tokens or more). ``batch=True`` uses OpenAI's
    Batch API prices, and a prompt is billed at the tier its length falls in. ``encoding`` counts a
    text with another encoding.

    ``currency`` (``"CNY"`` or ``"USD"``; by default the vendor's own: USD for OpenAI, CNY for
    DeepSeek and 百炼) converts only where the vendor publishes no price in it, at ``fx`` (a
    ``tokenlab.fx.Rate``; by default the one tokenlab ships, if any). ``at`` (a datetime; a naive one
    is Beijing time) picks DeepSeek's peak or off-peak price; without it, the peak price. ``thinking``
    picks a thinking-mode price where the vendor publishes one (by default: thinking if
    ``reasoning_tokens``).

    >>> print(estimate("Hello world", model="gpt-4o", output_tokens=100))
    $0.00101
    """
    if prices is not None and not isinstance(prices, PriceTable):
        raise TypeError(
            _("prices is a PriceTable (from load_prices or read_prices), not {name}").format(name=type(prices).__name__)
        )
    output_tokens = whole(output_tokens, "output_tokens")
    reasoning_tokens = whole(reasoning_tokens, "reasoning_tokens")
    cached = whole(cached_input_tokens, "cached_input_tokens")
    if at is not None and not isinstance(at, (datetime.datetime, datetime.date)):
        raise TypeError(
            _("at is a datetime (a naive one is read as Beijing time), not {name}").format(name=type(at).__name__)
        )
    if currency is not None:
        currency = _fx.check_currency(currency)
    q = _vendor_quote(model) if prices is None else None
    if q is not None:
        if batch:
            raise ValueError(_("tokenlab ships no batch prices for {model}").format(model=model))
        tokenizer = encoding or q.spec.get("tokenizer")
        if isinstance(what, str) and tokenizer is None:
            raise ValueError(
                _("tokenlab has no tokenizer for {model}: give a token count (or encoding=)").format(model=model)
            )
        input_tokens = prompt_tokens(what, model=model, encoding=tokenizer)
        _check_cached(cached, input_tokens)
        from .vendor_costs import bill

        return bill(
            q,
            input_tokens,
            output_tokens=output_tokens,
            reasoning_tokens=reasoning_tokens,
            cached_input_tokens=cached,
            currency=currency,
            at=at,
            thinking=thinking,
            rate=fx,
        )
    table = prices or price_table()
    spec = _openai_spec(table, model, vendors=prices is None)
    input_tokens = prompt_tokens(what, model=model, encoding=encoding)
    _check_cached(cached, input_tokens)
    usable, notes = usable_cached(input_tokens, cached)
    cost = _openai_bill(table, spec, model, input_tokens, usable, output_tokens, reasoning_tokens, batch, notes)
    return cost if currency in (None, "USD") else cost.to(currency, fx)


def _openai_spec(table: PriceTable, model: str, *, vendors: bool) -> dict[str, Any]:
    """``model``'s entry in ``table``; an unknown name's error suggests close names of every vendor."""
    try:
        return table.price(model)
    except ValueError as error:
        if not vendors or "Did you mean" in str(error):
            raise
        import difflib

        from .quotes import quotes

        names = [m for data in quotes().values() for m in [*data["models"], *data.get("aliases", {})]]
        close = difflib.get_close_matches(model.strip().lower(), names, n=3, cutoff=0.6)
        if not close:
            raise
        raise ValueError(f"{error} " + _("Did you mean {names}?").format(names=", ".join(map(repr, close)))) from None


def _check_cached(cached: int, input_tokens: int) -> None:
    if cached > input_tokens:
        raise ValueError(
            _("cached_input_tokens must be between 0 and the {input_tokens:,} input tokens").format(
                input_tokens=input_tokens
            )
        )


def from_usage(
    usage: Mapping[str, Any] | Any,
    *,
    model: str,
    prices: PriceTable | None = None,
    currency: str | None = None,
    at: When = None,
    fx: _fx.Rate | None = None,
) -> Cost:
    """The cost of a request as the API reported it in ``usage`` (chat or responses API fields;
    DeepSeek's ``prompt_cache_hit_tokens`` too).

    The API counts reasoning tokens inside ``completion_tokens`` and reports the cached tokens it
    really used, so both are taken as given.
    """
    prompt = field(usage, "prompt_tokens", "input_tokens")
    if prompt is None:
        raise ValueError(_("usage needs prompt_tokens (or input_tokens)"))
    output = field(usage, "completion_tokens", "output_tokens") or 0
    details = field(usage, "prompt_tokens_details", "input_tokens_details")
    cached = (field(details, "cached_tokens") or 0) if details is not None else 0
    cached = cached or field(usage, "prompt_cache_hit_tokens") or 0
    out_details = field(usage, "completion_tokens_details", "output_tokens_details")
    reasoning = (field(out_details, "reasoning_tokens") or 0) if out_details is not None else 0
    prompt, output, cached, reasoning = (
        whole(v, n)
        for v, n in (
            (prompt, "prompt_tokens"),
            (output, "completion_tokens"),
            (cached, "cached_tokens"),
            (reasoning, "reasoning_tokens"),
        )
    )
    if cached > prompt or reasoning > output:
        raise ValueError(_("usage reports more cached tokens than prompt tokens, or more reasoning tokens than output"))
    q = _vendor_quote(model) if prices is None else None
    if q is not None:
        from .vendor_costs import bill

        return bill(
            q,
            prompt,
            output_tokens=output - reasoning,
            reasoning_tokens=reasoning,
            cached_input_tokens=cached,
            currency=currency,
            at=at,
            rate=fx,
        )
    table = prices or price_table()
    cost = _openai_bill(table, table.price(model), model, prompt, cached, output - reasoning, reasoning, False, [])
    return cost if currency in (None, "USD") else cost.to(_fx.check_currency(currency), fx)


def prompt_tokens(what: str | int | Sequence[Mapping[str, Any]], *, model: str, encoding: str | None = None) -> int:
    """The input tokens of a request: a token count as given, a text counted with the model's
    encoding (or ``encoding``), or chat messages counted with their overhead.

    >>> prompt_tokens("Hello world", model="gpt-4o")
    2
    >>> prompt_tokens([{"role": "user", "content": "Hello world"}], model="gpt-4o")
    9
    """
    if isinstance(what, int) and not isinstance(what, bool):
        return whole(what, "the token count")
    if isinstance(what, str):
        from . import registry
        from .tokens import count

        try:
            name = registry.resolve(encoding, model=None if encoding else model)
            return count(what, encoding=name) if len(what) < 100_000 else _count_long(what, name)
        except ValueError as error:
            raise ValueError(
                _("{error}; for a model tiktoken does not know, pass encoding= or a token count").format(error=error)
            ) from None
    if isinstance(what, (list, tuple)):
        from .chat import count_messages

        return int(count_messages(what, model=model))
    raise TypeError(
        _("give a text, a whole number of tokens or a list of chat messages, not {name}").format(
            name=type(what).__name__
        )
    )


@functools.lru_cache(maxsize=4)
def _count_long(text: str, encoding: str) -> int:
    # A widget prices the same long text again when only a model or a number changes: count once.
    from .tokens import count

    return count(text, encoding=encoding)


def prices(models: Sequence[str] | None = None) -> pd.DataFrame:
    """The price table in US dollars per 1M tokens, one row per model, with its limits and date."""
    import pandas as pd

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
    frame.index.name = _("USD per 1M tokens, as of {date} ({source})").format(date=table.date, source=table.source)
    return frame


def _per_million(per_token: Decimal) -> Decimal:
    with decimal.localcontext(_MONEY):
        return plain(per_token * MILLION)


@second_positional("models")
def compare_models(
    what: str | int | Sequence[Mapping[str, Any]], *, models: Sequence[str], **options: Any
) -> pd.DataFrame:
    """The same request priced on several models, side by side (see ``estimate`` for options)."""
    import pandas as pd

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
    return pd.DataFrame(
        {
            c.model: {
                "input tokens": c.input_tokens,
                "output tokens": c.output_tokens,
                "input": money(c.input_cost, c.currency),
                "output": money(c.output_cost, c.currency),
                "total": money(c.total, c.currency),
            }
            for c in costs
        }
    ).T


def _encoding_of(model: str) -> str | None:
    from . import registry

    q = _vendor_quote(model)
    if q is not None:
        tokenizer: str | None = q.spec.get("tokenizer")
        return tokenizer
    try:
        return registry.encoding_for_model(model)
    except ValueError:
        return None


def historical() -> pd.DataFrame:
    """Launch prices of older models, each with its source: prices change."""
    import pandas as pd

    from ._shipped import verified

    rows = json.loads(verified("prices", "historical.json"))
    frame = pd.DataFrame(rows).set_index("model")
    for side in ("input", "output"):
        frame[f"{side}_usd_per_1k"] = frame[f"{side}_usd_per_1k"].map(Decimal)
        frame[f"{side}_usd_per_1m"] = frame[f"{side}_usd_per_1k"].map(lambda d: _per_million(d / 1000))
    return frame[["date", "input_usd_per_1k", "output_usd_per_1k", "input_usd_per_1m", "output_usd_per_1m", "source"]]


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
) -> pd.DataFrame:
    """One task on several vendors' models: each counted with its own tokenizer, priced in USD and
    CNY, with each price's date and page. A row per model; its columns are codes and exact values:

    ``vendor``, ``tokenizer``, ``input_tokens``, ``output_tokens``, ``currency`` (the vendor's own),
    ``total`` (in it), ``total_usd`` and ``total_cny`` (None where the vendor publishes no price in
    that currency and no dated exchange rate is at hand), ``converted`` (the currency that was
    converted, or None), ``rate`` (the ``fx.Rate`` used), ``rules`` (the notes' codes), ``price_date``
    (the page's own date, or None), ``read`` (when it was read) and ``source`` (the page). A model
    tokenlab counts but has no price for (Mistral's) gets its token count, ``rules`` ``("no_price",)``
    and None for the rest.

    >>> frame = compare_vendors("你好", models=["gpt-4o", "deepseek-flash"], output_tokens=10)
    >>> list(frame["currency"]), frame.loc["deepseek-flash", "total_usd"] is not None
    (['USD', 'CNY'], True)
    """
    import pandas as pd

    from . import registry

    if isinstance(models, str):
        models = [models]
    if not isinstance(what, (str, int)) or isinstance(what, bool):
        raise TypeError(_("give a text or a whole number of tokens, not {name}").format(name=type(what).__name__))
    rows: dict[str, dict[str, Any]] = {}
    for model in models:
        q = _vendor_quote(model)
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
            "total": cost.total,
            "total_usd": totals["USD"],
            "total_cny": totals["CNY"],
            "converted": converted,
            "rate": used,
            "rules": tuple(note.code for note in cost.notes),
            "price_date": cost.date or None,
            "read": cost.read or None,
            "source": cost.source,
        }
    frame = pd.DataFrame.from_dict(rows, orient="index", dtype=object).reindex(columns=_COLUMNS)
    frame.index.name = "model"
    return frame
