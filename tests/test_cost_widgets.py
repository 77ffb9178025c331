"""The cost calculator and the context gauge, headless."""

from __future__ import annotations

from decimal import Decimal

import pytest

import tokenlab
import tokenlab.tokens
from tokenlab import pricing
from tokenlab.widgets import ContextGauge, CostCalculator


def test_cost_calculator_prices_the_text_and_compares_models():
    calc = CostCalculator("Hello world", "gpt-4o", output_tokens=100, compare=["gpt-4o-mini"], debounce=0)
    tokens = tokenlab.count("Hello world", model="gpt-4o")
    assert calc.result.total_usd == tokens * Decimal("2.5e-06") + 100 * Decimal("1e-05")
    assert "prices as of" in calc.cost.value and "gpt-4o-mini" in calc.table.value
    calc.output_tokens.value = 0
    assert calc.result.output_usd == 0
    calc.model.value = "gpt-4o-mini"
    assert calc.result == pricing.estimate("Hello world", model="gpt-4o-mini")


def test_cost_calculator_lists_only_models_whose_encoding_is_known():
    calc = CostCalculator(debounce=0)
    for model in calc.model.options:
        tokenlab.encoding_for_model(model)  # raises for a model tiktoken does not know


def test_context_gauge_follows_text_model_and_reserve():
    gauge = ContextGauge("short", "gpt-5.4-mini", max_output_tokens=1000, debounce=0)
    assert gauge.fit.fits and "fits" in gauge.gauge.value
    gauge.text.value = "word " * 280_000
    assert not gauge.fit.fits and "too many" in gauge.gauge.value
    gauge.model.value = "gpt-5.4"
    assert gauge.fit.fits and gauge.reserve.max == tokenlab.limits.max_output("gpt-5.4")
    gauge.reserve.value = 0
    assert gauge.fit.max_output_tokens == 0


def test_context_gauge_offers_no_fine_tuning_prices_nor_models_that_are_retired_or_retiring():
    import datetime

    from tokenlab.widgets.costs import gauge_models

    offered = gauge_models(datetime.date(2026, 12, 3))
    assert offered[0] != "ft:" and not any(m.startswith("ft:") for m in offered)
    assert "gpt-5.4" in offered and "gpt-5.4-2026-03-05" not in offered  # the snapshot of an offered model
    assert "gpt-4o" not in offered and "gpt-5" not in offered  # shut down 2027-01-14 and 2026-12-11: within 90 days
    assert "gpt-4o" in gauge_models(datetime.date(2026, 9, 1))  # a retirement date counts only once near
    for model in offered:
        date = tokenlab.pricing.price_table().models[model].get("deprecation_date")
        assert date is None or str(date) > "2027-03-03"
    assert ContextGauge("short", debounce=0).model.value == "gpt-5.4"


def test_context_gauge_offers_only_models_with_limits_and_takes_the_old_keyword():
    gauge = ContextGauge("short", debounce=0)
    for model in gauge.model.options:
        gauge.model.value = model
        assert gauge.fit is not None and gauge.fit.model == model
    with pytest.warns(DeprecationWarning, match="max_output_tokens"):
        assert ContextGauge("short", reserve=300, debounce=0).reserve.value == 300


def test_cost_calculator_counts_a_text_once_for_models_that_share_an_encoding(monkeypatch):
    calls = []
    real = tokenlab.tokens.count
    monkeypatch.setattr(tokenlab.tokens, "count", lambda *a, **k: calls.append(1) or real(*a, **k))
    CostCalculator("x " * 1000, "gpt-4o", compare=["gpt-4o-mini", "gpt-4.1", "gpt-5", "o3"], debounce=0)
    assert len(calls) <= 2  # once for the estimate, once for the whole comparison


def test_the_comparison_table_is_headed_in_the_language_in_use_with_counts_grouped():
    from tokenlab._i18n import speaking

    text = "词元 " * 700
    with speaking("zh_CN"):
        calc = CostCalculator(text, "gpt-4o", output_tokens=1500, compare=["gpt-4.1"], debounce=0)
        table = calc.table.value
    assert "<th" in table and "输入词元" in table and "input tokens" not in table
    assert f">{tokenlab.count(text, model='gpt-4.1'):,}<" in table and ">1,500<" in table
    calc = CostCalculator(text, "gpt-4o", output_tokens=1500, compare=["gpt-4.1"], debounce=0)
    assert "input tokens" in calc.table.value


def test_the_calculator_prices_other_vendors_in_their_currency():
    from decimal import Decimal

    from tokenlab import pricing
    from tokenlab.widgets import CostCalculator

    calc = CostCalculator("你好，世界", "deepseek-flash", output_tokens=10, compare=["qwen-plus"], debounce=0)
    assert calc.result == pricing.estimate("你好，世界", model="deepseek-flash", output_tokens=10)
    assert calc.result.currency == "CNY" and "¥" in calc.cost.value and "qwen-plus" in calc.table.value
    dollars = CostCalculator("hi", "deepseek-flash", output_tokens=10, currency="USD", debounce=0)
    assert dollars.result.currency == "USD" and dollars.result.total_usd > Decimal(0)
