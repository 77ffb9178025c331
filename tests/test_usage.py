from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from tokenlab import fx, pricing
from tokenlab.usage import Budget, BudgetExceeded, BudgetWarning
from tokenlab.widgets import BudgetMeter


def test_usage_is_priced_with_the_table_as_the_api_reported_it():
    budget = Budget(limit_usd=10)
    cost = budget.record(
        {"prompt_tokens": 1000, "completion_tokens": 100, "prompt_tokens_details": {"cached_tokens": 400}},
        model="gpt-4o",
    )
    assert cost == pricing.from_usage(
        {"prompt_tokens": 1000, "completion_tokens": 100, "prompt_tokens_details": {"cached_tokens": 400}},
        model="gpt-4o",
    )
    assert cost.cached_input_tokens == 400  # what the API says it cached, not what a rule predicts
    assert budget.spent == cost.total_usd and budget.remaining == Decimal(10) - cost.total_usd


def test_responses_api_usage_and_response_objects():
    class Usage:
        input_tokens, output_tokens, input_tokens_details = 200, 50, None

    class Response:
        model, usage = "gpt-4o-mini", Usage()

    budget = Budget(limit_usd=1)
    assert budget.record(Response()) == pricing.estimate(200, model="gpt-4o-mini", output_tokens=50)


def test_reasoning_tokens_in_usage_are_billed_as_output():
    usage = {"prompt_tokens": 10, "completion_tokens": 500, "completion_tokens_details": {"reasoning_tokens": 450}}
    cost = Budget(limit_usd=1).record(usage, model="o3")
    assert (cost.output_tokens, cost.reasoning_tokens) == (50, 450)
    assert cost == pricing.estimate(10, model="o3", output_tokens=50, reasoning_tokens=450)


def test_one_warning_per_request_naming_each_threshold_it_crossed():
    budget = Budget(limit_usd="1.00")
    with pytest.warns(BudgetWarning) as caught:
        budget.record(pricing.estimate(0, model="gpt-4o", output_tokens=84_000))  # $0.84: past 50 % and 80 % at once
        budget.record(pricing.estimate(0, model="gpt-4o", output_tokens=10_000))  # $0.94: nothing new
        budget.record(pricing.estimate(0, model="gpt-4o", output_tokens=30_000))  # $1.24
    assert [str(w.message) for w in caught] == [
        "budget passed 50% · 80%: $0.84 of $1.00 spent (84%)",
        "budget passed 100%: $1.24 of $1.00 spent (124%)",
    ]
    assert budget.alerts == [0.5, 0.8, 1.0] and repr(budget) == "Budget($1.24 of $1.00 spent, 124%)"
    assert caught[0].message.level == "warning" and caught[1].message.level == "error"


def test_a_request_that_would_pass_the_limit_is_refused():
    budget = Budget(limit_usd="0.01")
    big = pricing.estimate(10_000, model="gpt-4o", output_tokens=1_000)  # $0.035
    assert not budget.allows(big)
    with pytest.raises(BudgetExceeded, match="would take the budget to \\$0.035 of \\$0.01"):
        budget.check(big)
    small = pricing.estimate(100, model="gpt-4o")
    assert budget.check(small) is small


def test_record_counts_after_the_fact_and_never_blocks_only_check_refuses():
    budget = Budget(limit_usd="0.01")
    answer = pricing.estimate(10_000, model="gpt-5.4-mini", output_tokens=1_000)  # $0.012: one answer passes it
    with pytest.warns(BudgetWarning):
        budget.record(answer)
    budget.record(answer)  # already over: still recorded, nothing raised (the request was sent)
    assert budget.spent == 2 * answer.total_usd and budget.fraction > 2
    with pytest.raises(BudgetExceeded):
        budget.check(pricing.estimate("one more?", model="gpt-5.4-mini"))


def _widths(html: str) -> list[float]:
    return [float(w) for w in re.findall(r"width:([\d.]+)%", html)]


def test_the_bar_agrees_with_the_numbers():
    budget = Budget(limit_usd=1)
    with pytest.warns(BudgetWarning):
        budget.record(pricing.estimate(0, model="gpt-4o", output_tokens=60_000))  # $0.60
    assert _widths(budget.to_html())[:2] == [60.0, 0.0] and "tex2jax_ignore" in budget.to_html()
    with pytest.warns(BudgetWarning):
        budget.record(pricing.estimate(0, model="gpt-4o", output_tokens=66_000))  # $1.26: 126 %
    within, over = _widths(budget.to_html())[:2]
    assert within == pytest.approx(100 / 1.26, abs=0.01) and over == pytest.approx(26 / 1.26, abs=0.01)
    assert "over the limit by $0.26" in budget.to_html()


