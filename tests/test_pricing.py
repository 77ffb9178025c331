from __future__ import annotations

import json
from decimal import Decimal

import pytest

import tokenlab
from tokenlab import pricing
from tokenlab.cost import Note


@pytest.fixture(autouse=True)
def shipped_table():
    """Every test starts and ends with the shipped table in use."""
    pricing.reset_prices()
    yield
    pricing.reset_prices()


def test_the_shipped_table_is_dated_and_keeps_litellms_fields():
    table = pricing.price_table()
    assert table.source == "LiteLLM 1.110.2" and table.date == "2026-11-27"
    gpt4o = table.price("gpt-4o")
    assert gpt4o["input_cost_per_token"] == Decimal("2.5e-06")
    assert {
        "output_cost_per_token",
        "cache_read_input_token_cost",
        "input_cost_per_token_batches",
        "max_input_tokens",
        "max_output_tokens",
        "deprecation_date",
    } <= set(gpt4o)
    assert "input_cost_per_token_above_272k_tokens" in table.price("gpt-5.4")
    assert all(spec.get("litellm_provider") == "openai" for spec in table.models.values())


def test_estimates_are_exact_decimals():
    cost = pricing.estimate(1_000_000, model="gpt-4o", output_tokens=1_000_000)
    assert (cost.input_usd, cost.output_usd, cost.total_usd) == (Decimal("2.5"), Decimal("10"), Decimal("12.5"))
    three = pricing.estimate(100_000, model="gpt-3.5-turbo") * 3  # 0.05 three times: no float dust
    assert three.total_usd == Decimal("0.15") and str(three) == "$0.15"
    assert pricing.usd(Decimal("0.1") + Decimal("0.2")) == "$0.30"


def test_a_text_is_counted_with_the_models_encoding():
    text = "Tokens are what you pay for. 词元就是你付费的单位。"
    cost = pricing.estimate(text, model="gpt-4o", output_tokens=10)
    assert cost.input_tokens == tokenlab.count(text, model="gpt-4o")
    assert cost.input_usd == cost.input_tokens * Decimal("2.5e-06")


def test_chat_messages_are_counted_with_their_overhead():
    messages = [{"role": "user", "content": "Hi"}]
    assert pricing.estimate(messages, model="gpt-4o").input_tokens == int(
        tokenlab.count_messages(messages, model="gpt-4o")
    )


def test_cached_input_batch_and_long_context_prices():
    spec = pricing.price_table().price("gpt-5.4")
    cached = pricing.estimate(3000, model="gpt-5.4", cached_input_tokens=2048)
    assert cached.input_usd == 952 * spec["input_cost_per_token"] + 2048 * spec["cache_read_input_token_cost"]
    assert cached.cached_input_usd == 2048 * spec["cache_read_input_token_cost"] and not cached.notes
    batch = pricing.estimate(1000, model="gpt-5.4", output_tokens=10, batch=True)
    assert batch.input_usd == 1000 * spec["input_cost_per_token_batches"] and Note("batch") in batch.notes
    long = pricing.estimate(300_000, model="gpt-5.4", output_tokens=10)
    assert long.input_usd == 300_000 * spec["input_cost_per_token_above_272k_tokens"]
    assert long.output_usd == 10 * spec["output_cost_per_token_above_272k_tokens"] and Note("tier", 272) in long.notes
    assert "272K" in repr(long)


@pytest.mark.parametrize(
    ("prompt", "cached", "billed_cached", "uncacheable"),
    [(10, 5, 0, 5), (1023, 1023, 0, 1023), (1024, 1024, 1024, 0), (1500, 1500, 1408, 92), (5000, 1100, 1024, 76)],
)
def test_only_what_openais_cache_can_hold_gets_the_cached_price(prompt, cached, billed_cached, uncacheable):
    cost = pricing.estimate(prompt, model="gpt-4o", cached_input_tokens=cached)
    spec = pricing.price_table().price("gpt-4o")
    assert cost.cached_input_tokens == billed_cached
    assert (
        cost.input_usd
        == (prompt - billed_cached) * spec["input_cost_per_token"] + billed_cached * spec["cache_read_input_token_cost"]
    )
    assert (Note("cache_min", uncacheable) in cost.notes) == bool(uncacheable)
    if uncacheable:
        assert "only prompts of 1,024 tokens or more are cached" in cost.to_html()


