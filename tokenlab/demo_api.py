"""A stand-in for a vendor's chat API on 127.0.0.1, so a class can meet its errors offline.

It answers ``POST .../chat/completions`` as the vendor's API does (OpenAI's by default,
``vendor="deepseek"`` for DeepSeek's; see ``demo_vendors``): the same base URL shape, status codes
and error bodies, rate-limit headers where the vendor sends them, and its ``usage`` fields, so the
real ``openai`` package, pointed at ``api.url``, raises its real exceptions. Which error you get
depends on the demo key you send (``api.key("revoked")``), on the request (too many tokens, a bad
parameter), and on how fast you send (requests per minute: 429).

Every request gets an answer, a malformed one too: the vendor's error for a body that is not a JSON
object, a ``max_tokens`` that is not a whole number from 1, messages that are not a list of objects
with a role and content; 404 for an unknown path, 405 for a wrong method.

It binds to loopback only, runs in a background thread, and stops at ``stop()``, at the end of a
``with`` block, or when Python exits, whatever happened in between, closing the connections of
clients that are still there. Its log never holds a key: keys are masked and query strings left
out. ``last_request`` shows what the server received last (the key masked): what any server at a
``base_url`` you set receives, a relay ("中转") service included.

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
from collections import OrderedDict, defaultdict
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from ._api_checks import request_problem
from ._checks import brief, whole
from ._i18n import _, ngettext
from ._loopback import Answer, LoopbackServer, error_body
from .demo_vendors import VENDORS, Vendor
from .keys import mask, redact
from .ratelimits import tpm_tokens

__all__ = ["DemoAPI", "KINDS", "Received"]

KINDS = VENDORS["openai"].kinds  # the demo keys of the default vendor (each vendor has its own)
_UNITS = 64  # cached prefixes remembered per key
_CLIP = 2000  # characters of each message kept in last_request


class Received(NamedTuple):
    """One request as the server received it: ``key`` masked, each message's text clipped."""

    method: str
    path: str
    key: str
    model: object
    messages: list[dict[str, Any]]


