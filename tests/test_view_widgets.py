"""The widgets of lesson 08, headless: set a value as a student would, and check what they show."""

from __future__ import annotations

import json

import pytest

import tokenlab
from tokenlab.streaming import stream
from tokenlab.widgets import DigitSplitter, FormatComparison, StreamPlayer, VocabularyXray


def test_the_stream_player_steps_through_the_tokens_and_follows_the_text():
    p = StreamPlayer("你好", "r50k_base", debounce=0)
    assert p.step.max == p.play.max == 4 and p.step.value == 4
    p.step.value = 1
    assert "e4 bd" in p.output.value and repr(p) == "StreamPlayer(r50k_base: token 1 of 4)"
    assert p.output.value == stream("你好", encoding="r50k_base", upto=1).to_html()
    p.text.value = "流式输出"
    assert p.step.max == len(tokenlab.tokenize("流式输出", encoding="r50k_base")) == p.step.value
    p.encoding.value = "qwen"
    assert p.stream.encoding == "qwen" and p.step.value == len(p.stream)


def test_the_stream_player_shows_a_static_view_and_refuses_bad_arguments():
    p = StreamPlayer("<i>x</i>", debounce=0)
    bundle = p._repr_mimebundle_()
    assert "tokenlab-static" in bundle["text/html"] and "&lt;i&gt;" in bundle["text/html"]
    with pytest.raises(ValueError, match="encoding must be one of"):
        StreamPlayer("x", "o300k")
    with pytest.raises(TypeError):
        StreamPlayer(123)


def test_an_empty_text_streams_nothing():
    p = StreamPlayer("", debounce=0)
    assert p.step.max == 0 and "(nothing yet)" in p.output.value


def test_the_xray_follows_the_picks_without_loading_a_tokenizer():
    x = VocabularyXray("o200k_base")
    assert "199,998" in x.output.value
    x.encoding.value = "qwen"
    x.script.value = "han"
    assert x.xray.encoding == "qwen" and x.xray.script == "han"
    assert x.xray.longest(1, script="han")[0].text.strip() in x.output.value
    x.top.value = 100
    assert "Of the 100 most common" in x.output.value
    assert repr(x) == "VocabularyXray(qwen: 151,643 tokens)"


def test_the_digit_splitter_shows_the_numbers_typed_under_each_encoding_picked():
    d = DigitSplitter("2025", ["r50k_base", "o200k_base"], debounce=0)
    assert d.digits.pieces == {"r50k_base": ["20", "25"], "o200k_base": ["202", "5"]}
    d.text.value = "1" * 2000
    assert d.digits is None and "up to 1,000 characters" in d.output.value
    d.text.value = "7"
    d.encodings.value = ()
    assert "Pick at least one encoding" in d.output.value


def test_the_format_comparison_counts_what_is_typed_and_explains_malformed_json():
    f = FormatComparison('{"学生": "李伟"}', ["o200k_base", "qwen"], debounce=0)
    escaped = json.dumps({"学生": "李伟"}, separators=(",", ":"))
    assert f.formats.counts[("json_minified", True)] == {
        n: tokenlab.count(escaped, encoding=n) for n in ("o200k_base", "qwen")
    }
    f.text.value = '{"学生": "李伟",}'
    assert f.formats is None and "this is not JSON" in f.output.value and "line 1, column 13" in f.output.value
    f.text.value = "[" * 50_000 + "]" * 50_000
    assert f.formats is None and "nested too deeply" in f.output.value
    f.text.value = "[1, 2]"
    assert f.formats is not None and "CSV holds a table" in f.output.value
    assert "tokenlab-static" in f._repr_mimebundle_()["text/html"]


def test_a_long_text_is_played_from_its_first_characters_and_says_so():
    """1 MB pasted into the stream player tokenizes only what is played (the lead measured 1.1-1.7 s
    under deepseek_v3 when the whole megabyte was tokenized)."""
    from tokenlab.widgets.streaming import LIMIT

    p = StreamPlayer("x", "deepseek_v3", debounce=0)
    p.text.value = "流式输出，一个汉字可能被拆成两个词元。" * 60_000
    assert p.cut and len(p.stream.text) <= LIMIT and p.stream.text[-1] in "。，"
    assert "first 1" in p.output.value and f"{len(p.text.value):,}" in p.output.value
    p.text.value = "短"
    assert not p.cut and "first" not in p.output.value
