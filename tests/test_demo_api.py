"""The demo API with the real openai client, on 127.0.0.1."""

from __future__ import annotations

import socket

import openai
import pytest

import tokenlab
from tokenlab.demo_api import DemoAPI
from tokenlab.keys import KEY_PATTERN

MESSAGES = [{"role": "user", "content": "What is a token?"}]


@pytest.fixture
def api():
    with DemoAPI(rpm=3, tpm=20_000) as server:
        yield server
    assert not server.running


def client(api, kind="valid", **options):
    return openai.OpenAI(base_url=api.url, api_key=api.key(kind), max_retries=options.pop("max_retries", 0), **options)


def test_a_valid_key_gets_a_completion_with_usage_counted_by_the_rules(api):
    raw = client(api).chat.completions.with_raw_response.create(model="gpt-4o", messages=MESSAGES, max_tokens=10)
    reply = raw.parse()
    assert reply.usage.prompt_tokens == int(tokenlab.count_messages(MESSAGES, model="gpt-4o"))
    assert reply.usage.completion_tokens == tokenlab.count(reply.choices[0].message.content, model="gpt-4o")
    assert raw.headers["x-ratelimit-limit-requests"] == "3" and raw.headers["x-ratelimit-remaining-requests"] == "2"
    assert int(raw.headers["x-ratelimit-remaining-tokens"]) == 20_000 - reply.usage.prompt_tokens - 10


@pytest.mark.parametrize(
    ("kind", "exception", "status", "code"),
    [
        ("revoked", openai.AuthenticationError, 401, "invalid_api_key"),
        ("no-access", openai.PermissionDeniedError, 403, "model_not_found"),
        ("no-quota", openai.RateLimitError, 429, "insufficient_quota"),
    ],
)
def test_each_kind_of_key_fails_as_the_real_api_does(api, kind, exception, status, code):
    with pytest.raises(exception) as caught:
        client(api, kind).chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert caught.value.status_code == status and caught.value.code == code
    assert not KEY_PATTERN.search(str(caught.value))  # the message shows a masked key at most


def test_requests_over_the_rpm_limit_get_429_with_retry_after(api):
    ok = client(api)
    for _ in range(3):
        ok.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    with pytest.raises(openai.RateLimitError) as caught:
        ok.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert caught.value.code == "rate_limit_exceeded" and "requests per min (RPM): Limit 3" in caught.value.message
    assert 0 < float(caught.value.response.headers["retry-after"]) <= 60


def test_a_request_over_the_context_window_gets_400(api):
    with pytest.raises(openai.BadRequestError) as caught:
        client(api).chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x " * 130_000}])
    assert (
        caught.value.code == "context_length_exceeded"
        and "maximum context length is 128000 tokens" in caught.value.message
    )


def test_the_sdks_own_retries_get_through_a_busy_key(api):
    client(api, "busy", max_retries=2).chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert api.log[-3:] == ["POST /v1/chat/completions -> 429"] * 2 + ["POST /v1/chat/completions -> 200"]


def test_unknown_models_and_keys(api):
    with pytest.raises(openai.NotFoundError):
        client(api).chat.completions.create(model="gpt-9", messages=MESSAGES)
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=api.url, api_key="sk-not-a-demo-key-000000", max_retries=0).chat.completions.create(
            model="gpt-4o", messages=MESSAGES
        )
    with pytest.raises(ValueError, match="kinds: valid, revoked"):
        api.key("expired")


def test_it_listens_on_loopback_only_and_stops(api):
    host, port = api._server.server_address
    assert host == "127.0.0.1"
    api.stop()
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0
    with pytest.raises(RuntimeError, match="not running"):
        api.url


def test_its_log_holds_no_key(api):
    for kind in ("valid", "revoked", "no-quota"):
        try:
            client(api, kind).chat.completions.create(model="gpt-4o", messages=MESSAGES)
        except openai.APIStatusError:
            pass
    assert api.log and not any(KEY_PATTERN.search(line) for line in api.log)


def test_it_stops_even_when_the_code_using_it_fails():
    with pytest.raises(ZeroDivisionError), DemoAPI() as server:
        port = server._server.server_address[1]
        1 / 0
    assert not server.running
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0


def test_a_started_server_is_stopped_when_python_exits():
    import atexit

    server = DemoAPI().start()
    registered = []
    original = atexit.register
    try:
        atexit.register = registered.append  # record what start() hands to atexit
        DemoAPI().start().stop()
    finally:
        atexit.register = original
    assert registered and registered[0].__name__ == "stop"
    server.stop()
