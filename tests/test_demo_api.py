"""The demo API with the real openai client, on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import socket

import openai
import pytest

import tokenlab
from tokenlab.demo_api import DemoAPI
from tokenlab.keys import KEY_PATTERN

MESSAGES = [{"role": "user", "content": "What is a token?"}]


@pytest.fixture
def api(capfd):
    with DemoAPI(rpm=3, tpm=20_000) as server:
        yield server
    assert not server.running
    assert "Traceback" not in capfd.readouterr().err  # whatever it was sent, the server printed nothing


def client(api, kind="valid", **options):
    return openai.OpenAI(base_url=api.url, api_key=api.key(kind), max_retries=options.pop("max_retries", 0), **options)


def test_a_valid_key_gets_a_completion_with_usage_counted_by_the_rules(api):
    raw = client(api).chat.completions.with_raw_response.create(model="gpt-4o", messages=MESSAGES, max_tokens=10)
    reply = raw.parse()
    assert reply.usage.prompt_tokens == int(tokenlab.count_messages(MESSAGES, model="gpt-4o"))
    assert reply.usage.completion_tokens == tokenlab.count(reply.choices[0].message.content, model="gpt-4o")
    assert raw.headers["x-ratelimit-limit-requests"] == "3" and raw.headers["x-ratelimit-remaining-requests"] == "2"
    # OpenAI's rule for TPM: the larger of the prompt and the reserved output
    assert int(raw.headers["x-ratelimit-remaining-tokens"]) == 20_000 - max(reply.usage.prompt_tokens, 10)


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


# Malformed requests: each gets an HTTP answer with the API's error body, never a dropped connection.
def raw_request(api, body: bytes | None, *, method="POST", path="/v1/chat/completions", headers=None, key="valid"):
    port = api._server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = {"Authorization": f"Bearer {api.key(key)}", "Content-Type": "application/json", **(headers or {})}
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, json.loads(data) if data else None


def error_of(answer):
    status, body = answer
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}
    return status, body["error"]


@pytest.mark.parametrize(
    "body", [b"[]", b"null", b'"a string"', b"42", b"\xff\xfe{}", b"{not json", b"{" * 100_000, b"1" * 5000]
)
def test_a_body_that_is_not_a_json_object_gets_400_could_not_parse(api, body):
    status, error = error_of(raw_request(api, body))
    assert status == 400 and error["type"] == "invalid_request_error"
    assert error["message"].startswith("We could not parse the JSON body of your request.")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('"abc"', "expected an integer, but got a string instead"),
        ("1e999", "expected an integer, but got a decimal number instead"),
        ("1.5", "expected an integer, but got a decimal number instead"),
        ("true", "expected an integer, but got a boolean instead"),
        ("[]", "expected an integer, but got an array instead"),
        ("-5", "integer below minimum value. Expected a value >= 1, but got -5 instead"),
        ("0", "integer below minimum value. Expected a value >= 1, but got 0 instead"),
    ],
)
@pytest.mark.parametrize("name", ["max_tokens", "max_completion_tokens"])
def test_a_bad_max_tokens_gets_400_naming_it(api, name, value, says):
    body = f'{{"model": "gpt-4o", "messages": [{{"role": "user", "content": "hi"}}], "{name}": {value}}}'
    status, error = error_of(raw_request(api, body.encode()))
    assert status == 400 and error["param"] == name and says in error["message"] and name in error["message"]


@pytest.mark.parametrize(
    ("messages", "param", "says"),
    [
        ('"hello"', "messages", "expected an array of objects, but got a string"),
        ("{}", "messages", "expected an array of objects, but got an object"),
        ("[]", "messages", "empty array"),
        ('["hi"]', "messages[0]", "expected an object, but got a string"),
        ('[{"content": "hi"}]', "messages[0].role", "Missing required parameter: 'messages[0].role'"),
        ('[{"role": "user"}]', "messages[0].content", "Missing required parameter: 'messages[0].content'"),
        ('[{"role": "robot", "content": "x"}]', "messages[0].role", "Invalid value: 'robot'. Supported values"),
        ('[{"role": "user", "content": 5}]', "messages[0].content", "expected one of a string or array of objects"),
        (None, "messages", "Missing required parameter: 'messages'"),
    ],
)
def test_malformed_messages_get_400_not_404_for_a_valid_model(api, messages, param, says):
    body = '{"model": "gpt-4o"' + ("" if messages is None else f', "messages": {messages}') + "}"
    status, error = error_of(raw_request(api, body.encode()))
    assert status == 400 and error["param"] == param and says in error["message"]


def test_a_missing_model_or_body_gets_400(api):
    for body in (b'{"messages": []}', None, b""):
        status, error = error_of(raw_request(api, body))
        assert status == 400 and error["message"] == "you must provide a model parameter"


def test_the_real_client_raises_bad_request_for_a_negative_max_tokens(api):
    with pytest.raises(openai.BadRequestError) as caught:
        client(api).chat.completions.create(model="gpt-4o", messages=MESSAGES, max_tokens=-1)
    assert caught.value.param == "max_tokens" and caught.value.code == "integer_below_min_value"


@pytest.mark.parametrize("length", ["abc", "-1", "1e3", "10 20", str(11 * 1024 * 1024), str(10**30)])
def test_a_bad_or_huge_content_length_gets_400_without_reading_the_body(api, length):
    port = api._server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n{{}}".encode())
        reply = sock.makefile("rb").read()
    head, _, body = reply.partition(b"\r\n\r\n")
    message = json.loads(body)["error"]["message"]
    assert head.startswith(b"HTTP/1.1 400") and ("Content-Length" in message or "too large" in message)


def test_malformed_http_gets_a_json_answer_too(api):
    port = api._server.server_address[1]
    for request in (b"GARBAGE\r\n\r\n", b"POST /v1/chat/completions HTTP/9.9\r\n\r\n", b"\x00\xff x y\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(request)
            reply = sock.makefile("rb").read()
        if reply.startswith(b"HTTP/"):  # a request line without a version is HTTP/0.9: a body alone
            head, _, reply = reply.partition(b"\r\n\r\n")
            assert int(head.split()[1]) >= 400
        assert json.loads(reply)["error"]["type"] == "invalid_request_error"


def test_unknown_paths_get_404_and_wrong_methods_405(api):
    status, error = error_of(raw_request(api, b"{}", path="/v1/nothing?x=1"))
    assert status == 404 and error["message"] == "Invalid URL (POST /v1/nothing)"
    for method in ("GET", "PUT", "DELETE", "PATCH"):
        status, error = error_of(raw_request(api, None, method=method))
        assert status == 405 and error["message"] == f"Invalid method for URL ({method} /v1/chat/completions)"


def test_a_key_for_a_place_the_api_does_not_serve_gets_403_unsupported_region(api):
    with pytest.raises(openai.PermissionDeniedError) as caught:
        client(api, "unsupported_country_region_territory").chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert caught.value.status_code == 403 and caught.value.code == "unsupported_country_region_territory"
    assert caught.value.body["message"] == "Country, region, or territory not supported"


def test_the_log_holds_no_key_from_a_query_string_a_path_or_a_header(api):
    key = "sk-proj-" + "Q7" * 30
    raw_request(api, b"{}", path=f"/v1/chat/completions?api_key={key}")
    raw_request(api, b"{}", path=f"/v1/chat/completions?q=a%3D{key}")
    raw_request(api, b"{}", path=f"/v1/{key}/chat")
    raw_request(api, b"{}", path=f"/v1/sk%2Dproj-{'Q7' * 30}/chat")
    raw_request(api, b"{}", headers={"Authorization": f"Bearer {key}", "X-Key": key})
    assert len(api.log) == 5 and not any("Q7Q7Q7" in line for line in api.log), api.log


def test_fifty_clients_at_once_are_all_answered(api):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(lambda _: raw_request(api, b"[]")[0], range(200)))
    assert answers == [400] * 200


def test_stop_closes_the_connections_of_slow_clients():
    import threading

    before = threading.active_count()
    server = DemoAPI().start()
    port = server._server.server_address[1]
    slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(5)]
    for sock in slow:
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")  # and then nothing
    server.stop()
    for sock in slow:
        try:
            assert sock.recv(100) == b""  # closed by the server
        except ConnectionResetError:  # or reset, with unread bytes
            pass
        sock.close()
    assert threading.active_count() <= before