def test_reasoning_tokens_are_billed_as_output_and_shown_apart():
    spec = pricing.price_table().price("o3")
    cost = pricing.estimate(100, model="o3", output_tokens=50, reasoning_tokens=1000)
    assert (
        cost.output_usd == 1050 * spec["output_cost_per_token"]
        and cost.reasoning_usd == 1000 * spec["output_cost_per_token"]
    )
    assert "reasoning (billed as output)" in cost.to_html()
    assert "reasoning (billed as output) 1,000 tokens" in repr(cost)


def test_usage_reported_by_the_api_is_taken_as_given():
    usage = {
        "prompt_tokens": 1000,
        "completion_tokens": 300,
        "prompt_tokens_details": {"cached_tokens": 400},
        "completion_tokens_details": {"reasoning_tokens": 200},
    }
    cost = pricing.from_usage(usage, model="o3")
    assert (cost.input_tokens, cost.cached_input_tokens, cost.output_tokens, cost.reasoning_tokens) == (
        1000,
        400,
        100,
        200,
    )
    assert not cost.notes  # the API says what it cached: no caching rule applies


def test_cost_displays_with_the_tables_date_and_source():
    bundle = pricing.estimate("Hello <b>", model="gpt-4o", output_tokens=5)._repr_mimebundle_()
    assert "prices as of 2026-11-27 (LiteLLM 1.110.2)" in bundle["text/html"] and "<b>" not in bundle[
        "text/html"
    ].replace("<b>gpt-4o</b>", "")
    assert "prices as of 2026-11-27" in bundle["text/plain"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: pricing.estimate(1, model="gpt-4x"), "no price for model 'gpt-4x'.*Did you mean 'gpt-4'"),
        (lambda: pricing.estimate("hi", model="gpt-6-luna"), "pass encoding= or a token count"),
        (lambda: pricing.estimate(1, model="gpt-3.5-turbo", batch=True), "no batch price"),
        (lambda: pricing.estimate(10, model="gpt-4o", cached_input_tokens=11), "between 0 and the 10 input tokens"),
        (lambda: pricing.estimate(-1, model="gpt-4o"), "from 0"),
        (lambda: pricing.estimate(10**40, model="gpt-4o"), "from 0 to 1,000,000,000,000,000"),
    ],
)
def test_bad_requests_are_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("what", [1.5, b"bytes", None, True, {"role": "user"}])
def test_a_request_of_the_wrong_type_is_a_clear_type_error(what):
    with pytest.raises((TypeError, ValueError), match="text|token|message|dict|role"):
        pricing.estimate(what, model="gpt-4o")


def test_the_largest_allowed_request_is_priced_exactly():
    cost = pricing.estimate(10**15, model="gpt-4o", output_tokens=10**15, reasoning_tokens=10**15)
    assert cost.total_usd == Decimal("2.5e-6") * 10**15 + Decimal("1e-5") * 2 * 10**15


def test_prices_per_million_with_limits():
    frame = pricing.prices(["gpt-4o", "gpt-5.4"])
    assert frame.loc["gpt-4o", "input"] == Decimal("2.5") and frame.loc["gpt-4o", "output"] == Decimal("10")
    assert frame.loc["gpt-4o", "max_input"] == 128_000
    assert frame.loc["gpt-5.4", "input over 272K"] == Decimal("5")
    assert "as of 2026-11-27" in frame.caption() and frame.index.name == "model"


