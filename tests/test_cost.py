from __future__ import annotations

import copy
import dataclasses
import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokenlab.cost import Cost, Note, usd


def _cost(**changes) -> Cost:
    base = Cost("gpt-4o", 1000, 0, 200, Decimal("0.0025"), Decimal("0.002"), "2026-11-27", "LiteLLM 1.110.2")
    return dataclasses.replace(base, **changes)


def test_usd_shows_cents_or_three_significant_digits_and_exact_on_request():
    assert usd(Decimal("0.1") + Decimal("0.2")) == "$0.30"
    assert usd(Decimal("1234.5")) == "$1,234.50" and usd(Decimal("1234.5678")) == "$1,234.57"
    assert usd(Decimal("0.0058025")) == "$0.0058" and usd(Decimal("0.0058025"), exact=True) == "$0.0058025"
    assert usd(Decimal("0.00000105")) == "$0.00000105" and usd(Decimal("0.000001057")) == "$0.00000106"
    assert usd(Decimal("-0.5")) == "-$0.50" and usd(Decimal(0)) == "$0.00"


@given(st.decimals(min_value=Decimal("0.000000001"), max_value=Decimal("1e9"), allow_nan=False, places=12))
def test_a_shown_amount_is_within_half_a_unit_of_its_last_digit(amount):
    shown = Decimal(usd(amount).lstrip("$").replace(",", ""))
    last_digit = Decimal(1).scaleb(-max(2, 2 - amount.adjusted()))
    assert abs(shown - amount) <= last_digit / 2
    assert Decimal(usd(amount, exact=True).lstrip("$").replace(",", "")) == amount


def test_many_requests_scale_tokens_and_dollars_exactly_from_either_side():
    month = _cost().per_month(1000)
    assert month.input_tokens == 30_000_000 and month.output_usd == Decimal("60")
    assert month.total_usd == Decimal("135") and str(month) == "$135.00"
    assert 3 * _cost() == _cost() * 3 == _cost().per_month(1, days=3)
    with pytest.raises(TypeError):
        _cost() * 1.5


def test_a_cost_is_a_value_that_copies_and_pickles():
    cost = _cost(notes=(Note("batch"),))
    assert copy.deepcopy(cost) == cost == pickle.loads(pickle.dumps(cost))


def test_reasoning_and_cached_tokens_are_lines_of_their_own():
    cost = _cost(
        cached_input_tokens=400,
        cached_input_cost=Decimal("0.0005"),
        reasoning_tokens=50,
        reasoning_cost=Decimal("0.0005"),
    )
    labels = [label for label, _n, _usd in cost.lines()]
    assert labels == ["input", "cached input", "output", "reasoning (billed as output)"]
    assert sum(amount for _l, _n, amount in cost.lines()) == cost.total_usd


def test_the_display_says_when_and_where_the_prices_come_from():
    bundle = _cost(model="<gpt>", notes=(Note("batch"),))._repr_mimebundle_()
    assert "prices as of 2026-11-27 (LiteLLM 1.110.2); Batch API prices" in bundle["text/html"]
    assert "<gpt>" not in bundle["text/html"] and "&lt;gpt&gt;" in bundle["text/html"]
    assert "tex2jax_ignore" in bundle["text/html"]  # $ amounts never become math
    assert bundle["text/plain"].startswith("Cost(<gpt>: $0.0045 = input 1,000 tokens $0.0025")


def test_a_tiny_cost_also_says_what_a_thousand_requests_cost():
    html = _cost(input_cost=Decimal("0.0000025"), output_cost=Decimal(0)).to_html()
    assert "1,000 such requests: $0.0025" in html


def test_a_cost_times_an_absurd_number_is_a_clear_error_not_a_decimal_trap():
    with pytest.raises(ValueError, match="multiplied by 0 to 10¹²"):
        _cost() * 10**40
    with pytest.raises(ValueError, match="multiplied by 0 to 10¹²"):
        10**40 * _cost()
    with pytest.raises(TypeError):
        _cost() * 1.5


def test_usd_shows_any_amount_and_refuses_what_is_not_one():
    assert usd(10**40) == "$" + f"{10**40:,}" + ".00"
    assert usd(Decimal("1e-30")) == "$0.000000000000000000000000000001"
    for bad in ("", "1.5", None, True):
        with pytest.raises(TypeError, match="an amount of dollars is a number"):
            usd(bad)
