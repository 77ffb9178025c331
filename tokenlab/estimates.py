"""Estimates of what one request costs, on any vendor's model tokenlab prices (see ``tokenlab.pricing``).

``estimate`` counts a text with the model's own vendor's tokenizer (or takes a count, or chat
messages) and bills it by that vendor's rules: OpenAI's (``openai_costs``) or a vendor's own page
(``vendor_costs``); ``from_usage`` bills what an API reported. ``tokenlab.pricing`` re-exports both.

>>> print(estimate(100_000, model="qwen-flash", output_tokens=10_000))  # ¥0.15 and ¥1.5 per 1M
¥0.03
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping, Sequence
from typing import Any

from . import fx as _fx
from ._checks import field, whole
from ._compat import second_positional
from ._i18n import _
from .cost import Cost
from .openai_costs import bill as _openai_bill
from .openai_costs import usable_cached
from .price_tables import PriceTable, price_table

__all__ = ["estimate", "from_usage", "prompt_tokens", "vendor_quote", "When"]

When = datetime.datetime | datetime.date | None


def vendor_quote(model: str) -> Any:
    """The vendor quote of ``model`` (``quotes.Quote``), or None for a model priced by LiteLLM's table."""
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
    q = vendor_quote(model) if prices is None else None
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
    if not vendors:
        return table.price(model)
    from .quotes import quotes

    names = [m for data in quotes().values() for m in [*data["models"], *data.get("aliases", {})]]
    return table.price(model, also=names)


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
    """The cost of a request as the API reported it in ``usage`` (chat or responses API fields).

    Cached input is read where each vendor reports it: OpenAI's ``prompt_tokens_details.cached_tokens``
    (``input_tokens_details`` in the responses API), DeepSeek's ``prompt_cache_hit_tokens`` and
    ``prompt_cache_miss_tokens`` (whose sum is the prompt). The API counts reasoning tokens inside
    ``completion_tokens`` and reports the cached tokens it really used, so both are taken as given.
    ``at`` is when the request was sent (DeepSeek's price depends on the hour).

    >>> usage = {"prompt_tokens": 1000, "completion_tokens": 100,
    ...          "prompt_cache_hit_tokens": 800, "prompt_cache_miss_tokens": 200}
    >>> cost = from_usage(usage, model="deepseek-flash", at=datetime.datetime(2026, 12, 7, 20, 0))
    >>> cost.cached_input_tokens, str(cost)
    (800, '¥0.000616')
    """
    hit, miss = (
        None if (v := field(usage, name)) is None else whole(v, name)
        for name in ("prompt_cache_hit_tokens", "prompt_cache_miss_tokens")
    )
    prompt = field(usage, "prompt_tokens", "input_tokens")
    if prompt is None and hit is not None and miss is not None:
        prompt = hit + miss
    if prompt is None:
        raise ValueError(_("usage needs prompt_tokens (or input_tokens)"))
    prompt = whole(prompt, "prompt_tokens")
    output = whole(field(usage, "completion_tokens", "output_tokens") or 0, "completion_tokens")
    details = field(usage, "prompt_tokens_details", "input_tokens_details")
    cached = whole((field(details, "cached_tokens") or 0) if details is not None else 0, "cached_tokens")
    if not cached and (hit is not None or miss is not None):  # DeepSeek's own fields
        cached = hit if hit is not None else prompt - (miss or 0)
    out_details = field(usage, "completion_tokens_details", "output_tokens_details")
    reasoning = field(out_details, "reasoning_tokens") if out_details is not None else None
    reasoning = whole(reasoning or 0, "reasoning_tokens")
    if hit is not None and miss is not None and hit + miss != prompt:
        raise ValueError(
            _(
                "usage reports {hit:,} cache hits and {miss:,} misses, which do not add up to its {prompt:,} "
                "prompt tokens"
            ).format(hit=hit, miss=miss, prompt=prompt)
        )
    if not 0 <= cached <= prompt or reasoning > output:
        raise ValueError(_("usage reports more cached tokens than prompt tokens, or more reasoning tokens than output"))
    q = vendor_quote(model) if prices is None else None
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
