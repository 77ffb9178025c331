from __future__ import annotations

from decimal import Decimal

import pytest

from tokenlab import pricing
from tokenlab.usage import Budget, BudgetExceeded, BudgetWarning


def test_usage_is_priced_with_the_table():
    budget = Budget(limit_usd=10)
    cost = budget.record({"prompt_tokens": 1000, "completion_tokens": 100,
                          "prompt_tokens_details": {"cached_tokens": 400}}, model="gpt-4o")  # fmt: skip
    assert cost == pricing.estimate(1000, "gpt-4o", output_tokens=100, cached_input_tokens=400)
    assert budget.spent == cost.total_usd and budget.remaining == Decimal(10) - cost.total_usd


def test_responses_api_usage_and_response_objects():
    class Usage:
        input_tokens, output_tokens, input_tokens_details = 200, 50, None

    class Response:
        model, usage = "gpt-4o-mini", Usage()

    budget = Budget(limit_usd=1)
    assert budget.record(Response()) == pricing.estimate(200, "gpt-4o-mini", output_tokens=50)


def test_warnings_at_50_80_and_100_percent_once_each():
    budget = Budget(limit_usd="1.00")
    step = pricing.estimate(0, "gpt-4o", output_tokens=30_000)  # $0.30 each
    with pytest.warns(BudgetWarning) as caught:
        for _ in range(4):
            budget.record(step)
    assert [str(w.message).split(":")[0] for w in caught] == ["budget past 50%", "budget past 80%", "budget past 100%"]
    assert len(budget.alerts) == 3 and repr(budget) == "Budget($1.20 of $1.00 spent, 120%)"


def test_a_request_that_would_pass_the_limit_is_refused():
    budget = Budget(limit_usd="0.01")
    big = pricing.estimate(10_000, "gpt-4o", output_tokens=1_000)  # $0.035
    assert not budget.allows(big)
    with pytest.raises(BudgetExceeded, match="would take the budget to \\$0.035 of \\$0.01"):
        budget.check(big)
    small = pricing.estimate(100, "gpt-4o")
    assert budget.check(small) is small


def test_the_widget_follows_the_budget():
    budget = Budget(limit_usd=1)
    bar, label = budget.widget().children
    with pytest.warns(BudgetWarning, match="past 50%"):
        budget.record(pricing.estimate(0, "gpt-4o", output_tokens=60_000))  # $0.60
    assert bar.value == pytest.approx(0.6) and bar.bar_style == "warning" and "60%" in label.value
    assert "width:60.0%" in budget._repr_mimebundle_()["text/html"]


def test_bad_budgets_and_usage_are_clear_errors():
    with pytest.raises(ValueError, match="more than 0"):
        Budget(limit_usd=0)
    with pytest.raises(ValueError, match="needs a Cost"):
        Budget(limit_usd=1).record({"completion_tokens": 5})
