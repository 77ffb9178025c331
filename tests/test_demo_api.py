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


# The same client pointed at another vendor: DeepSeek, as its pages document it (see demo_vendors).
@pytest.fixture
def deepseek(capfd):
    with DemoAPI(rpm=3, tpm=20_000, vendor="deepseek") as server:
        yield server
    assert "Traceback" not in capfd.readouterr().err


ASK = [{"role": "user", "content": "什么是词元？"}]


def test_each_vendor_has_its_own_base_url_shape(api, deepseek):
    assert api.url.endswith("/v1") and not deepseek.url.endswith("/v1")  # https://api.deepseek.com, no /v1
    assert deepseek.url.rsplit(":", 1)[1].isdigit()
    status, _ = raw_request(
        deepseek, json.dumps({"model": "deepseek-flash", "messages": ASK}).encode(), path="/v1/chat/completions"
    )
    assert status == 200  # DeepSeek also accepts /v1 "for compatibility with OpenAI"
    assert error_of(raw_request(api, b"{}", path="/chat/completions"))[0] == 404  # OpenAI's needs /v1


def test_deepseek_counts_the_messages_text_with_its_own_tokenizer(deepseek):
    reply = client(deepseek).chat.completions.create(model="deepseek-flash", messages=ASK)
    assert reply.usage.prompt_tokens == tokenlab.count(ASK[0]["content"], encoding="deepseek_v3")
    assert reply.usage.completion_tokens == tokenlab.count(reply.choices[0].message.content, encoding="deepseek_v3")
    assert reply.usage.prompt_tokens_details is None  # OpenAI's field: DeepSeek reports its own
    assert (
        reply.usage.prompt_cache_hit_tokens == 0 and reply.usage.prompt_cache_miss_tokens == reply.usage.prompt_tokens
    )


def test_deepseek_reports_a_cache_hit_for_a_prefix_that_ended_an_earlier_request(deepseek):
    ds = client(deepseek)
    first = ds.chat.completions.create(model="deepseek-flash", messages=ASK)
    answer = {"role": "assistant", "content": first.choices[0].message.content}
    follow_up = [*ASK, answer, {"role": "user", "content": "举个例子。"}]
    usage = ds.chat.completions.create(model="deepseek-flash", messages=follow_up).usage
    earlier = tokenlab.count(ASK[0]["content"], encoding="deepseek_v3") + first.usage.completion_tokens
    assert usage.prompt_cache_hit_tokens == earlier  # the question and the answer, whole
    assert usage.prompt_cache_miss_tokens == tokenlab.count("举个例子。", encoding="deepseek_v3")
    assert usage.prompt_tokens == usage.prompt_cache_hit_tokens + usage.prompt_cache_miss_tokens
    split = [{"role": "user", "content": "什么是词元"}, {"role": "user", "content": "？"}]  # matches no earlier unit
    assert ds.chat.completions.create(model="deepseek-flash", messages=split).usage.prompt_cache_hit_tokens == 0


@pytest.mark.parametrize(
    ("kind", "exception", "status", "message"),
    [
        ("revoked", openai.AuthenticationError, 401, "Authentication Fails"),
        ("no-quota", openai.APIStatusError, 402, "Insufficient Balance"),
        ("busy", openai.RateLimitError, 429, "Rate Limit Reached"),
        ("overloaded", openai.InternalServerError, 503, "Server Overloaded"),
        ("server-error", openai.InternalServerError, 500, "Server Error"),
    ],
)
def test_each_deepseek_key_fails_with_the_status_and_name_deepseek_documents(
    deepseek, kind, exception, status, message
):
    with pytest.raises(openai.APIStatusError) as caught:
        client(deepseek, kind).chat.completions.create(model="deepseek-flash", messages=ASK)
    assert type(caught.value) is exception and caught.value.status_code == status
    # DeepSeek documents statuses and names, not the body's fields; where users posted a real body
    # (401, 402) the demo answers as it does, whose code says nothing the status does not.
    kind = {401: "authentication_error", 402: "unknown_error"}.get(status)
    code = "invalid_request_error" if kind else None
    assert caught.value.body == {"message": message, "type": kind, "param": None, "code": code}


def test_deepseeks_demo_sets_no_rate_limit_to_speak_of_as_deepseek_sets_none():
    # "DeepSeek API does NOT constrain user's rate limit" (api-docs.deepseek.com/quick_start/rate_limit)
    assert DemoAPI(vendor="deepseek").rpm == 10_000 and DemoAPI().rpm == 3
    assert DemoAPI(vendor="deepseek", rpm=5).rpm == 5


def test_a_deepseek_402_is_no_rate_limit_error_and_is_not_worth_retrying(api, deepseek):
    from tokenlab.retry import worth_retrying

    with pytest.raises(openai.APIStatusError) as deepseek_error:
        client(deepseek, "no-quota").chat.completions.create(model="deepseek-flash", messages=ASK)
    with pytest.raises(openai.RateLimitError) as openai_error:
        client(api, "no-quota").chat.completions.create(model="gpt-5.4-mini", messages=ASK)
    assert not isinstance(deepseek_error.value, openai.RateLimitError)
    assert not worth_retrying(deepseek_error.value) and not worth_retrying(openai_error.value)