class DemoAPI:
    """The demo server of one vendor's API (``"openai"``, ``"deepseek"`` or a ``Vendor``).
    ``rpm`` and ``tpm`` are the limits every key gets; without ``rpm``, the vendor's own default
    (3 a minute for OpenAI's demo, so that a class meets a 429; none to speak of for DeepSeek, which
    sets no per-user rate limit)."""

    def __init__(self, *, rpm: int | None = None, tpm: int = 20_000, vendor: str | Vendor = "openai") -> None:
        self.vendor = _vendor(vendor)
        rpm = self.vendor.rpm if rpm is None else rpm
        self.rpm, self.tpm = whole(rpm, "rpm", low=1), whole(tpm, "tpm", low=1)
        self._keys = {f"sk-demo-{kind}-{secrets.token_hex(12)}": kind for kind in self.vendor.kinds}
        self._sent: dict[str, list[tuple[float, int]]] = defaultdict(list)  # key -> (time, tokens) accepted
        self._tries: dict[str, int] = defaultdict(int)  # a flaky key's failed tries
        self._units: dict[str, OrderedDict[tuple[str, ...], None]] = defaultdict(OrderedDict)  # cached prefixes
        self.log: list[str] = []
        self.last_request: Received | None = None
        self._server: LoopbackServer | None = None
        self._lock = threading.Lock()

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of demo key this vendor's server offers."""
        return self.vendor.kinds

    def key(self, kind: str = "valid") -> str:
        """A demo key of one kind (see ``kinds``); it works only with this server."""
        for key, k in self._keys.items():
            if k == kind:
                return key
        raise ValueError(
            _("no demo key of kind {brief}; kinds: {value}").format(brief=brief(kind), value=", ".join(self.kinds))
        )

    @property
    def url(self) -> str:
        """The base URL to give the client: ``OpenAI(base_url=api.url, api_key=...)``."""
        if self._server is None:
            raise RuntimeError(_("the demo API is not running: call start() first"))
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.vendor.root}"

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
        return _("<DemoAPI of {vendor} {where}: {rpm} requests, {tpm:,} tokens a minute>").format(
            vendor=self.vendor.label, where=where, rpm=f"{self.rpm:,}", tpm=self.tpm
        )

    # What the API answers, as (status, headers, body).
    def respond(self, method: str, path: str, headers: dict[str, str], raw: bytes | None) -> Answer:
        """The answer to one HTTP request (``headers`` with lowercase names)."""
        where = urlsplit(path).path
        if not self.vendor.serves(where):
            return self.vendor.not_found(method, where)
        if method != "POST":
            return self.vendor.wrong_method(method, where)
        auth = headers.get("authorization", "")
        key = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        try:
            body = json.loads(raw or b"{}")
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
            body = None
        self.last_request = _received(method, where, key, body)
        if not isinstance(body, dict):
            return self.vendor.not_json()
        return self.answer(key, body)

    def answer(self, key: str | None, body: dict[str, Any]) -> Answer:
        """The answer to a request ``body`` sent with ``key``."""
        vendor = self.vendor
        kind = self._keys.get(key) if isinstance(key, str) else None
        kind = kind or "revoked"  # a key this server never gave out fails as a deleted one does
        refused = vendor.refused(kind, key, None)
        if refused is not None:
            return refused
        problem = request_problem(body)
        if problem is not None:
            return vendor.malformed(problem)
        model, messages = body["model"], body["messages"]
        if not vendor.knows(model):
            return vendor.unknown_model(model)
        refused = vendor.refused(kind, key, model)
        if refused is not None:
            return refused
        try:
            prompt = vendor.prompt_tokens(messages, model)
        except (ValueError, TypeError) as error:
            return vendor.malformed(error_body(f"Invalid 'messages': {error}", param="messages", code="invalid_value"))
        reserve = body.get("max_completion_tokens") or body.get("max_tokens") or 0
        window = vendor.window(model)
        if window is not None and prompt + reserve > window:
            return vendor.too_long(window, prompt + reserve)
        with self._lock:
            failed = self._flaky(kind, str(key), model)
            if failed is not None:
                return failed
            accepted = self._take(str(key), model, tpm_tokens(prompt, reserve))
            if accepted[0] != 200:
                return accepted
            cached = self._cached(str(key), messages, model) if vendor.reports_cache else 0
        reply = ngettext(  # in the language in use, as a model answers in the question's
            "(demo) I read your {n:,} prompt token. A real model would answer here.",
            "(demo) I read your {n:,} prompt tokens. A real model would answer here.",
            prompt,
        ).format(n=prompt)
        if vendor.reports_cache:
            with self._lock:
                self._remember(str(key), [*messages, {"role": "assistant", "content": reply}])
        completion = vendor.text_tokens(reply, model)
        return 200, accepted[1], _completion(model, reply, vendor.usage(prompt, completion, cached))

    def _flaky(self, kind: str, key: str, model: str) -> Answer | None:
        """A flaky key's failing try, or None when it works this time."""
        if kind not in self.vendor.flaky:
            return None
        fails = self.vendor.flaky[kind]
        if fails is not None and self._tries[key] >= fails:
            return None
        self._tries[key] += 1
        sent = self._recent(key)
        status, headers, body = self.vendor.failing(kind, model, self.rpm, len(sent))
        return status, {**headers, **self._headers(sent)}, body

    def _recent(self, key: str) -> list[tuple[float, int]]:
        now = time.monotonic()
        sent = self._sent[key] = [(t, n) for t, n in self._sent[key] if t > now - 60]
        return sent

    def _take(self, key: str, model: str, counted: int) -> Answer:
        """Count a request against the key's limits: (200, headers, {}) if it fits, else the 429."""
        sent = self._recent(key)
        used = sum(n for _, n in sent)
        if len(sent) + 1 > self.rpm or used + counted > self.tpm:
            wait = round(sent[0][0] + 60 - time.monotonic(), 1) if sent else 60.0
            unit, limit = ("requests", self.rpm) if len(sent) + 1 > self.rpm else ("tokens", self.tpm)
            status, headers, body = self.vendor.rate_limited(model, unit, limit, len(sent), wait)
            return status, {**headers, **self._headers(sent)}, body
        sent.append((time.monotonic(), counted))
        return 200, self._headers(sent), {}

    def _headers(self, sent: list[tuple[float, int]]) -> dict[str, str]:
        used = sum(n for _, n in sent)
        reset = f"{max(0.0, sent[0][0] + 60 - time.monotonic()):.0f}s" if sent else "0s"
        remaining = (max(0, self.rpm - len(sent)), max(0, self.tpm - used))
        return self.vendor.rate_headers((self.rpm, self.tpm), remaining, reset)

    def _cached(self, key: str, messages: list[Any], model: str) -> int:
        """Prompt tokens in the longest remembered prefix this request starts with; remembers its own."""
        units = self._units[key]
        shown = [_unit(m) for m in messages]
        hit = next((n for n in range(len(shown), 0, -1) if tuple(shown[:n]) in units), 0)
        if hit:
            units.move_to_end(tuple(shown[:hit]))
        self._remember(key, messages)
        return sum(self.vendor.message_tokens(m, model) for m in messages[:hit])

    def _remember(self, key: str, messages: list[Any]) -> None:
        units = self._units[key]
        units[tuple(_unit(m) for m in messages)] = None
        units.move_to_end(tuple(_unit(m) for m in messages))
        while len(units) > _UNITS:
            units.popitem(last=False)


def _vendor(vendor: object) -> Vendor:
    if isinstance(vendor, Vendor):
        return vendor
    if not isinstance(vendor, str):
        raise TypeError(_("vendor is a name such as 'deepseek', not {brief}").format(brief=brief(vendor)))
    found = VENDORS.get(vendor.strip().lower())
    if found is None:
        raise ValueError(
            _("no demo API for vendor {brief}; vendors: {value}").format(brief=brief(vendor), value=", ".join(VENDORS))
        )
    return found


def _unit(message: Any) -> str:
    return json.dumps(message, sort_keys=True, ensure_ascii=False)


def _received(method: str, path: str, key: str | None, body: Any) -> Received:
    """What a server at the base URL sees of a request, as ``last_request`` keeps it."""
    messages = body.get("messages") if isinstance(body, dict) else None
    kept = []
    for message in messages if isinstance(messages, list) else []:
        if isinstance(message, dict):
            content = message.get("content")
            if isinstance(content, list):
                content = "\n".join(
                    p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)
                )
            if isinstance(content, str):
                content = redact(content[:_CLIP]) + ("…" if len(content) > _CLIP else "")
            kept.append({"role": message.get("role"), "content": content})
    model = body.get("model") if isinstance(body, dict) else None
    return Received(method, redact(unquote(path)), f"Bearer {mask(key)}" if key else "", model, kept)


def _completion(model: str, reply: str, usage: dict[str, Any]) -> dict[str, Any]:
    return {
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
        "usage": usage,
    }
