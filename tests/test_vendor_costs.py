"""DeepSeek's and 百炼's prices: each estimate equals a hand computation from the quoted numbers.

The numbers below are copied by hand from the vendors' pages (see tokenlab/data/prices/NOTICE), not
read from the shipped files, so a wrong quote or a wrong rule fails here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

import tokenlab
from tokenlab import fx, pricing
from tokenlab.cost import Note

M = Decimal(1_000_000)
MONDAY = datetime.date(2026, 12, 7)  # a working Monday, no holiday
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def at(day: datetime.date, hh: int, mm: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hh, mm)


# DeepSeek's page, per 1M tokens: (cache hit, cache miss, output) at peak; off-peak is half.
FLASH_CNY, FLASH_USD = (Decimal("0.04"), Decimal("2"), Decimal("8")), (Decimal("0.006"), Decimal("0.3"), Decimal("1.2"))
PRO_CNY = (Decimal("0.30"), Decimal("9.0"), Decimal("27.0"))


@pytest.mark.parametrize(
    ("moment", "peak"),
    [
        (at(MONDAY, 8, 59), False),
        (at(MONDAY, 9, 0), True),  # a window includes its start
        (at(MONDAY, 11, 59), True),
        (at(MONDAY, 12, 0), False),  # and excludes its end
        (at(MONDAY, 13, 59), False),
        (at(MONDAY, 14, 0), True),
        (at(MONDAY, 17, 59), True),
        (at(MONDAY, 18, 0), False),
        (at(datetime.date(2026, 12, 5), 10, 0), False),  # a Saturday
        (at(datetime.date(2026, 12, 6), 15, 0), False),  # a Sunday
        (at(datetime.date(2026, 10, 1), 10, 0), False),  # National Day, a Thursday
        (at(datetime.date(2026, 10, 8), 10, 0), True),  # the Thursday after it
    ],
)
def test_deepseek_peak_and_off_peak_by_the_minute(moment, peak):
    cost = pricing.estimate(1000, model="deepseek-flash", output_tokens=500, cached_input_tokens=200, at=moment)
    hit, miss, out = FLASH_CNY if peak else tuple(p / 2 for p in FLASH_CNY)
    assert cost.currency == "CNY"
    assert cost.input_cost == (800 * miss + 200 * hit) / M and cost.cached_input_cost == 200 * hit / M
    assert cost.output_cost == 500 * out / M
    assert Note("peak" if peak else "off_peak") in cost.notes


def test_a_holiday_and_a_weekend_say_why_they_are_off_peak():
    assert Note("holiday") in pricing.estimate(1, model="deepseek-flash", at=at(datetime.date(2026, 10, 1), 10)).notes
    weekend = pricing.estimate(1, model="deepseek-flash", at=at(datetime.date(2026, 12, 5), 10))
    assert Note("off_peak") in weekend.notes and Note("holiday") not in weekend.notes


def test_a_year_without_a_holiday_list_is_priced_and_says_so():
    cost = pricing.estimate(1000, model="deepseek-flash", at=at(datetime.date(2027, 1, 1), 10))  # a Friday
    assert Note("holidays_unknown", 2027) in cost.notes and Note("peak") in cost.notes
    assert "2027" in repr(cost)


def test_an_aware_time_far_from_beijing_is_converted():
    # 19:30 in Los Angeles (UTC-8) on Sunday 6 December is 11:30 on Monday 7 December in Beijing: peak.
    la = datetime.datetime(2026, 12, 6, 19, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-8)))
    assert Note("peak") in pricing.estimate(10, model="deepseek-flash", at=la).notes
    # the same wall-clock time read as Beijing time is Sunday evening: off-peak
    assert Note("off_peak") in pricing.estimate(10, model="deepseek-flash", at=la.replace(tzinfo=None)).notes
    utc = datetime.datetime(2026, 12, 7, 1, 0, tzinfo=datetime.timezone.utc)  # 09:00 Beijing
    assert Note("peak") in pricing.estimate(10, model="deepseek-flash", at=utc).notes


def test_without_a_time_deepseek_is_priced_at_peak_and_says_so():
    cost = pricing.estimate(1_000_000, model="deepseek-v4-pro", output_tokens=1_000_000)
    assert cost.total == PRO_CNY[1] + PRO_CNY[2] and Note("peak_assumed") in cost.notes


def test_deepseek_in_dollars_uses_its_dollar_page_not_a_conversion():
    cost = pricing.estimate(2000, model="deepseek-flash", output_tokens=300, currency="USD", at=at(MONDAY, 10))
    _hit, miss, out = FLASH_USD
    assert cost.currency == "USD" and cost.fx is None and Note("converted") not in cost.notes
    assert cost.total_usd == (2000 * miss + 300 * out) / M
    assert cost.source == "https://api-docs.deepseek.com/quick_start/pricing" and cost.read == "2026-12-03"


def test_deepseeks_legacy_name_is_billed_as_flash_and_says_so():
    legacy = pricing.estimate(5000, model="deepseek-v4-flash", output_tokens=50, at=at(MONDAY, 20))
    flash = pricing.estimate(5000, model="deepseek-flash", output_tokens=50, at=at(MONDAY, 20))
    assert legacy.total == flash.total and Note("legacy", "deepseek-flash") in legacy.notes


def test_deepseek_usage_with_its_cache_hit_field():
    usage = {"prompt_tokens": 1000, "completion_tokens": 100, "prompt_cache_hit_tokens": 600}
    cost = pricing.from_usage(usage, model="deepseek-flash", at=at(MONDAY, 22))
    hit, miss, out = (p / 2 for p in FLASH_CNY)
    assert cost.cached_input_tokens == 600 and cost.total == (600 * hit + 400 * miss + 100 * out) / M


def test_deepseek_usage_read_from_its_hit_and_miss_fields_as_the_sdk_returns_them():
    from openai.types import CompletionUsage

    # The openai SDK keeps DeepSeek's extra fields on its usage object, as attributes.
    usage = CompletionUsage(
        prompt_tokens=1000,
        completion_tokens=100,
        total_tokens=1100,
        prompt_cache_hit_tokens=600,
        prompt_cache_miss_tokens=400,
    )
    cost = pricing.from_usage(usage, model="deepseek-flash", at=at(MONDAY, 10))
    hit, miss, out = FLASH_CNY
    assert (cost.input_tokens, cost.cached_input_tokens) == (1000, 600)
    assert cost.cached_input_cost == 600 * hit / M and cost.total == (600 * hit + 400 * miss + 100 * out) / M
    assert cost == pricing.estimate(
        1000, model="deepseek-flash", output_tokens=100, cached_input_tokens=600, at=at(MONDAY, 10)
    )


def test_deepseek_usage_with_only_hits_and_misses_or_only_misses():
    both = pricing.from_usage({"prompt_cache_hit_tokens": 30, "prompt_cache_miss_tokens": 70}, model="deepseek-flash")
    assert (both.input_tokens, both.cached_input_tokens) == (100, 30)
    misses = pricing.from_usage({"prompt_tokens": 100, "prompt_cache_miss_tokens": 70}, model="deepseek-flash")
    assert misses.cached_input_tokens == 30


@pytest.mark.parametrize(
    "usage",
    [
        {"prompt_tokens": 100, "prompt_cache_hit_tokens": 30, "prompt_cache_miss_tokens": 60},  # 90, not 100
        {"prompt_tokens": 100, "prompt_cache_miss_tokens": 130},
        {"prompt_tokens": 100, "prompt_cache_hit_tokens": 130},
    ],
)
def test_deepseek_usage_that_does_not_add_up_is_a_clear_error(usage):
    with pytest.raises(ValueError, match="do not add up|more cached tokens"):
        pricing.from_usage(usage, model="deepseek-flash")


# 百炼 (mainland China), yuan per 1M tokens, tiers by the prompt's tokens (K = 1,024).
QWEN_PLUS = [(131_072, "0.8", "2", "8"), (262_144, "2.4", "20", "24"), (1_048_576, "4.8", "48", "64")]


@pytest.mark.parametrize("tier", range(3))
@pytest.mark.parametrize("over", [0, 1])
@pytest.mark.parametrize("thinking", [False, True])
def test_qwen_plus_tiers_at_each_threshold_and_one_over(tier, over, thinking):
    prompt = QWEN_PLUS[tier][0] + over
    if tier == 2 and over:
        with pytest.raises(ValueError, match="longer than qwen-plus's longest price tier"):
            pricing.estimate(prompt, model="qwen-plus")
        return
    _limit, inp, out, think = QWEN_PLUS[tier + over]
    cost = pricing.estimate(prompt, model="qwen-plus", output_tokens=1000, thinking=thinking)
    assert cost.input_cost == prompt * Decimal(inp) / M
    assert cost.output_cost == 1000 * Decimal(think if thinking else out) / M
    assert Note("thinking" if thinking else "non_thinking") in cost.notes


def test_reasoning_tokens_mean_thinking_and_are_billed_at_its_price():
    cost = pricing.estimate(100, model="qwen-turbo", output_tokens=50, reasoning_tokens=200)
    assert cost.reasoning_cost == 200 * Decimal("3") / M and cost.output_cost == 250 * Decimal("3") / M
    with pytest.raises(ValueError, match="no thinking mode"):
        pricing.estimate(100, model="qwen-max", thinking=True)


def test_qwen_implicit_cache_is_a_fifth_of_the_input_price():
    cost = pricing.estimate(10_000, model="qwen-flash", cached_input_tokens=4000)
    assert cost.input_cost == (6000 * Decimal("0.15") + 4000 * Decimal("0.15") * Decimal("0.2")) / M
    small = pricing.estimate(255, model="qwen-flash", cached_input_tokens=100)  # under 256: nothing cached
    assert small.cached_input_tokens == 0 and Note("cache_min_implicit", 100) in small.notes
    with pytest.raises(ValueError, match="no price for cached input"):
        pricing.estimate(10_000, model="qwen3.6-plus", cached_input_tokens=10)


def test_a_text_is_counted_with_the_vendors_own_tokenizer():
    text = "词元就是你付费的单位。Tokens are what you pay for."
    for model, encoding in [("deepseek-flash", "deepseek_v3"), ("qwen-plus", "qwen"), ("qwen3.6-plus", "qwen3.6")]:
        assert pricing.estimate(text, model=model).input_tokens == tokenlab.count(text, encoding=encoding)
    with pytest.raises(ValueError, match="no tokenizer for qwen3.7-max: give a token count"):
        pricing.estimate(text, model="qwen3.7-max")
    assert pricing.estimate(1_000_000, model="qwen3.7-max").total == Decimal("12")


RATE = fx.Rate(Decimal("7.5"), date="2026-12-01", source="a test rate")  # not a real rate: divides exactly


def test_a_missing_currency_is_converted_only_at_a_dated_rate_that_is_stated():
    qwen = pricing.estimate(100_000, model="qwen-flash", currency="USD", fx=RATE)  # ¥0.015 at ¥0.15 per 1M
    assert qwen.currency == "USD" and qwen.total_usd == Decimal("0.002")
    assert qwen.fx == RATE and "1 USD = 7.5 CNY (a test rate, 2026-12-01)" in repr(qwen)
    gpt = pricing.estimate(1_000_000, model="gpt-4o", currency="CNY", fx=RATE)  # $2.50
    assert gpt.total == Decimal("18.75") and Note("converted") in gpt.notes
    if fx.shipped_rate() is None:
        with pytest.raises(fx.NoRateError, match="ships none"):
            pricing.estimate(1, model="gpt-4o", currency="CNY")


def test_compare_vendors_counts_each_with_its_own_tokenizer_in_both_currencies():
    text = "请用三句话解释什么是词元。"
    frame = pricing.compare_vendors(
        text, models=["gpt-4o-mini", "deepseek-flash", "qwen3.6-flash"], output_tokens=200, at=at(MONDAY, 10), fx=RATE
    )
    assert list(frame["vendor"]) == ["openai", "deepseek", "alibaba"]
    assert list(frame["tokenizer"]) == ["o200k_base", "deepseek_v3", "qwen3.6"]
    assert frame.loc["deepseek-flash", "input_tokens"] == tokenlab.count(text, encoding="deepseek_v3")
    ds = frame.loc["deepseek-flash"]
    assert ds["converted"] is None and ds["total_cny"] == (ds["input_tokens"] * 2 + 200 * 8) / M
    assert frame.loc["gpt-4o-mini", "converted"] == "CNY" and frame.loc["qwen3.6-flash", "converted"] == "USD"
    assert frame.loc["qwen3.6-flash", "price_date"] == "2026-05-26" and ds["price_date"] is None
    bare = pricing.compare_vendors(text, models=["gpt-4o", "qwen-plus"])
    if fx.shipped_rate() is None:
        assert bare.loc["gpt-4o", "total_cny"] is None and bare.loc["qwen-plus", "total_usd"] is None


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: pricing.estimate(1, model="deepseek-flsh"), ValueError, "Did you mean 'deepseek-flash'"),
        (lambda: pricing.estimate(1, model="deepseek-flash", currency="EUR"), ValueError, "unknown currency 'EUR'"),
        (lambda: pricing.estimate(1, model="deepseek-flash", currency=7), TypeError, "a currency is a string"),
        (lambda: pricing.estimate(1, model="deepseek-flash", at="10:00"), TypeError, "at is a datetime"),
        (lambda: pricing.estimate(1, model="deepseek-flash", thinking="yes"), TypeError, "thinking is True or False"),
        (lambda: pricing.estimate(1, model="qwen-plus", batch=True), ValueError, "no batch prices"),
        (lambda: pricing.estimate(5, model="qwen-plus", cached_input_tokens=6), ValueError, "between 0 and the 5"),
        (lambda: pricing.estimate(1, model="gpt-4o", currency="CNY", fx=7.1), TypeError, "fx is a tokenlab.fx.Rate"),
        (lambda: pricing.estimate(1, model="qwen-plus").total_usd, ValueError, "this cost is in CNY"),
    ],
)
def test_hostile_inputs_get_one_line_errors(call, error, message):
    with pytest.raises(error, match=message) as caught:
        call()
    assert "\n" not in str(caught.value)


def test_a_currency_may_be_written_loosely():
    assert pricing.estimate(1, model="deepseek-flash", currency=" rmb ").currency == "CNY"
    assert pricing.estimate(1, model="deepseek-flash", currency="usd").currency == "USD"


def test_a_model_counted_but_not_priced_gets_its_count_and_no_price():
    frame = pricing.compare_vendors("你好，世界", models=["open-mistral-nemo", "deepseek-flash"], output_tokens=5)
    row = frame.loc["open-mistral-nemo"]
    assert (row["vendor"], row["tokenizer"], row["rules"]) == ("mistral", "tekken", ("no_price",))
    assert row["input_tokens"] == tokenlab.count("你好，世界", encoding="tekken") and row["total"] is None
    with pytest.raises(ValueError, match="no price for model 'open-mistral-nemo'"):
        pricing.estimate(1, model="open-mistral-nemo")
    assert row["price_date"] == "none" and "—" in frame.shown().loc["open-mistral-nemo"].tolist()


def test_compare_vendors_gives_the_totals_of_many_requests_and_says_so():
    one = pricing.compare_vendors("你好", models=["gpt-5.4-mini", "deepseek-flash", "qwen-plus"], output_tokens=100)
    month = pricing.compare_vendors(
        "你好", models=["gpt-5.4-mini", "deepseek-flash", "qwen-plus"], output_tokens=100, requests=9000
    )
    for column in ("total", "total_usd", "total_cny"):
        for model in one.index:
            single = one.loc[model, column]
            assert month.loc[model, column] == (None if single is None else single * 9000)
    assert list(month["input_tokens"]) == list(one["input_tokens"])  # one request's count
    assert month.caption() == "Totals for 9,000 such requests; token counts are one request's" and one.caption() == ""
    with pytest.raises(ValueError, match="requests must be from 1"):
        pricing.compare_vendors("你好", models=["deepseek-flash"], requests=0)