def test_the_sdks_own_retries_get_through_deepseeks_503_and_429_but_not_its_402(deepseek):
    deepseek.rpm = 20
    for kind in ("overloaded", "busy"):
        client(deepseek, kind, max_retries=2).chat.completions.create(model="deepseek-flash", messages=ASK)
        assert [line[-3:] for line in deepseek.log[-3:]] == [{"overloaded": "503", "busy": "429"}[kind]] * 2 + ["200"]
    with pytest.raises(openai.APIStatusError):
        client(deepseek, "no-quota", max_retries=2).chat.completions.create(model="deepseek-flash", messages=ASK)
    assert deepseek.log[-1].endswith("402") and not deepseek.log[-2].endswith("402")  # tried once


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"{not json", 400, "Invalid Format"),
        (b"[]", 400, "Invalid Format"),
        (b'{"messages": []}', 422, "Invalid Parameters: you must provide a model parameter"),
        (b'{"model": "deepseek-flash", "messages": "hi"}', 422, "Invalid Parameters: Invalid type for 'messages'"),
        (
            b'{"model": "deepseek-flash", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 0}',
            422,
            "Invalid Parameters: Invalid 'max_tokens'",
        ),
        (
            b'{"model": "gpt-5.4-mini", "messages": [{"role": "user", "content": "hi"}]}',
            422,
            "Invalid Parameters: the model 'gpt-5.4-mini' does not exist",
        ),
        (
            b'{"model": "deepseek-flash", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]}',
            422,
            "Invalid Parameters: Invalid 'messages'",
        ),
    ],
)
def test_deepseek_says_400_for_a_body_that_is_not_json_and_422_for_bad_parameters(deepseek, body, status, says):
    got, error = error_of(raw_request(deepseek, body, path="/chat/completions"))
    assert got == status and error["message"].startswith(says) and error["code"] is None


def test_the_real_client_raises_unprocessable_entity_for_a_deepseek_422(deepseek):
    with pytest.raises(openai.UnprocessableEntityError):
        client(deepseek).chat.completions.create(model="deepseek-flash", messages=ASK, max_tokens=-1)


def test_deepseek_knows_its_current_and_older_model_names_only(deepseek):
    deepseek.rpm = 10
    ds = client(deepseek)
    for model in ("deepseek-flash", "deepseek-v4-pro", "deepseek-v4-flash"):  # the last: an older name, still accepted
        assert ds.chat.completions.create(model=model, messages=ASK).model == model
    with pytest.raises(ValueError, match="kinds: valid, revoked, no-quota"):
        deepseek.key("no-access")  # OpenAI's 403 for a project: not a DeepSeek kind


def test_deepseek_gets_rate_limited_too_without_headers_it_does_not_document(deepseek):
    ds = client(deepseek)
    for _ in range(3):
        raw = ds.chat.completions.with_raw_response.create(model="deepseek-flash", messages=ASK)
        assert not [name for name in raw.headers if name.startswith("x-ratelimit")]
    with pytest.raises(openai.RateLimitError) as caught:
        ds.chat.completions.create(model="deepseek-flash", messages=ASK)
    assert "retry-after" not in caught.value.response.headers


def test_deepseek_answers_unknown_paths_wrong_methods_and_hostile_http(deepseek):
    assert error_of(raw_request(deepseek, b"{}", path="/v2/chat/completions"))[0] == 404
    assert error_of(raw_request(deepseek, None, method="GET", path="/chat/completions"))[0] == 405
    port = deepseek._server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n{}")
        assert sock.makefile("rb").read().startswith(b"HTTP/1.1 400")


def test_a_third_vendor_is_one_subclass():
    from tokenlab.demo_vendors import OpenAI

    class Acme(OpenAI):
        code, label, root, roots = "acme", "Acme", "/api/v2", ("/api/v2",)
        kinds = ("valid", "revoked")

    with DemoAPI(vendor=Acme()) as acme:
        assert acme.url.endswith("/api/v2") and "Acme" in repr(acme)
        assert client(acme).chat.completions.create(model="gpt-5.4-mini", messages=ASK).usage.prompt_tokens > 0
        with pytest.raises(openai.AuthenticationError):
            client(acme, "revoked").chat.completions.create(model="gpt-5.4-mini", messages=ASK)


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"vendor": "anthropic"}, ValueError, "vendors: openai, deepseek"),
        ({"vendor": None}, TypeError, "vendor is a name"),
        ({"vendor": ["deepseek"]}, TypeError, "vendor is a name"),
        ({"rpm": 0}, ValueError, "rpm must be from 1"),
        ({"rpm": "3"}, TypeError, "rpm is a whole number"),
        ({"tpm": 2.5}, TypeError, "tpm is a whole number"),
    ],
)
def test_bad_options_get_a_clear_error(options, error, match):
    with pytest.raises(error, match=match):
        DemoAPI(**options)


def test_a_vendor_name_is_read_as_a_user_would_type_it():
    assert DemoAPI(vendor=" DeepSeek ").vendor.code == "deepseek"


@pytest.mark.parametrize("vendor", ["openai", "deepseek"])
def test_what_the_server_received_last_holds_the_prompt_but_never_the_key(vendor):
    with DemoAPI(vendor=vendor) as server:
        model = {"openai": "gpt-5.4-mini", "deepseek": "deepseek-flash"}[vendor]
        secret = "sk-proj-" + "Z9" * 24
        long = "词" * 5000
        messages = [{"role": "user", "content": f"my other key is {secret}"}, {"role": "user", "content": long}]
        client(server).chat.completions.create(model=model, messages=messages)
        seen = server.last_request
        assert seen.key == "Bearer " + "****" + server.key()[-4:] and seen.model == model
        assert seen.messages[0]["content"] == "my other key is ****Z9Z9"
        assert seen.messages[1]["content"] == "词" * 2000 + "…"
        shown = repr(seen) + " ".join(server.log)
        assert not KEY_PATTERN.search(shown) and server.key() not in shown
        raw_request(server, b"\xff not json", path=server.vendor.root + "/chat/completions")
        assert server.last_request.messages == [] and server.last_request.model is None
