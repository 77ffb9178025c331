from __future__ import annotations

import pytest

from tokenlab import plots
from tokenlab.ratelimits import Request, simulate, steady


def test_requests_over_the_rpm_limit_are_refused_until_the_minute_passes():
    run = simulate([Request(0, 100), Request(1, 100), Request(2, 100), Request(61, 100)], rpm=2, tpm=10_000)
    assert list(run["status"]) == ["ok", "ok", "rpm", "ok"]
    assert run.loc[2, "wait_s"] == 58  # the request at 0 s leaves the window at 60 s


def test_tokens_count_the_larger_of_the_prompt_and_the_reserved_output():
    run = simulate(steady(4, per_minute=60, prompt_tokens=1000, max_output_tokens=9000), rpm=100, tpm=30_000)
    assert list(run["counted_tokens"]) == [9_000] * 4
    assert list(run["status"]) == ["ok", "ok", "ok", "tpm"]
    assert list(run["tokens_in_window"]) == [9_000, 18_000, 27_000, 27_000]
    assert run.loc[3, "wait_s"] == 57  # the first request leaves at 60 s; this one came at 3 s


def test_a_prompt_larger_than_the_reserved_output_counts_as_itself():
    assert Request(0, 5_000, 200).counted_tokens == 5_000
    assert Request(0, 5_000).counted_tokens == 5_000


def test_reserving_less_output_lets_more_requests_through():
    greedy = simulate(steady(10, per_minute=60, prompt_tokens=1000, max_output_tokens=9000), rpm=100, tpm=30_000)
    modest = simulate(steady(10, per_minute=60, prompt_tokens=1000, max_output_tokens=500), rpm=100, tpm=30_000)
    assert (greedy["status"] == "ok").sum() == 3 and (modest["status"] == "ok").sum() == 10


def test_a_request_larger_than_the_tpm_limit_never_fits():
    run = simulate([Request(0, 50_000)], rpm=10, tpm=40_000)
    assert run.loc[0, "status"] == "never" and run.loc[0, "wait_s"] is None


def test_requests_are_taken_in_order_of_arrival():
    run = simulate([Request(5, 10), Request(0, 10)], rpm=1, tpm=100)
    assert list(run["at_s"]) == [0, 5] and list(run["status"]) == ["ok", "rpm"]


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"rpm": 0, "tpm": 10}, ValueError),
        ({"rpm": 1, "tpm": float("nan")}, TypeError),
        ({"rpm": 1, "tpm": 10, "window": 0}, ValueError),
        ({"rpm": 1, "tpm": 10, "window": -60}, ValueError),
        ({"rpm": 1, "tpm": 10, "window": float("nan")}, ValueError),
        ({"rpm": 1.5, "tpm": 10}, TypeError),
    ],
)
def test_bad_limits_are_clear_errors(options, error):
    with pytest.raises(error, match="rpm|tpm|window"):
        simulate([Request(0, 5)], **options)


def test_bad_requests_are_clear_errors():
    with pytest.raises(ValueError, match="negative"):
        simulate([Request(0, -5)], rpm=1, tpm=10)
    with pytest.raises(ValueError, match="finite"):
        simulate([Request(float("nan"), 5)], rpm=1, tpm=10)
    with pytest.raises(TypeError, match="Request"):
        simulate(["not a request"], rpm=1, tpm=10)


def test_statuses_are_codes_and_words_come_only_when_shown():
    from tokenlab import set_language
    from tokenlab.ratelimits import STATUSES, status_text

    run = simulate(steady(5, per_minute=60, prompt_tokens=10), rpm=2, tpm=10_000)
    assert set(run["status"]) <= set(STATUSES)
    set_language("zh_CN")
    try:
        assert set(simulate(steady(5, per_minute=60, prompt_tokens=10), rpm=2, tpm=10_000)["status"]) <= set(STATUSES)
    finally:
        set_language("en")
    assert status_text("rpm").startswith("429")


def test_the_chart_marks_refused_requests():
    run = simulate(steady(6, per_minute=60, prompt_tokens=1000), rpm=3, tpm=10_000)
    fig = plots.rate_limit_chart(run)
    fig.canvas.draw()
    tokens_ax, _requests_ax = fig.axes
    refused = tokens_ax.collections[1].get_offsets()
    assert len(refused) == 3 and "3 requests and 10,000 tokens" in tokens_ax.get_title(loc="left")
