"""The cost calculator and the context gauge, headless."""

from __future__ import annotations

from decimal import Decimal

import tokenlab
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
    assert calc.result == pricing.estimate("Hello world", "gpt-4o-mini")


def test_cost_calculator_lists_only_models_whose_encoding_is_known():
    calc = CostCalculator(debounce=0)
    for model in calc.model.options:
        tokenlab.encoding_for_model(model)  # raises for a model tiktoken does not know


def test_context_gauge_follows_text_model_and_reserve():
    gauge = ContextGauge("short", "gpt-4o", reserve=1000, debounce=0)
    assert gauge.fit.fits and "fits" in gauge.gauge.value
    gauge.text.value = "word " * 130_000
    assert not gauge.fit.fits and "too many" in gauge.gauge.value
    gauge.model.value = "gpt-4.1"
    assert gauge.fit.fits and gauge.reserve.max == tokenlab.limits.max_output("gpt-4.1")
    gauge.reserve.value = 0
    assert gauge.fit.max_output_tokens == 0
