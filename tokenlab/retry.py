"""Retry an API call when trying again can help, and only then.

Worth retrying: being rate limited (429 ``rate_limit_exceeded``), a timeout, a lost connection, a
server error or overload (5xx). Not worth it: a bad or revoked key (401), no permission (403), a
request the API will always refuse (400, 422: e.g. too many tokens, a bad parameter), an empty
account, whatever its status (OpenAI's 429 ``insufficient_quota``, DeepSeek's 402 "Insufficient
Balance"), and a hard monthly spend limit reached (OpenAI's 429 ``organization_spend_limit_exceeded``
or ``project_spend_limit_exceeded``: its Spend limits guide, read 2026-12-03). No amount of waiting
refills an account. Waits grow exponentially with random jitter, and a
server's ``retry-after`` header is honored.

The ``openai`` package retries by itself too (``max_retries``, 2 by default): every 408, 409, 429 and
5xx, ``insufficient_quota`` included, unless the server answers ``x-should-retry: false`` (or asks to
wait over two minutes); see ``_should_retry`` in its ``_base_client.py`` (openai 3.60).

>>> attempts = []
>>> def flaky():
...     attempts.append(1)
...     if len(attempts) < 3:
...         raise TimeoutError("slow network")
...     return "done"
>>> retry(flaky, sleep=lambda s: None)
'done'
>>> len(attempts)
3
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from typing import TypeVar

from ._checks import brief, whole
from ._i18n import _

__all__ = ["retry", "worth_retrying", "wait_for", "MAX_ATTEMPTS"]

MAX_ATTEMPTS = 100  # more tries than this is a loop, not a retry
# 429 codes that waiting minutes cannot fix: no credit, or a hard monthly spend limit reached
_SPENT = frozenset({"insufficient_quota", "organization_spend_limit_exceeded", "project_spend_limit_exceeded"})

T = TypeVar("T")


def worth_retrying(error: BaseException) -> bool:
    """Whether trying the same request again could succeed."""
    status = getattr(error, "status_code", None)
    if status is None:  # no HTTP answer: a timeout or a lost connection can pass
        name = type(error).__name__
        return isinstance(error, (TimeoutError, ConnectionError)) or name in ("APIConnectionError", "APITimeoutError")
    if status == 429:
        return _code(error) not in _SPENT
    return status in (408, 409) or status >= 500


def wait_for(error: BaseException, attempt: int, *, base: float = 1.0, cap: float = 60.0, jitter: bool = True) -> float:
    """Seconds to wait before attempt ``attempt + 1``: the server's retry-after if it gave one
    (seconds, milliseconds or an HTTP date; at most ``cap``), else ``base * 2**attempt`` (at most
    ``cap``), with full jitter.

    >>> wait_for(TimeoutError(), 3, jitter=False), wait_for(TimeoutError(), 500, jitter=False)
    (8.0, 60.0)
    """
    attempt = whole(attempt, "attempt")
    base, cap = _seconds(base, "base"), _seconds(cap, "cap")
    told = _retry_after(error)
    if told is not None:
        return min(cap, told)
    delay = min(cap, base * 2.0 ** min(attempt, 1000))  # 2.0**1000 is finite: no overflow
    return random.uniform(0, delay) if jitter else delay


def _retry_after(error: BaseException) -> float | None:
    """The wait a server asked for, in seconds (0 for a time already past), or None."""
    headers = getattr(getattr(error, "response", None), "headers", None)
    get = getattr(headers, "get", None)
    if not callable(get):
        return None
    for header, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = get(header)
        if not isinstance(value, str):
            continue
        try:
            seconds = float(value) * scale
        except ValueError:
            seconds = _until(value) if header == "retry-after" else math.nan
        if math.isfinite(seconds) or seconds == math.inf:
            return max(0.0, seconds)
    return None


def _until(date: str) -> float:
    """Seconds from now until an HTTP date (``Wed, 21 Oct 2015 07:28:00 GMT``), or NaN."""
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError, OverflowError):
        return math.nan
    if when.tzinfo is None:
        return math.nan
    return when.timestamp() - time.time()


def _seconds(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            _("{name} is a number of seconds, not {name2} ({brief})").format(
                name=name, name2=type(value).__name__, brief=brief(value)
            )
        )
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(
            _("{name} must be a finite number of seconds, 0 or more, not {brief}").format(name=name, brief=brief(value))
        )
    return float(value)


def retry(
    call: Callable[[], T],
    *,
    attempts: int = 5,
    base: float = 1.0,
    cap: float = 60.0,
    jitter: bool = True,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[int, BaseException, float], None] | None = None,
) -> T:
    """Call ``call()``; on an error worth retrying, wait and try again, up to ``attempts`` times
    (1 to ``MAX_ATTEMPTS``).

    ``on_retry(attempt, error, seconds)`` is called before each wait (e.g. to print it). The last
    error, or the first one not worth retrying, is raised.
    """
    if not callable(call):
        raise TypeError(_("call is a function to call, not {name}").format(name=type(call).__name__))
    attempts = whole(attempts, "attempts", low=1, high=MAX_ATTEMPTS)
    base, cap = _seconds(base, "base"), _seconds(cap, "cap")
    for attempt in range(attempts):
        try:
            return call()
        except Exception as error:
            if attempt == attempts - 1 or not worth_retrying(error):
                raise
            seconds = wait_for(error, attempt, base=base, cap=cap, jitter=jitter)
            if on_retry is not None:
                on_retry(attempt + 1, error, seconds)
            sleep(seconds)
    raise AssertionError("unreachable")


def _code(error: BaseException) -> str | None:
    code = getattr(error, "code", None)
    if code:
        return str(code)
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        return inner.get("code") if isinstance(inner, dict) else None
    return None
