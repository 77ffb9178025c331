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

    assert retry(call, jitter=False, sleep=seen.append, on_retry=lambda n, e, s: None) == "ok"
    assert seen == [1, 2]
    with pytest.raises(ValueError, match="at least 1"):
        retry(call, attempts=0)
