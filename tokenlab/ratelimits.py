"""Rate limits: requests per minute (RPM) and tokens per minute (TPM), simulated.

The API counts each request against both limits as it arrives, over the last minute. For tokens
it counts the prompt *plus* the ``max_tokens`` the request reserves for output (not what the model
ends up writing), so asking for far more output than you need uses up your TPM. A request that
would go over either limit is refused with HTTP 429 until enough older requests leave the window.

>>> run = simulate([Request(0, 1000, 500)] * 3, rpm=2, tpm=100_000)
>>> list(run["status"])
['ok', 'ok', '429 requests per minute']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Request", "simulate", "steady"]

WORDS = {
    "ok": "ok",
    "rpm": "429 requests per minute",
    "tpm": "429 tokens per minute",
    "never": "429 larger than the TPM limit",
}


class Request(NamedTuple):
    """A request sent ``at`` seconds from the start, with its prompt and reserved output."""

    at: float
    prompt_tokens: int
    max_output_tokens: int = 0

    @property
    def counted_tokens(self) -> int:
        """What the limiter counts: the prompt plus the output the request reserves."""
        return self.prompt_tokens + self.max_output_tokens


def steady(n: int, *, per_minute: float, prompt_tokens: int, max_output_tokens: int = 0) -> list[Request]:
    """``n`` identical requests sent at a steady pace of ``per_minute`` requests a minute."""
    if n < 0 or per_minute <= 0:
        raise ValueError("n must be 0 or more and per_minute more than 0")
    return [Request(i * 60.0 / per_minute, prompt_tokens, max_output_tokens) for i in range(n)]


def simulate(requests: Sequence[Request], *, rpm: int, tpm: int, window: float = 60.0) -> pd.DataFrame:
    """Which requests the limits let through, and how long a refused one would have to wait.

    One row per request, in order of arrival: its counted tokens, the requests and tokens in the
    window once it is counted (if accepted), its status, and ``wait_s``, the seconds until it would
    fit (empty for accepted requests, and for one that can never fit).
    """
    import pandas as pd

    if rpm < 1 or tpm < 1:
        raise ValueError("rpm and tpm must be at least 1")
    accepted: list[Request] = []
    rows = []
    for request in sorted(requests, key=lambda r: r.at):
        if request.prompt_tokens < 0 or request.max_output_tokens < 0:
            raise ValueError(f"a request at {request.at}s has a negative token count")
        recent = [r for r in accepted if r.at > request.at - window]
        used = sum(r.counted_tokens for r in recent)
        status, wait = WORDS["ok"], None
        if request.counted_tokens > tpm:
            status = WORDS["never"]
        elif len(recent) + 1 > rpm:
            status, wait = WORDS["rpm"], _wait(recent, request, window, lambda rs: len(rs) + 1 <= rpm)
        elif used + request.counted_tokens > tpm:
            status, wait = WORDS["tpm"], _wait(recent, request, window,
                                               lambda rs: sum(r.counted_tokens for r in rs) + request.counted_tokens <= tpm)  # fmt: skip
        if status == WORDS["ok"]:
            accepted.append(request)
            recent.append(request)
            used += request.counted_tokens
        rows.append({"at_s": request.at, "prompt_tokens": request.prompt_tokens,
                     "max_output_tokens": request.max_output_tokens, "counted_tokens": request.counted_tokens,
                     "requests_in_window": len(recent), "tokens_in_window": used, "status": status, "wait_s": wait})  # fmt: skip
    table = pd.DataFrame(rows, columns=["at_s", "prompt_tokens", "max_output_tokens", "counted_tokens",
                                        "requests_in_window", "tokens_in_window", "status", "wait_s"])  # fmt: skip
    table.attrs.update(rpm=rpm, tpm=tpm, window=window)
    return table


def _wait(recent: list[Request], request: Request, window: float, fits) -> float:  # type: ignore[no-untyped-def]
    """Seconds until enough of ``recent`` leave the window for ``fits`` to hold."""
    for i, leaving in enumerate(recent):
        if fits(recent[i + 1 :]):
            return round(leaving.at + window - request.at, 6)
    return round(recent[-1].at + window - request.at, 6)
