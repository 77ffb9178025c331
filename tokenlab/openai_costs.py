"""What a request costs on OpenAI's models, by LiteLLM's dated records of OpenAI's prices.

``bill`` prices token counts with one model's entry of a ``PriceTable`` (``price_tables``): the
long-context tier a prompt falls in, Batch API prices, cached input (as far as OpenAI's cache can
hold it: ``cacheable_tokens``) and reasoning tokens billed as output. Amounts are exact Decimals in
US dollars. Counting is ``pricing.estimate``'s job; this module takes token counts.

>>> cacheable_tokens(1500)
1408
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import Any

from ._checks import whole
from ._i18n import _
from .cost import Cost, Note, plain
from .price_tables import PriceTable

__all__ = ["bill", "cacheable_tokens", "usable_cached", "CACHE_MINIMUM", "CACHE_STEP"]

_TIER = re.compile(r"input_cost_per_token_above_(\d+)k_tokens")
# Amounts are exact: enough digits for MAX_TOKENS times any price in the table.
_MONEY = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])
# OpenAI caches only prompts of 1,024 tokens or more, in steps of 128 tokens (the prompt caching guide).
CACHE_MINIMUM, CACHE_STEP = 1024, 128


def cacheable_tokens(prompt_tokens: int) -> int:
    """How many of a prompt's tokens OpenAI's prompt cache can hold: none under 1,024, then in
    steps of 128.

    >>> cacheable_tokens(1000), cacheable_tokens(1024), cacheable_tokens(1500)
    (0, 1024, 1408)
    """
    prompt_tokens = whole(prompt_tokens, "prompt_tokens")
    if prompt_tokens < CACHE_MINIMUM:
        return 0
    return prompt_tokens - (prompt_tokens - CACHE_MINIMUM) % CACHE_STEP


def usable_cached(input_tokens: int, cached: int) -> tuple[int, list[Note]]:
    """How many of ``cached`` tokens OpenAI's cache can hold in a prompt of ``input_tokens``, and a
    note for those it cannot."""
    usable = min(cached, cacheable_tokens(input_tokens))
    usable = 0 if usable < CACHE_MINIMUM else usable - (usable - CACHE_MINIMUM) % CACHE_STEP
    return usable, ([Note("cache_min", cached - usable)] if usable < cached else [])


def bill(
    table: PriceTable,
    spec: dict[str, Any],
    model: str,
    input_tokens: int,
    cached: int,
    output_tokens: int,
    reasoning_tokens: int,
    batch: bool,
    notes: list[Note],
) -> Cost:
    """The cost in US dollars of these token counts on ``model`` (``spec``: its entry in ``table``)."""
    suffix = ""
    for k in sorted(int(m[1]) for key in spec if (m := _TIER.fullmatch(key))):
        if input_tokens > k * 1000:
            suffix = f"_above_{k}k_tokens"
            notes = [n for n in notes if n.code != "tier"] + [Note("tier", k)]
    if batch:
        notes.append(Note("batch"))

    def rate(base: str) -> Decimal:
        kind = "_batches" if batch else ""
        for key in ([base + suffix + kind] if suffix else []) + [base + kind]:
            if key in spec:
                return Decimal(spec[key])
        if batch:
            message = _("{model} has no batch price {base} in the table ({source})")
        else:
            message = _("{model} has no price {base} in the table ({source})")
        raise ValueError(message.format(model=model, base=base, source=table.source))

    cached_rate = Decimal(0)
    if cached:
        try:
            cached_rate = rate("cache_read_input_token_cost")
        except ValueError:
            if not batch:
                raise
            cached_rate = rate("input_cost_per_token")  # no cached batch price: no discount on it
            notes.append(Note("batch_cached"))
    with decimal.localcontext(_MONEY):
        cached_usd = plain(cached * cached_rate)
        input_usd = plain((input_tokens - cached) * rate("input_cost_per_token") + cached_usd)
        reasoning_usd = plain(reasoning_tokens * rate("output_cost_per_token"))
        output_usd = plain(output_tokens * rate("output_cost_per_token") + reasoning_usd)
    return Cost(
        model,
        input_tokens,
        cached,
        output_tokens,
        input_usd,
        output_usd,
        table.date,
        table.source,
        tuple(notes),
        reasoning_tokens,
        cached_usd,
        reasoning_usd,
    )
