from __future__ import annotations

from decimal import Decimal

from tokenlab.cost import Cost, usd


def _cost(**changes) -> Cost:
    base = Cost("gpt-4o", 1000, 0, 200, Decimal("0.0025"), Decimal("0.002"), "2026-11-27", "LiteLLM 1.110.2")
    return base._replace(**changes)


def test_usd_is_exact_and_at_least_to_the_cent():
    assert usd(Decimal("0.1") + Decimal("0.2")) == "$0.30"
    assert usd(Decimal("1234.5")) == "$1,234.50" and usd(Decimal("0.0000025")) == "$0.0000025"
    assert usd(Decimal("-0.5")) == "-$0.50"


def test_many_requests_scale_tokens_and_dollars_exactly():
    month = _cost().per_month(1000)
    assert month.input_tokens == 30_000_000 and month.output_usd == Decimal("60")
    assert month.total_usd == Decimal("135") and str(month) == "$135.00"


def test_the_display_says_when_and_where_the_prices_come_from():
    bundle = _cost(model="<gpt>", note="batch prices")._repr_mimebundle_()
    assert "prices as of 2026-11-27 (LiteLLM 1.110.2); batch prices" in bundle["text/html"]
    assert "<gpt>" not in bundle["text/html"] and "&lt;gpt&gt;" in bundle["text/html"]
    assert bundle["text/plain"].startswith("Cost(<gpt>: $0.0045 = 1,000 input tokens $0.0025")
