from __future__ import annotations

import httpx
import openai
import pytest

from tokenlab.retry import retry, wait_for, worth_retrying


def _error(status: int, code: str | None = None, headers: dict | None = None) -> openai.APIStatusError:
    request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx.Response(status, headers=headers or {}, request=request)
    body = {"error": {"message": "m", "type": "t", "param": None, "code": code}}
    return openai.OpenAI(api_key="x", base_url="http://127.0.0.1/v1")._make_status_error(
        "m", body=body, response=response
    )


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (429, "rate_limit_exceeded", True),
        (429, "insufficient_quota", False),
        (429, "project_spend_limit_exceeded", False),  # a hard spend limit: OpenAI's Spend limits guide
        (429, "organization_spend_limit_exceeded", False),
        (402, None, False),  # DeepSeek's "Insufficient Balance"
        (422, None, False),  # DeepSeek's "Invalid Parameters"
        (429, None, True),  # DeepSeek's "Rate Limit Reached": no code in its body
        (401, "invalid_api_key", False),
        (403, None, False),
        (400, "context_length_exceeded", False),
        (500, None, True),
        (503, None, True),
        (408, None, True),
    ],
)
def test_only_errors_worth_retrying_are_retried(status, code, expected):
    error = _error(status, code)
    assert worth_retrying(error) is expected
    calls = []

    def fail():
        calls.append(1)
        raise error

    with pytest.raises(type(error)):
        retry(fail, attempts=3, sleep=lambda s: None)
    assert len(calls) == (3 if expected else 1)


def test_connection_errors_and_timeouts_are_worth_retrying():
    assert worth_retrying(TimeoutError()) and worth_retrying(ConnectionResetError())
    assert worth_retrying(openai.APIConnectionError(request=httpx.Request("GET", "http://127.0.0.1")))
    assert not worth_retrying(ValueError("bad input"))


def test_waits_grow_exponentially_with_jitter_and_honor_retry_after():
    plain = _error(429, "rate_limit_exceeded")
    assert [wait_for(plain, n, jitter=False) for n in range(4)] == [1, 2, 4, 8]
    assert wait_for(plain, 10, cap=30, jitter=False) == 30
    assert all(0 <= wait_for(plain, 3) <= 8 for _ in range(50))
    assert wait_for(_error(429, "rate_limit_exceeded", {"retry-after": "7"}), 0) == 7
    assert wait_for(_error(429, "rate_limit_exceeded", {"retry-after-ms": "250"}), 0) == 0.25


def test_retry_reports_each_wait_and_returns_the_result():
    seen, attempts = [], iter([TimeoutError(), TimeoutError(), "ok"])

    def call():
        item = next(attempts)
        if isinstance(item, Exception):
            raise item
        return item

    reported = []
    on_retry = lambda n, e, s: reported.append((n, type(e).__name__, s))
    assert retry(call, jitter=False, sleep=seen.append, on_retry=on_retry) == "ok"
    assert seen == [1, 2]
    assert reported == [(1, "TimeoutError", 1.0), (2, "TimeoutError", 2.0)]  # before each wait, with it


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"attempts": 0}, ValueError, "attempts must be from 1 to 100"),
        ({"attempts": 2000}, ValueError, "attempts must be from 1 to 100"),
        ({"attempts": 2.5}, TypeError, "attempts is a whole number"),
        ({"attempts": True}, TypeError, "attempts is a whole number"),
        ({"cap": -1}, ValueError, "cap must be a finite number of seconds, 0 or more"),
        ({"cap": float("nan")}, ValueError, "cap must be a finite"),
        ({"base": float("inf")}, ValueError, "base must be a finite"),
        ({"base": "1"}, TypeError, "base is a number of seconds"),
    ],
)
def test_bad_options_are_clear_errors_before_any_call(options, error, match):
    calls = []
    with pytest.raises(error, match=match):
        retry(lambda: calls.append(1), **options)
    assert calls == []


def test_many_attempts_never_overflow_and_never_wait_past_the_cap():
    waits = []

    def fail():
        raise TimeoutError

    with pytest.raises(TimeoutError):
        retry(fail, attempts=100, base=3.0, cap=5.0, sleep=waits.append)
    assert len(waits) == 99 and all(0 <= w <= 5 for w in waits)
    assert wait_for(TimeoutError(), 10**6, jitter=False, cap=7) == 7
    assert wait_for(TimeoutError(), 5, base=0, jitter=False) == 0


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        ("retry-after", "-5", 0.0),
        ("retry-after", "nan", 8.0),  # ignored: the usual backoff
        ("retry-after", "1e999", 60.0),
        ("retry-after", "10" * 400, 60.0),
        ("retry-after", "soon", 8.0),
        ("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date in the past
        ("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT", 60.0),
        ("retry-after-ms", "-1", 0.0),
        ("retry-after-ms", "inf", 60.0),
    ],
)
def test_odd_retry_after_values_are_read_safely(header, value, expected):
    assert wait_for(_error(429, "rate_limit_exceeded", {header: value}), 3, jitter=False) == expected


def test_an_http_date_in_retry_after_is_the_time_left():
    from datetime import datetime, timedelta, timezone
    from email.utils import format_datetime

    soon = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    assert 25 <= wait_for(_error(429, "rate_limit_exceeded", {"retry-after": soon}), 0) <= 31
