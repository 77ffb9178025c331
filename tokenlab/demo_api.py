"""A stand-in for the OpenAI API on 127.0.0.1, so a class can meet its errors offline.

It answers ``POST /v1/chat/completions`` as the real API does: the same JSON bodies for errors, the
same status codes, and ``x-ratelimit-*`` headers, so the real ``openai`` package raises its real
exceptions. Which error you get depends on the demo key you send (``api.key("revoked")``), on the
request (too many tokens: 400), and on how fast you send (requests per minute: 429).

It binds to loopback only, runs in a background thread, and stops at ``stop()``, at the end of a
``with`` block, or when Python exits, whatever happened in between. Its log never holds a key.

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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .keys import mask

__all__ = ["DemoAPI", "KINDS"]

KINDS = {
    "valid": "a working key",
    "revoked": "a key that was deleted (or never existed): 401",
    "no-access": "a key whose project may not use the model: 403",
    "no-quota": "an account with no credit left: 429 insufficient_quota",
    "busy": "a key that is rate limited for its first two tries, then works: 429, then 200",
}
_DOCS = "https://platform.openai.com/docs/guides/error-codes/api-errors"


class DemoAPI:
    """The demo server. ``rpm`` and ``tpm`` are the limits every key gets."""

    def __init__(self, *, rpm: int = 3, tpm: int = 20_000) -> None:
        self.rpm, self.tpm = rpm, tpm
        self._keys = {f"sk-demo-{kind}-{secrets.token_hex(12)}": kind for kind in KINDS}
        self._sent: dict[str, list[tuple[float, int]]] = defaultdict(list)  # key -> (time, tokens) accepted
        self._busy_tries: dict[str, int] = defaultdict(int)
        self.log: list[str] = []
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    def key(self, kind: str = "valid") -> str:
        """A demo key of one kind (see ``KINDS``); it works only with this server."""
        for key, k in self._keys.items():
            if k == kind:
                return key
        raise ValueError(f"no demo key of kind {kind!r}; kinds: {', '.join(KINDS)}")

    @property
    def url(self) -> str:
        """The base URL to give the client: ``OpenAI(base_url=api.url, api_key=...)``."""
        if self._server is None:
            raise RuntimeError("the demo API is not running: call start() first")
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> DemoAPI:
        if self._server is None:
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
            self._server.daemon_threads = True
            threading.Thread(target=self._server.serve_forever, name="tokenlab-demo-api", daemon=True).start()
            atexit.register(self.stop)
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> DemoAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = "at " + self.url if self.running else "(stopped)"
        return f"<DemoAPI {where}: {self.rpm} requests, {self.tpm:,} tokens a minute>"

    # What the API answers, as (status, headers, body).
    def answer(self, key: str | None, body: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
        kind = self._keys.get(key or "")
        model = str(body.get("model", ""))
        if kind in (None, "revoked"):
            return (
                401,
                {},
                _error(
                    f"Incorrect API key provided: {mask(key)}. You can find your API key at "
                    "https://platform.openai.com/account/api-keys.",
                    "invalid_request_error",
                    "invalid_api_key",
                ),
            )
        if kind == "no-access":
            return (
                403,
                {},
                _error(
                    f"Project `proj_demo` does not have access to model `{model}`",
                    "invalid_request_error",
                    "model_not_found",
                ),
            )
        if kind == "no-quota":
            return (
                429,
                {},
                _error(
                    "You exceeded your current quota, please check your plan and billing details. "
                    f"For more information on this error, read the docs: {_DOCS}.",
                    "insufficient_quota",
                    "insufficient_quota",
                ),
            )
        from .chat import count_messages
        from .limits import context_window
        from .tokens import count

        try:
            window = context_window(model)
            prompt = int(count_messages(body.get("messages", []), model=model))
        except (ValueError, TypeError):
            return (
                404,
                {},
                _error(
                    f"The model `{model}` does not exist or you do not have access to it.",
                    "invalid_request_error",
                    "model_not_found",
                ),
            )
        reserve = int(body.get("max_completion_tokens") or body.get("max_tokens") or 0)
        if prompt + reserve > window:
            return (
                400,
                {},
                _error(
                    f"This model's maximum context length is {window} tokens. However, your messages resulted in "
                    f"{prompt + reserve} tokens. Please reduce the length of the messages.",
                    "invalid_request_error",
                    "context_length_exceeded",
                    param="messages",
                ),
            )
        with self._lock:
            now = time.monotonic()
            key = key or ""
            sent = self._sent[key] = [(t, n) for t, n in self._sent[key] if t > now - 60]
            used = sum(n for _, n in sent)
            counted = prompt + reserve
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
        reply = f"(demo) I read your {prompt} prompt tokens. A real model would answer here."
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
        return _error(
            f"Rate limit reached for {model} in organization org-demo on {unit} per min ({short}): Limit {limit}, "
            f"Used {used}, Requested 1. Please try again in {wait:g}s. Visit "
            "https://platform.openai.com/account/rate-limits to learn more.",
            unit,
            "rate_limit_exceeded",
        )


def _error(message: str, kind: str, code: str | None, *, param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def _handler(api: DemoAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except json.JSONDecodeError:
                headers: dict[str, str]
                status, headers, answer = (
                    400,
                    {},
                    _error("We could not parse the JSON body of your request.", "invalid_request_error", None),
                )
            else:
                if self.path.rstrip("/") != "/v1/chat/completions":
                    status, headers, answer = (
                        404,
                        {},
                        _error(f"Invalid URL (POST {self.path})", "invalid_request_error", None),
                    )
                else:
                    auth = self.headers.get("authorization", "")
                    key = auth[7:].strip() if auth.lower().startswith("bearer ") else None
                    status, headers, answer = api.answer(key, body)
            data = json.dumps(answer).encode()
            api.log.append(f"POST {self.path} -> {status}")  # before answering, so the client sees it logged
            self.send_response(status)
            for name, value in {
                "content-type": "application/json",
                "content-length": str(len(data)),
                **headers,
            }.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # keep stderr (and keys) out of it
            pass

    return Handler