def test_the_meter_follows_the_budget_and_has_a_static_view():
    budget = Budget(limit_usd=1)
    meter = BudgetMeter(budget)
    with pytest.warns(BudgetWarning, match="passed 50%"):
        budget.record(pricing.estimate(0, model="gpt-4o", output_tokens=60_000))
    assert "$0.60 of $1.00 spent, 60%" in meter.view.value
    bundle = meter._repr_mimebundle_()
    assert "60%" in bundle["text/html"] and bundle["text/plain"] == "BudgetMeter($0.60 of $1.00 spent, 60%)"
    with pytest.warns(DeprecationWarning, match="BudgetMeter"):
        assert isinstance(budget.widget(), BudgetMeter)


@pytest.mark.parametrize(
    ("limit", "error"),
    [
        (0, ValueError),
        (-1, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("lots", ValueError),
        (None, TypeError),
        (True, TypeError),
    ],
)
def test_bad_limits_are_clear_errors(limit, error):
    with pytest.raises(error, match="limit_usd"):
        Budget(limit_usd=limit)


def test_bad_usage_is_a_clear_error():
    with pytest.raises(ValueError, match="needs a Cost"):
        Budget(limit_usd=1).record({"completion_tokens": 5})
    with pytest.raises((ValueError, TypeError), match="whole number"):
        Budget(limit_usd=1).record({"prompt_tokens": "many"}, model="gpt-4o")


MONDAY_EVENING = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.timezone.utc)  # 20:00 in Beijing: off-peak


def test_a_budget_in_yuan_prices_a_deepseek_response_in_yuan_at_the_hour_it_was_made():
    class Response:
        model, created = "deepseek-flash", int(MONDAY_EVENING.timestamp())
        usage = {"prompt_tokens": 1000, "completion_tokens": 100, "prompt_cache_hit_tokens": 600}

    budget = Budget(limit=1, currency="CNY")
    cost = budget.record(Response())
    assert cost == pricing.estimate(
        1000, model="deepseek-flash", output_tokens=100, cached_input_tokens=600, at=MONDAY_EVENING
    )
    assert cost.currency == "CNY" and budget.spent == cost.total
    assert repr(budget) == f"Budget({pricing.money(cost.total, 'CNY')} of ¥1.00 spent, 0%)"
    peak = budget.record(Response.usage, model="deepseek-flash", at=datetime.datetime(2026, 12, 7, 10, 0))
    assert peak.total == 2 * cost.total  # off-peak is half the peak price


def test_a_budget_in_dollars_prices_deepseek_from_its_dollar_page():
    budget = Budget(limit_usd=1)
    cost = budget.record({"prompt_tokens": 1000, "completion_tokens": 100}, model="deepseek-flash")
    assert cost.currency == "USD" and cost.fx is None and budget.spent == cost.total_usd


def test_a_cost_in_the_other_currency_needs_a_dated_rate():
    qwen = pricing.estimate(100_000, model="qwen-plus", output_tokens=1000)  # yuan only
    with pytest.raises(ValueError, match="in CNY and the budget in USD"):
        Budget(limit_usd=1).check(qwen)
    with pytest.raises(ValueError, match="publishes no price in USD"):
        Budget(limit_usd=1).record({"prompt_tokens": 100, "completion_tokens": 10}, model="qwen-plus")
    rate = fx.Rate(Decimal("8"), date="2026-12-01", source="a rate made up for this test")
    budget = Budget(limit_usd=1, fx=rate)
    budget.record(qwen)
    assert budget.spent == qwen.total / 8


def test_the_limit_is_given_once_in_one_currency():
    assert Budget(2).currency == "USD" and Budget(2).limit == Decimal(2)
    with pytest.raises(TypeError, match="once"):
        Budget(2, limit_usd=2)
    with pytest.raises(ValueError, match="limit_usd is in US dollars"):
        Budget(limit_usd=2, currency="CNY")
    with pytest.raises(ValueError, match="unknown currency"):
        Budget(limit=2, currency="EUR")
    with pytest.raises(TypeError, match="needs a limit"):
        Budget(currency="CNY")


def test_warnings_and_the_bar_speak_the_budgets_currency():
    budget = Budget(limit="0.01", currency="CNY")
    with pytest.warns(BudgetWarning, match="¥0.012 of ¥0.01"):
        budget.record(pricing.estimate(0, model="deepseek-flash", output_tokens=1500))  # peak: ¥0.012
    assert "over the limit by ¥0.002" in budget.to_html()
    with pytest.raises(BudgetExceeded, match="¥"):
        budget.check(pricing.estimate(10, model="deepseek-flash"))