def test_load_prices_switches_tables_and_keeps_the_old_one_on_error(tmp_path):
    newer = tmp_path / "prices.json"
    newer.write_text(
        json.dumps(
            {
                "sample_spec": {"input_cost_per_token": 0},
                "gpt-4o": {
                    "input_cost_per_token": 0.000001,
                    "output_cost_per_token": 0.000004,
                    "litellm_provider": "openai",
                    "mode": "chat",
                },
            }
        )
    )
    table = pricing.load_prices(newer, as_of="2027-01-01", source="my file")
    assert pricing.estimate(1_000_000, model="gpt-4o").total_usd == Decimal("1")
    assert table.date == "2027-01-01" and pricing.estimate(1, model="gpt-4o").source == "my file"
    for content, problem in [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected an object"),
        ('{"m": {"input_cost_per_token": "cheap", "output_cost_per_token": 1}}', "should be a number"),
        ('{"m": {"input_cost_per_token": -1, "output_cost_per_token": 1}}', "is negative"),
        ('{"m": {"mode": "embedding", "input_cost_per_token": 1, "output_cost_per_token": 1}}', "no OpenAI chat model"),
        ('{"m": {"input_cost_per_token": 1e30, "output_cost_per_token": 1}}', "more than any real price"),
        (
            '{"m": {"input_cost_per_token": 1, "output_cost_per_token": 1, "max_input_tokens": {}}}',
            "should be a number",
        ),
        ('{"m ": {"input_cost_per_token": 1, "output_cost_per_token": 1}}', "spaces around it"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply|expected an object"),
    ]:
        bad = tmp_path / "bad.json"
        bad.write_text(content)
        with pytest.raises(ValueError, match=f"bad.json.*{problem}"):
            pricing.load_prices(bad)
        assert pricing.price_table() is table  # the table in use stays
    with pytest.raises(ValueError, match="cannot read"):
        pricing.load_prices(tmp_path / "missing.json")
    assert pricing.reset_prices().source == "LiteLLM 1.110.2"


def test_a_price_file_may_start_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "prices.json"
    path.write_bytes(
        b"\xef\xbb\xbf" + json.dumps({"gpt-4o": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}).encode()
    )
    assert pricing.read_prices(path).price("gpt-4o")["input_cost_per_token"] == Decimal("0.000001")


def test_use_prices_switches_for_a_block_only(tmp_path):
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"gpt-4o": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}))
    shipped = pricing.price_table()
    with pricing.use_prices(path) as table:
        assert pricing.estimate(1_000_000, model="gpt-4o").total_usd == 1 and pricing.price_table() is table
    assert pricing.price_table() is shipped
    cheap = pricing.read_prices(path)
    assert pricing.estimate(1_000_000, model="gpt-4o", prices=cheap).total_usd == 1  # or name it per call
    assert pricing.price_table() is shipped


def test_projection_and_models_side_by_side():
    month = pricing.estimate(1000, model="gpt-4o-mini", output_tokens=200).per_month(500)
    assert month == pricing.estimate(1000, model="gpt-4o-mini", output_tokens=200) * (500 * 30)
    assert month.input_tokens == 15_000_000 and month.total_usd == 15_000_000 * Decimal(
        "1.5e-07"
    ) + 3_000_000 * Decimal("6e-07")
    frame = pricing.compare_models("Hello there", models=["gpt-4o", "gpt-4o-mini"], output_tokens=100)
    assert list(frame.index) == ["gpt-4o", "gpt-4o-mini"] and frame.loc["gpt-4o", "output"] == Decimal("0.001")
    assert frame.shown()["output"].tolist() == ["$0.00100", "$0.00006"]  # the points line up


def test_historical_launch_prices_have_sources():
    frame = pricing.historical()
    assert frame.loc["gpt-3.5-turbo", "input_usd_per_1k"] == Decimal("0.002")
    assert frame.loc["gpt-4-32k", "output_usd_per_1k"] == Decimal("0.12")
    assert frame.loc["gpt-4 (8K context)", "input_usd_per_1m"] == Decimal("30")
    assert frame["source"].str.len().min() > 20
