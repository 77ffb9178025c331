"""Retry an API call when trying again can help, and only then.

Worth retrying: being rate limited (429 ``rate_limit_exceeded``), a timeout, a lost connection, a
server error (5xx). Not worth it: a bad or revoked key (401), no permission (403), a request the API
will always refuse (400, e.g. too many tokens), and 429 ``insufficient_quota``: no amount of waiting
refills an empty account. Waits grow exponentially with random jitter, and a server's
``retry-after`` header is honored.

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

import random
import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["retry", "worth_retrying", "wait_for"]

T = TypeVar("T")


def worth_retrying(error: BaseException) -> bool:
    """Whether trying the same request again could succeed."""
    status = getattr(error, "status_code", None)
    if status is None:  # no HTTP answer: a timeout or a lost connection can pass
        name = type(error).__name__
        return isinstance(error, (TimeoutError, ConnectionError)) or name in ("APIConnectionError", "APITimeoutError")
    if status == 429:
        return _code(error) != "insufficient_quota"
    return status in (408, 409) or status >= 500


def wait_for(error: BaseException, attempt: int, *, base: float = 1.0, cap: float = 60.0, jitter: bool = True) -> float:
    """Seconds to wait before attempt ``attempt + 1``: the server's retry-after if it gave one,
    else ``base * 2**attempt`` (at most ``cap``), with full jitter."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None) or {}
    for header, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(header)
        if value is not None:
            try:
                return min(cap, max(0.0, float(value) * scale))
            except ValueError:
                pass
    delay = min(cap, base * 2**attempt)
    return random.uniform(0, delay) if jitter else delay


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
    """Call ``call()``; on an error worth retrying, wait and try again, up to ``attempts`` times.

    ``on_retry(attempt, error, seconds)`` is called before each wait (e.g. to print it). The last
    error, or the first one not worth retrying, is raised.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
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
