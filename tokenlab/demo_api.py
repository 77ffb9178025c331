"""A stand-in for the OpenAI API on 127.0.0.1, so a class can meet its errors offline.

It answers ``POST /v1/chat/completions`` as the real API does: the same JSON bodies for errors, the
same status codes, and ``x-ratelimit-*`` headers, so the real ``openai`` package raises its real
exceptions. Which error you get depends on the demo key you send (``api.key("revoked")``), on the
request (too many tokens: 400), and on how fast you send (requests per minute: 429).

Every request gets an answer, a malformed one too: 400 with the API's error body and a message
that names the problem (a body that is not a JSON object, a ``max_tokens`` that is not a whole
number from 1, messages that are not a list of objects with a role and content), 404 for an
unknown path, 405 for a wrong method.

It binds to loopback only, runs in a background thread, and stops at ``stop()``, at the end of a
``with`` block, or when Python exits, whatever happened in between, closing the connections of
clients that are still there. Its log never holds a key: keys are masked and query strings left out.

>>> with DemoAPI() as api:
...     api.url.startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import atexit
import json
import secrets
import threading
import time
from collections import defaultdict
from typing import Any
from urllib.parse import unquote, urlsplit

from ._api_checks import NOT_JSON, request_problem
from ._checks import brief
from ._i18n import _, ngettext
from ._loopback import Answer, LoopbackServer, error_body
from .keys import mask, redact
from .ratelimits import tpm_tokens

__all__ = ["DemoAPI", "KINDS"]

KINDS = {
    "valid": "a working key",
    "revoked": "a key that was deleted (or never existed): 401",
    "no-access": "a key whose project may not use the model: 403",
    "no-quota": "an account with no credit left: 429 insufficient_quota",
    "busy": "a key that is rate limited for its first two tries, then works: 429, then 200",
    "unsupported_country_region_territory": "a key used where the API is not offered: 403",
}
_DOCS = "https://platform.openai.com/docs/guides/error-codes/api-errors"
_NO_REGION = "Country, region, or territory not supported"


class DemoAPI:
    """The demo server. ``rpm`` and ``tpm`` are the limits every key gets."""

    def __init__(self, *, rpm: int = 3, tpm: int = 20_000) -> None:
        self.rpm, self.tpm = rpm, tpm
        self._keys = {f"sk-demo-{kind}-{secrets.token_hex(12)}": kind for kind in KINDS}
        self._sent: dict[str, list[tuple[float, int]]] = defaultdict(list)  # key -> (time, tokens) accepted
        self._busy_tries: dict[str, int] = defaultdict(int)
        self.log: list[str] = []
        self._server: LoopbackServer | None = None
        self._lock = threading.Lock()

    def key(self, kind: str = "valid") -> str:
        """A demo key of one kind (see ``KINDS``); it works only with this server."""
        for key, k in self._keys.items():
            if k == kind:
                return key
        raise ValueError(
            _("no demo key of kind {brief}; kinds: {value}").format(brief=brief(kind), value=", ".join(KINDS))
        )

    @property
    def url(self) -> str:
        """The base URL to give the client: ``OpenAI(base_url=api.url, api_key=...)``."""
        if self._server is None:
            raise RuntimeError(_("the demo API is not running: call start() first"))
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> DemoAPI:
        if self._server is None:
            self._server = LoopbackServer(self.respond, self._log)
            atexit.register(self.stop)
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.stop()

    def _log(self, method: str, path: str, status: int) -> None:
        # Only the path, its keys masked: a query string may hold anything.
        parts = urlsplit(path)
        self.log.append(f"{method} {redact(unquote(parts.path))}{'?…' if parts.query else ''} -> {status}")

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> DemoAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = _("at {url}").format(url=self.url) if self.running else _("(stopped)")
        return _("<DemoAPI {where}: {rpm} requests, {tpm:,} tokens a minute>").format(
            where=where, rpm=self.rpm, tpm=self.tpm
        )

    # What the API answers, as (status, headers, body).
    def respond(self, method: str, path: str, headers: dict[str, str], raw: bytes | None) -> Answer:
        """The answer to one HTTP request (``headers`` with lowercase names)."""
        where = urlsplit(path).path
        if where.rstrip("/") != "/v1/chat/completions":
            return 404, {}, error_body(f"Invalid URL ({method} {where})")
        if method != "POST":
            return 405, {}, error_body(f"Invalid method for URL ({method} {where})")
        try:
            body = json.loads(raw or b"{}")
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
            return 400, {}, error_body(NOT_JSON)
        if not isinstance(body, dict):
            return 400, {}, error_body(NOT_JSON)
        auth = headers.get("authorization", "")
        return self.answer(auth[7:].strip() if auth.lower().startswith("bearer ") else None, body)

    def answer(self, key: str | None, body: dict[str, Any]) -> Answer:
        """The answer to a request ``body`` sent with ``key``."""
        kind = self._keys.get(key or "")
        if kind in (None, "revoked"):
            return (
                401,
                {},
                error_body(
                    f"Incorrect API key provided: {mask(key)}. You can find your API key at "
                    "https://platform.openai.com/account/api-keys.",
                    code="invalid_api_key",
                ),
            )
        if kind == "unsupported_country_region_territory":
            return 403, {}, error_body(_NO_REGION, "request_forbidden", "unsupported_country_region_territory")
        problem = request_problem(body)
        if problem is not None:
            return 400, {}, problem
        model = body["model"]
        from .chat import count_messages
        from .limits import context_window
        from .tokens import count

        try:
            window = context_window(model)
        except (ValueError, TypeError):
            return (
                404,
                {},
                error_body(
                    f"The model `{model}` does not exist or you do not have access to it.", code="model_not_found"
                ),
            )
        if kind == "no-access":
            return (
                403,
                {},
                error_body(f"Project `proj_demo` does not have access to model `{model}`", code="model_not_found"),
            )
        if kind == "no-quota":
            return (
                429,
                {},
                error_body(
                    "You exceeded your current quota, please check your plan and billing details. "
                    f"For more information on this error, read the docs: {_DOCS}.",
                    "insufficient_quota",
                    "insufficient_quota",
                ),
            )
        try:
            prompt = int(count_messages(body["messages"], model=model))
        except (ValueError, TypeError) as error:
            return 400, {}, error_body(f"Invalid 'messages': {error}", param="messages", code="invalid_value")
        reserve = body.get("max_completion_tokens") or body.get("max_tokens") or 0
        if prompt + reserve > window:
            return (
                400,
                {},
                error_body(
                    f"This model's maximum context length is {window} tokens. However, your messages resulted in "
                    f"{prompt + reserve} tokens. Please reduce the length of the messages.",
                    code="context_length_exceeded",
                    param="messages",
                ),
            )
        with self._lock:
            now = time.monotonic()
            key = key or ""
            sent = self._sent[key] = [(t, n) for t, n in self._sent[key] if t > now - 60]
            used = sum(n for _, n in sent)
            counted = tpm_tokens(prompt, reserve)
            if kind == "busy" and self._busy_tries[key] < 2:
                self._busy_tries[key] += 1
                return (
                    429,
                    {"retry-after": "0.2", **self._headers(sent, used)},
                    self._rate_error(model, "requests", len(sent), 0.2),
                )
            if len(sent) + 1 > self.rpm or used + counted > self.tpm:
                wait = round(sent[0][0] + 60 - now, 1) if sent else 60.0
                unit = "requests" if len(sent) + 1 > self.rpm else "tokens"
                return (
                    429,
                    {"retry-after": str(max(wait, 0.1)), **self._headers(sent, used)},
                    self._rate_error(model, unit, len(sent), wait),
                )
            sent.append((now, counted))
            headers = self._headers(sent, used + counted)
        reply = ngettext(  # in the language in use, as a model answers in the question's
            "(demo) I read your {n:,} prompt token. A real model would answer here.",
            "(demo) I read your {n:,} prompt tokens. A real model would answer here.",
            prompt,
        ).format(n=prompt)
        completion = count(reply, model=model)
        return (
            200,
            headers,
            {
                "id": f"chatcmpl-demo{secrets.token_hex(6)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply, "refusal": None},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                    "prompt_tokens_details": {"cached_tokens": 0},
                    "completion_tokens_details": {"reasoning_tokens": 0},
                },
            },
        )

    def _headers(self, sent: list[tuple[float, int]], used: int) -> dict[str, str]:
        now = time.monotonic()
        reset = f"{max(0.0, sent[0][0] + 60 - now):.0f}s" if sent else "0s"
        return {
            "x-ratelimit-limit-requests": str(self.rpm),
            "x-ratelimit-remaining-requests": str(max(0, self.rpm - len(sent))),
            "x-ratelimit-reset-requests": reset,
            "x-ratelimit-limit-tokens": str(self.tpm),
            "x-ratelimit-remaining-tokens": str(max(0, self.tpm - used)),
            "x-ratelimit-reset-tokens": reset,
        }

    def _rate_error(self, model: str, unit: str, used: int, wait: float) -> dict[str, Any]:
        limit, short = (self.rpm, "RPM") if unit == "requests" else (self.tpm, "TPM")
        return error_body(
            f"Rate limit reached for {model} in organization org-demo on {unit} per min ({short}): Limit {limit}, "
            f"Used {used}, Requested 1. Please try again in {wait:g}s. Visit "
            "https://platform.openai.com/account/rate-limits to learn more.",
            unit,
            "rate_limit_exceeded",
        )
