"""How each vendor's API answers, for the demo server (``demo_api``): one profile per vendor.

A ``Vendor`` says where its chat endpoint lives (the path of its base URL), which demo keys it
offers and how each one fails, its status codes and error bodies, how it counts a prompt and what
``usage`` it reports. ``DemoAPI(vendor="deepseek")`` answers as DeepSeek documents its API; a third
vendor is one more subclass, added to ``VENDORS``. This module only decides answers: the server,
the keys, the rate limits and the cache live in ``demo_api``.

Only what a vendor documents is modelled, and each profile names its pages in ``sources``. Where a
vendor documents a status and its name only (DeepSeek's error codes), the body carries that name as
its message, in the OpenAI-compatible shape ``{"error": {...}}``; its other fields are not
documented: the demo fills them as real answers users have posted show them where there is such a
report (DeepSeek's 401 and 402), and leaves them null elsewhere.

>>> VENDORS["deepseek"].root, VENDORS["openai"].root
('', '/v1')
>>> VENDORS["deepseek"].refused("no-quota", "sk-x", "deepseek-flash")[:2]
(402, {})
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ._api_checks import NOT_JSON
from ._loopback import Answer, error_body
from .keys import mask

__all__ = ["Vendor", "OpenAI", "DeepSeek", "VENDORS"]


class Vendor:
    """A vendor's API as the demo server plays it. Subclasses fill in the answers."""

    code = ""  # "openai": a code, never shown translated
    label = ""  # the vendor's own name, e.g. "DeepSeek"
    root = "/v1"  # the path of the base URL given to the client
    roots: tuple[str, ...] = ("/v1",)  # every path the chat endpoint answers under
    sources: tuple[str, ...] = ()  # the vendor's pages these answers follow
    kinds: tuple[str, ...] = ("valid", "revoked")  # the demo keys it offers
    flaky: ClassVar[Mapping[str, int | None]] = {}  # kind -> failures before it works (None: never)
    reports_cache = False  # whether usage reports prompt-cache hits the demo remembers
    rpm = 3  # requests a minute per key unless DemoAPI(rpm=...) says otherwise

    def serves(self, path: str) -> bool:
        """Whether ``path`` (no query string) is this vendor's chat completions endpoint."""
        return path.rstrip("/") in {f"{root}/chat/completions" for root in self.roots}

    def knows(self, model: str) -> bool:
        raise NotImplementedError

    def window(self, model: str) -> int | None:  # None: no window known, no 400 for length
        return None

    def prompt_tokens(self, messages: list[Any], model: str) -> int:
        """The prompt's tokens, as ``usage`` reports them. Raises ValueError for what it cannot count."""
        raise NotImplementedError

    def message_tokens(self, message: Any, model: str) -> int:
        """One message's share of the prompt (for cache hits)."""
        return self.prompt_tokens([message], model)

    def text_tokens(self, text: str, model: str) -> int:  # of the answer
        raise NotImplementedError

    def refused(self, kind: str, key: str | None, model: str | None) -> Answer | None:
        """The answer to a key of this kind that fails whatever it asks, or None. Called once before the
        body is read (``model`` None) and once after the model is known."""
        return None

    def malformed(self, problem: dict[str, Any]) -> Answer:
        """The answer to a request ``_api_checks.request_problem`` refused (OpenAI's 400 body)."""
        return 400, {}, problem

    def not_json(self) -> Answer:  # a body that is not a JSON object
        return 400, {}, error_body(NOT_JSON)

    def unknown_model(self, model: str) -> Answer:
        raise NotImplementedError

    def too_long(self, window: int, asked: int) -> Answer:
        raise NotImplementedError

    def failing(self, kind: str, model: str, limit: int, used: int) -> Answer:
        """The answer to a flaky key's failing try (``limit`` and ``used``: requests a minute)."""
        raise NotImplementedError

    def rate_limited(self, model: str, unit: str, limit: int, used: int, wait: float) -> Answer:
        raise NotImplementedError

    def rate_headers(self, limits: tuple[int, int], remaining: tuple[int, int], reset: str) -> dict[str, str]:
        """Headers saying how much of the rate limit is left (requests, tokens), if the vendor sends any."""
        return {}

    def not_found(self, method: str, path: str) -> Answer:
        return 404, {}, error_body(f"Invalid URL ({method} {path})")

    def wrong_method(self, method: str, path: str) -> Answer:
        return 405, {}, error_body(f"Invalid method for URL ({method} {path})")

    def usage(self, prompt: int, completion: int, cached: int) -> dict[str, Any]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.label}: base URL path {self.root!r}>"


