"""Rate limits: requests per minute (RPM) and tokens per minute (TPM), simulated.

OpenAI sets these limits for an organization and a project (by its usage tier), not for one key:
every key of a project draws on the same allowance. The API counts each request against both
limits as it arrives, over the last minute. For tokens, OpenAI's rate-limit guide counts "the
maximum of max_tokens and the estimated number of tokens based on the character count of your
request": the larger of the prompt and the output the request reserves (``max_tokens`` or
``max_completion_tokens``), not what the model ends up writing, so asking for far more output than
you need uses up your TPM. (The simulation takes the prompt's exact count as the estimate.) A
request that would go over either limit is refused with HTTP 429 until enough older requests leave
the window.

The ``status`` column holds codes (``ok``, ``rpm``, ``tpm``, ``never``); ``status_text`` says them
in words.

>>> run = simulate([Request(0, 1000, 500)] * 3, rpm=2, tpm=100_000)
>>> list(run["status"])
['ok', 'ok', 'rpm']
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ._checks import brief, positive, whole
from ._i18n import N_, _
from ._look import Look

if TYPE_CHECKING:
    from . import _table

__all__ = ["Request", "simulate", "steady", "status_text", "tpm_tokens", "STATUSES"]

STATUSES = ("ok", "rpm", "tpm", "never")
MAX_REQUESTS = 100_000  # a simulation is for looking at: more requests than this is a mistake


def status_text(code: str) -> str:
    """A status code in words, in the language in use."""
    texts = {
        "ok": _("accepted"),
        "rpm": _("429: over the requests-per-minute limit"),
        "tpm": _("429: over the tokens-per-minute limit"),
        "never": _("429: larger than the whole TPM limit"),
    }
    return texts.get(code, code)


def tpm_tokens(prompt_tokens: int, max_output_tokens: int) -> int:
    """What the TPM limit counts for one request: the larger of its prompt and its reserved output.

    >>> tpm_tokens(500, 4000), tpm_tokens(5000, 200)
    (4000, 5000)
    """
    return max(prompt_tokens, max_output_tokens)


class Request(NamedTuple):
    """A request sent ``at`` seconds from the start, with its prompt and reserved output."""

    at: float
    prompt_tokens: int
    max_output_tokens: int = 0

    @property
    def counted_tokens(self) -> int:
        """What the limiter counts: the larger of the prompt and the output the request reserves."""
        return tpm_tokens(self.prompt_tokens, self.max_output_tokens)


def steady(n: int, *, per_minute: float, prompt_tokens: int, max_output_tokens: int = 0) -> list[Request]:
    """``n`` identical requests sent at a steady pace of ``per_minute`` requests a minute."""
    whole(n, "n", high=MAX_REQUESTS)
    positive(per_minute, "per_minute", high=1e9)
    whole(prompt_tokens, "prompt_tokens")
    whole(max_output_tokens, "max_output_tokens")
    return [Request(i * 60.0 / per_minute, prompt_tokens, max_output_tokens) for i in range(n)]


def simulate(requests: Sequence[Request], *, rpm: int, tpm: int, window: float = 60.0) -> _table.Table:
    """Which requests the limits let through, and how long a refused one would have to wait.

    One row per request, in order of arrival: its counted tokens, the requests and tokens in the
    window once it is counted (if accepted), its status code, and ``wait_s``, the seconds until it
    would fit (empty for accepted requests, and for one that can never fit).
    """
    import pandas as pd

    whole(rpm, "rpm", low=1)
    whole(tpm, "tpm", low=1)
    positive(window, "window", high=86_400 * 366)
    if isinstance(requests, (str, bytes)) or len(requests) > MAX_REQUESTS:
        raise ValueError(
            _("simulate takes a list of at most {max_requests:,} Requests").format(max_requests=MAX_REQUESTS)
        )
    checked = [_request(r) for r in requests]
    accepted: list[Request] = []
    rows = []
    for request in sorted(checked, key=lambda r: r.at):
        recent = [r for r in accepted if r.at > request.at - window]
        used = sum(r.counted_tokens for r in recent)
        status, wait = "ok", None
        if request.counted_tokens > tpm:
            status = "never"
        elif len(recent) + 1 > rpm:
            status, wait = "rpm", _wait(recent, request, window, lambda rs: len(rs) + 1 <= rpm)
        elif used + request.counted_tokens > tpm:
            status, wait = (
                "tpm",
                _wait(
                    recent,
                    request,
                    window,
                    lambda rs: sum(r.counted_tokens for r in rs) + request.counted_tokens <= tpm,  # noqa: B023 (called at once)
                ),
            )
        if status == "ok":
            accepted.append(request)
            recent.append(request)
            used += request.counted_tokens
        rows.append(
            {
                "at_s": request.at,
                "prompt_tokens": request.prompt_tokens,
                "max_output_tokens": request.max_output_tokens,
                "counted_tokens": request.counted_tokens,
                "requests_in_window": len(recent),
                "tokens_in_window": used,
                "status": status,
                "wait_s": wait,
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "at_s",
            "prompt_tokens",
            "max_output_tokens",
            "counted_tokens",
            "requests_in_window",
            "tokens_in_window",
            "status",
            "wait_s",
        ],
    )
    table.attrs.update(rpm=rpm, tpm=tpm, window=window)
    from . import _table

    return _table.table(
        table, dataclasses.replace(LOOK, caption_args={"rpm": f"{rpm:,}", "tpm": f"{tpm:,}", "window": f"{window:g}"})
    )


# How a run shows itself: its columns and statuses stay codes; headers and statuses are words.
LOOK = Look(
    columns={
        "at_s": N_("arrives at (s)"),
        "prompt_tokens": N_("prompt tokens"),
        "max_output_tokens": N_("reserved output"),
        "counted_tokens": N_("counted against TPM"),
        "requests_in_window": N_("requests in the window"),
        "tokens_in_window": N_("tokens in the window"),
        "status": N_("status"),
        "wait_s": N_("wait (s)"),
    },
    index=N_("request"),
    values={
        "status": {
            "ok": N_("accepted"),
            "rpm": N_("refused: RPM"),
            "tpm": N_("refused: TPM"),
            "never": N_("refused: never fits"),
        }
    },
    decimals={"at_s": 1, "wait_s": 1},
    caption=N_("Limits: {rpm} requests and {tpm} tokens in any {window} seconds"),
)


def _request(request: object) -> Request:
    if not isinstance(request, tuple) or not 2 <= len(request) <= 3:
        raise TypeError(
            _("each request is a Request(at, prompt_tokens, max_output_tokens), not {brief}").format(
                brief=brief(request)
            )
        )
    at, prompt, *rest = request
    if isinstance(at, bool) or not isinstance(at, (int, float)) or not math.isfinite(at):
        raise ValueError(_("a request's time must be a finite number of seconds, not {brief}").format(brief=brief(at)))
    for value, name in ((prompt, "prompt_tokens"), *((v, "max_output_tokens") for v in rest)):
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            raise ValueError(_("a request at {at}s has a negative token count").format(at=at))
        whole(value, name)
    return Request(float(at), prompt, *rest)


def _wait(recent: list[Request], request: Request, window: float, fits: Callable[[list[Request]], bool]) -> float:
    """Seconds until enough of ``recent`` leave the window for ``fits`` to hold."""
    for i, leaving in enumerate(recent):
        if fits(recent[i + 1 :]):
            return round(leaving.at + window - request.at, 6)
    return round(recent[-1].at + window - request.at, 6)
