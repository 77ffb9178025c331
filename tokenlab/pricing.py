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

from ._checks import MAX_TOKENS
from .cost import Cost, money, usd
from .estimates import estimate, from_usage, prompt_tokens
from .openai_costs import CACHE_MINIMUM, CACHE_STEP, cacheable_tokens
from .price_tables import PriceTable, load_prices, price_table, read_prices, reset_prices, use_prices
from .price_views import compare_models, compare_vendors, historical, prices

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