class OpenAI(Vendor):
    """OpenAI's API: the error codes guide's bodies and statuses, ``x-ratelimit-*`` headers."""

    code, label = "openai", "OpenAI"
    docs = "https://platform.openai.com/docs/guides/error-codes/api-errors"
    sources = (docs,)
    kinds = ("valid", "revoked", "no-access", "no-quota", "busy", "unsupported_country_region_territory")
    flaky: ClassVar[Mapping[str, int | None]] = {"busy": 2}

    def knows(self, model: str) -> bool:
        return self.window(model) is not None

    def window(self, model: str) -> int | None:
        from .limits import context_window

        try:
            return context_window(model)
        except (ValueError, TypeError):
            return None

    def prompt_tokens(self, messages: list[Any], model: str) -> int:
        from .chat import count_messages

        return int(count_messages(messages, model=model))

    def text_tokens(self, text: str, model: str) -> int:
        from .tokens import count

        return count(text, model=model)

    def refused(self, kind: str, key: str | None, model: str | None) -> Answer | None:
        if model is None and kind == "revoked":
            message = (
                f"Incorrect API key provided: {mask(key)}. You can find your API key at "
                "https://platform.openai.com/account/api-keys."
            )
            return 401, {}, error_body(message, code="invalid_api_key")
        if model is None and kind == "unsupported_country_region_territory":
            message = "Country, region, or territory not supported"
            return 403, {}, error_body(message, "request_forbidden", "unsupported_country_region_territory")
        if model is not None and kind == "no-access":
            message = f"Project `proj_demo` does not have access to model `{model}`"
            return 403, {}, error_body(message, code="model_not_found")
        if model is not None and kind == "no-quota":
            message = (
                "You exceeded your current quota, please check your plan and billing details. "
                f"For more information on this error, read the docs: {self.docs}."
            )
            return 429, {}, error_body(message, "insufficient_quota", "insufficient_quota")
        return None

    def unknown_model(self, model: str) -> Answer:
        message = f"The model `{model}` does not exist or you do not have access to it."
        return 404, {}, error_body(message, code="model_not_found")

    def too_long(self, window: int, asked: int) -> Answer:
        message = (
            f"This model's maximum context length is {window} tokens. However, your messages resulted in "
            f"{asked} tokens. Please reduce the length of the messages."
        )
        return 400, {}, error_body(message, code="context_length_exceeded", param="messages")

    def failing(self, kind: str, model: str, limit: int, used: int) -> Answer:  # "busy": limited a moment
        return 429, {"retry-after": "0.2"}, self._rate_body(model, "requests", limit, used, 0.2)

    def rate_limited(self, model: str, unit: str, limit: int, used: int, wait: float) -> Answer:
        return 429, {"retry-after": str(max(wait, 0.1))}, self._rate_body(model, unit, limit, used, wait)

    def _rate_body(self, model: str, unit: str, limit: int, used: int, wait: float) -> dict[str, Any]:
        short = "RPM" if unit == "requests" else "TPM"
        message = (
            f"Rate limit reached for {model} in organization org-demo on {unit} per min ({short}): Limit {limit}, "
            f"Used {used}, Requested 1. Please try again in {wait:g}s. Visit "
            "https://platform.openai.com/account/rate-limits to learn more."
        )
        return error_body(message, unit, "rate_limit_exceeded")

    def rate_headers(self, limits: tuple[int, int], remaining: tuple[int, int], reset: str) -> dict[str, str]:
        headers = {}
        for i, unit in enumerate(("requests", "tokens")):
            headers[f"x-ratelimit-limit-{unit}"] = str(limits[i])
            headers[f"x-ratelimit-remaining-{unit}"] = str(remaining[i])
            headers[f"x-ratelimit-reset-{unit}"] = reset
        return headers

    def usage(self, prompt: int, completion: int, cached: int) -> dict[str, Any]:
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cached},
            "completion_tokens_details": {"reasoning_tokens": 0},
        }


