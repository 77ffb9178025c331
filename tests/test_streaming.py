"""Streaming: each step against Python's own incremental UTF-8 decoder, the naive decoding against
each token decoded alone, and the helpers for the ``openai`` client's stream and for raw bytes."""

from __future__ import annotations

import codecs
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab.streaming import REPLACEMENT, Step, TextStream, decode_chunks, stream

ENCODINGS = ["r50k_base", "o200k_base", "qwen", "deepseek_v3", "tekken"]
TEXTS = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("你好世界鲲鹏魑魅魍魉😀👍🏽é\u0301\n "),
    ),
    max_size=40,
)


def _reference_steps(ids: list[int], table) -> list[Step]:
    """Each token fed to a fresh codecs incremental decoder, in order: what it gives out and keeps."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    steps = []
    for i in ids:
        raw = table(i)
        out = decoder.decode(raw)
        steps.append(Step(i, raw, raw.decode("utf-8", errors="replace"), out, decoder.getstate()[0]))
    return steps


def _unfinished(raw: bytes) -> bytes:
    """The bytes at the end of ``raw`` that start a character not yet whole, by UTF-8's own rules."""
    for back in range(1, min(3, len(raw)) + 1):
        byte = raw[-back]
        if byte & 0xC0 != 0x80:  # the last lead byte (or ASCII)
            width = 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4 if byte >> 3 == 0b11110 else 1
            return raw[-back:] if width > back else b""
    return b""


@pytest.mark.parametrize("name", ENCODINGS)
@settings(max_examples=20)
@given(text=TEXTS)
def test_every_step_is_what_pythons_incremental_decoder_gives(name, text):
    s = stream(text, encoding=name)
    enc = tokenlab.get_encoding(name)
    assert list(s) == _reference_steps(s.ids, enc.decode_single_token_bytes)
    assert s.incremental_text() == enc.decode(s.ids)  # whole at the end: the text as encoded
    for k in range(len(s) + 1):
        joined = b"".join(enc.decode_single_token_bytes(i) for i in s.ids[:k])
        assert s.pending(k) == _unfinished(joined)
        alone = [enc.decode_single_token_bytes(i).decode("utf-8", "replace") for i in s.ids[:k]]
        assert s.naive_text(k) == "".join(alone)
        assert s.replacements(k) == "".join(alone).count(REPLACEMENT) - s.incremental_text(k).count(REPLACEMENT)
    assert s[1:4] == list(s)[1:4] and s[-1:] == list(s)[-1:]


def test_a_chinese_character_split_over_two_tokens_arrives_as_replacement_characters_in_a_naive_stream():
    s = stream("鲲", encoding="o200k_base")
    assert len(s) == 2 and [step.naive for step in s] == [REPLACEMENT, REPLACEMENT]
    assert [step.incremental for step in s] == ["", "鲲"]
    assert s.pending(1) == "鲲".encode()[: len(s[0].bytes)] and s.replacements() == 2


def test_the_display_shows_both_decodings_escaped_and_marks_replacement_characters():
    s = stream("<b>你好</b>", encoding="r50k_base", upto=4)
    html = s.to_html()
    assert "&lt;b&gt;" in html and "<b>你" not in html
    assert "&#xFFFD;" in html and REPLACEMENT not in html and "tex2jax_ignore" in html
    assert "held back" in html
    assert repr(s) == "<Stream r50k_base: token 4 of 10; 1 U+FFFD in the naive decoding>"
    assert "(nothing yet)" in s.to_html(upto=0)


def test_a_megabyte_is_shown_as_the_tail_around_the_current_token():
    s = stream("流式输出。" * 200_000, encoding="o200k_base")
    html = s.to_html(upto=len(s) // 2)
    assert len(html) < 60_000 and "…" in html


def test_bad_arguments_get_one_line_errors():
    with pytest.raises(ValueError, match="upto must be from 0"):
        stream("hi", upto=5)
    with pytest.raises(TypeError):
        stream(b"hi")
    with pytest.raises(ValueError, match="unknown encoding"):
        stream("hi", encoding="o300k")


def test_decode_chunks_never_splits_a_character_wherever_the_bytes_are_cut():
    text = "流式输出 streams 😀 é"
    raw = text.encode()
    for cut in range(len(raw) + 1):
        assert "".join(decode_chunks([raw[:cut], raw[cut:]])) == text
    assert "".join(decode_chunks(bytes([b]) for b in raw)) == text
    assert list(decode_chunks([raw[:2]])) == [REPLACEMENT]  # cut inside a character, at the end
    with pytest.raises(TypeError, match="chunks of bytes"):
        list(decode_chunks(["text"]))


def test_text_stream_joins_dict_chunks_and_keeps_the_usage():
    chunks = [
        {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]},
        {"choices": [{"index": 0, "delta": {"content": "你"}}], "usage": None},
        {"choices": [{"index": 0, "delta": {"content": "好"}}]},
        {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
        {"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 1, "total_tokens": 10}},
    ]
    answer = TextStream(chunks)
    assert list(answer) == ["你", "好"] and answer.text == "你好"
    assert answer.usage["completion_tokens"] == 1
    with pytest.raises(TypeError):
        TextStream("not a stream")


class _SSE(BaseHTTPRequestHandler):
    """Streams a chat completion as the API does (server-sent events), five bytes per write: most
    characters (three bytes each) are cut between two writes."""

    answer = "流式输出：逐个词元。"

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        events = []
        base = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "demo"}
        for piece in ["流式", "输出：", "逐个词元。"]:
            delta = {"index": 0, "delta": {"content": piece}, "finish_reason": None}
            events.append({**base, "choices": [delta]})
        usage = {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}
        events.append({**base, "choices": [], "usage": usage})
        body = "".join(f"data: {json.dumps(e, ensure_ascii=False)}\n\n" for e in events) + "data: [DONE]\n\n"
        raw = body.encode()
        for start in range(0, len(raw), 5):
            self.wfile.write(raw[start : start + 5])
            self.wfile.flush()

    def log_message(self, *args):
        pass


def test_the_openai_clients_stream_gives_whole_strings_and_text_stream_joins_them():
    """Bytes written a few at a time, cutting characters: the client still hands out whole text."""
    openai = pytest.importorskip("openai")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SSE)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{server.server_address[1]}/v1", api_key="sk-test")
        chunks = client.chat.completions.create(
            model="demo", messages=[{"role": "user", "content": "hi"}], stream=True,
            stream_options={"include_usage": True},
        )  # fmt: skip
        answer = TextStream(chunks)
        pieces = list(answer)
    finally:
        server.shutdown()
        server.server_close()
    assert pieces == ["流式", "输出：", "逐个词元。"] and answer.text == _SSE.answer
    assert answer.usage.completion_tokens == 7