class DeepSeek(Vendor):
    """DeepSeek's API, as its pages document it (read 2026-12-03; the pages show no date of their own):

    - base URL ``https://api.deepseek.com``, and ``/v1`` accepted "for compatibility with OpenAI"
      (Your First API Call, in English and zh-cn); models ``deepseek-flash`` and ``deepseek-v4-pro``,
      the older names ``deepseek-v4-flash`` and ``deepseek-v4-flash-vision-exp`` still accepted;
    - errors 400 Invalid Format, 401 Authentication Fails, 402 Insufficient Balance, 422 Invalid
      Parameters, 429 Rate Limit Reached, 500 Server Error, 503 Server Overloaded (Error Codes);
    - ``usage.prompt_cache_hit_tokens`` and ``prompt_cache_miss_tokens``, a hit being a repeated
      prefix that fully matches one ending where an earlier request's input or output ended
      (Context Caching). The demo remembers those prefixes per key, whole messages at a time.

    - no per-user rate limit: "DeepSeek API does NOT constrain user's rate limit" (Rate Limit), so the
      demo's default is 10,000 requests a minute; a busy server's 429 and 503 are the ``busy`` and
      ``overloaded`` keys.

    The error bodies' fields are not documented. Users have posted real ones: a 402 is
    ``{"message": "Insufficient Balance", "type": "unknown_error", "param": null, "code":
    "invalid_request_error"}`` (github.com/Aider-AI/aider issue 4851, 2026-02-19), and a 401 has type
    ``authentication_error`` and the same code; the demo answers so for those two, and leaves the
    fields null for the others. The code says nothing the status does not: branch on ``status_code``.

    Not documented, so not played: a context window (tokenlab ships none for DeepSeek), rate-limit
    headers, ``retry-after``, and which status an unknown model gets (the demo says 422). Tokens are
    counted with V4's tokenizer (``deepseek_v3``) over the messages' text only: the real API also
    counts the tokens of DeepSeek's chat template, which tokenlab does not reproduce.
    """

    code, label = "deepseek", "DeepSeek"
    root, roots = "", ("", "/v1")
    sources = (
        "https://api-docs.deepseek.com/quick_start/your_first_api_call",
        "https://api-docs.deepseek.com/zh-cn/",
        "https://api-docs.deepseek.com/quick_start/error_codes",
        "https://api-docs.deepseek.com/zh-cn/quick_start/error_codes",
        "https://api-docs.deepseek.com/guides/kv_cache",
        "https://api-docs.deepseek.com/quick_start/rate_limit",
    )
    models = ("deepseek-flash", "deepseek-v4-pro", "deepseek-v4-flash", "deepseek-v4-flash-vision-exp")
    encoding = "deepseek_v3"
    kinds = ("valid", "revoked", "no-quota", "busy", "overloaded", "server-error")
    flaky: ClassVar[Mapping[str, int | None]] = {"busy": 2, "overloaded": 2, "server-error": None}
    reports_cache = True
    rpm = 10_000
    names: ClassVar[Mapping[int, str]] = {
        400: "Invalid Format",
        401: "Authentication Fails",
        402: "Insufficient Balance",
        422: "Invalid Parameters",
        429: "Rate Limit Reached",
        500: "Server Error",
        503: "Server Overloaded",
    }

    observed: ClassVar[Mapping[int, str]] = {401: "authentication_error", 402: "unknown_error"}  # status -> type

    def _error(self, status: int, hint: str = "") -> Answer:
        message = self.names[status] + (f": {hint}" if hint else "")
        kind = self.observed.get(status)
        code = "invalid_request_error" if kind else None
        return status, {}, {"error": {"message": message, "type": kind, "param": None, "code": code}}

    def knows(self, model: str) -> bool:
        return model in self.models

    def prompt_tokens(self, messages: list[Any], model: str) -> int:
        return sum(self.message_tokens(message, model) for message in messages)

    def message_tokens(self, message: Any, model: str) -> int:
        content = message.get("content") if isinstance(message, dict) else None
        if content is None:
            return 0
        if isinstance(content, str):
            return self.text_tokens(content, model)
        texts = [part.get("text") if isinstance(part, dict) else None for part in content]
        if not all(isinstance(text, str) for text in texts):
            raise ValueError("this demo counts text parts only ({'type': 'text', 'text': ...})")
        return sum(self.text_tokens(text, model) for text in texts if isinstance(text, str))

    def text_tokens(self, text: str, model: str) -> int:
        from .tokens import count

        return count(text, encoding=self.encoding)

    def refused(self, kind: str, key: str | None, model: str | None) -> Answer | None:
        if model is None and kind == "revoked":
            return self._error(401)
        if model is not None and kind == "no-quota":
            return self._error(402)
        return None

    def malformed(self, problem: dict[str, Any]) -> Answer:
        return self._error(422, str(problem["error"]["message"]))

    def not_json(self) -> Answer:
        return self._error(400, "the request body is not a JSON object")

    def unknown_model(self, model: str) -> Answer:
        names = ", ".join(self.models[:2])
        return self._error(422, f"the model {model[:80]!r} does not exist; current models: {names}")

    def failing(self, kind: str, model: str, limit: int, used: int) -> Answer:
        return self._error({"busy": 429, "overloaded": 503}.get(kind, 500))

    def rate_limited(self, model: str, unit: str, limit: int, used: int, wait: float) -> Answer:
        return self._error(429)

    def not_found(self, method: str, path: str) -> Answer:
        return 404, {}, error_body(f"Not Found ({method} {path})")

    def usage(self, prompt: int, completion: int, cached: int) -> dict[str, Any]:
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_cache_hit_tokens": cached,
            "prompt_cache_miss_tokens": prompt - cached,
        }


VENDORS: dict[str, Vendor] = {vendor.code: vendor for vendor in (OpenAI(), DeepSeek())}
