from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab._encode import encode_in_python

from .strategies import clean_texts, texts

ALL = tokenlab.encodings("openai")
encoding_names = st.sampled_from(ALL)


@given(text=texts, name=encoding_names)
def test_tokenize_and_count_equal_tiktoken(reference, text, name):
    enc = reference(name)
    expected = enc.encode(text, disallowed_special=())
    tokens = tokenlab.tokenize(text, encoding=name)
    assert tokens.ids == expected
    assert len(tokens) == tokenlab.count(text, encoding=name) == len(expected)


@given(text=texts, name=encoding_names)
def test_special_tokens_are_opt_in_and_then_equal_tiktoken(reference, text, name):
    enc = reference(name)
    assert tokenlab.tokenize(text, encoding=name, allowed_special="all").ids == enc.encode(text, allowed_special="all")
    assert tokenlab.count(text, encoding=name, allowed_special="all") == len(enc.encode(text, allowed_special="all"))


def test_special_token_strings_are_ordinary_text_by_default():
    tokens = tokenlab.tokenize("<|endoftext|>", encoding="cl100k_base")
    assert 100257 not in tokens.ids
    assert "".join(t.text for t in tokens) == "<|endoftext|>"
    assert tokenlab.tokenize("<|endoftext|>", encoding="cl100k_base", allowed_special={"<|endoftext|>"}).ids == [100257]


def test_allowing_an_unknown_special_token_says_which_exist():
    with pytest.raises(ValueError, match=r"cl100k_base has no special token '<\|nope\|>'; it has: <\|endofprompt\|>"):
        tokenlab.tokenize("x", encoding="cl100k_base", allowed_special={"<|nope|>"})


@given(text=clean_texts, name=encoding_names)
def test_tokens_carry_tiktokens_bytes_and_offsets(reference, text, name):
    enc = reference(name)
    tokens = tokenlab.tokenize(text, encoding=name)
    assert [t.bytes for t in tokens] == enc.decode_tokens_bytes(tokens.ids)
    if tokens.ids:
        _, starts = enc.decode_with_offsets(tokens.ids)
        assert [t.start for t in tokens] == starts
    for t in tokens:
        assert 0 <= t.start < t.end <= len(text)
        if t.complete:
            assert t.text == text[t.start : t.end] == t.bytes.decode("utf-8")
        else:
            assert "⟨" in t.text


@given(text=texts, name=encoding_names)
def test_segments_cover_the_text_once_in_order(reference, text, name):
    tokens = tokenlab.tokenize(text, encoding=name)
    segments = tokens.segments()
    assert "".join(s.text for s in segments) == reference(name).decode(tokens.ids)
    assert [t.id for s in segments for t in s.tokens] == tokens.ids
    for s in segments:
        assert s.split == (len(s.tokens) > 1)
        assert b"".join(t.bytes for t in s.tokens).decode("utf-8") == s.text  # whole characters


def test_a_character_split_over_tokens_is_one_segment():
    tokens = tokenlab.tokenize("你", encoding="r50k_base")
    assert tokens.ids == [19526, 254]
    (segment,) = tokens.segments()
    assert segment.text == "你" and segment.split
    assert [t.text for t in segment.tokens] == ["⟨e4 bd⟩", "⟨a0⟩"]
    assert [t.hex for t in segment.tokens] == ["e4 bd", "a0"]
    assert [(t.start, t.end) for t in segment.tokens] == [(0, 1), (0, 1)]
    assert not any(t.complete for t in segment.tokens)


def test_segments_stop_near_the_limit_without_cutting_a_character():
    tokens = tokenlab.tokenize("a你b", encoding="r50k_base")  # a | e4 bd | a0 | b
    assert [s.text for s in tokens.segments(2)] == ["a", "你"]
    assert [s.text for s in tokens.segments(0)] == []


def test_counts_are_tokens_characters_words_and_utf8_bytes():
    counts = tokenlab.tokenize("Hello wide world, hello", encoding="cl100k_base").counts
    assert counts == (5, 23, 4, 23)
    assert counts.tokens_per_word == 1.25
    assert tokenlab.tokenize("").counts == (0, 0, 0, 0)
    assert tokenlab.tokenize("").counts.tokens_per_word is None


def test_lone_surrogates_are_encoded_as_tiktoken_does_and_offsets_point_into_the_original(reference):
    text = "a\ud800b\ud83d\ude00c"  # a lone surrogate, then a pair standing for 😀
    enc = reference("cl100k_base")
    tokens = tokenlab.tokenize(text, encoding="cl100k_base")
    assert tokens.ids == enc.encode(text)
    assert tokens.counts.bytes == len("a\ufffdb😀c".encode())
    emoji = [t for t in tokens if t.bytes[0] in (0xF0, 0x80)]
    assert {(t.start, t.end) for t in emoji} == {(3, 5)}
    assert tokens[-1].start == 5 and text[tokens[-1].start] == "c"


def test_empty_text_is_zero_tokens():
    assert tokenlab.count("") == 0
    assert list(tokenlab.tokenize("")) == []
    assert tokenlab.tokenize("").segments() == []


@pytest.mark.parametrize("bad", [None, 42, ["a"], b"bytes"])
def test_text_that_is_not_a_string_is_a_clear_typeerror(bad):
    with pytest.raises(TypeError, match="tokenlab takes text"):
        tokenlab.tokenize(bad)
    with pytest.raises(TypeError, match="tokenlab takes text"):
        tokenlab.count(bad)


def test_tokens_index_and_slice():
    tokens = tokenlab.tokenize("one two three")
    assert tokens[0].text == "one" and tokens[-1].text == " three"
    assert [t.text for t in tokens[1:]] == [" two", " three"]
    assert repr(tokens) == "<Tokens o200k_base: 3 tokens, 13 characters>"


_OVERFLOWING = """
import sys, tokenlab
spaces = " " * 1_000_000  # tiktoken's Rust regex overflows on these under o200k_base
cases = ((spaces + "x", frozenset()), ("\\t" * 1_000_000, "all"), ("\\u3000" * 1_000_000, {"<|endoftext|>"}))
for text, allowed in cases:
    n = tokenlab.count(text, encoding="o200k_base", allowed_special=allowed)
    ids = tokenlab.tokenize(text, encoding="o200k_base", allowed_special=allowed).ids
    assert n == len(ids) and tokenlab.get_encoding("o200k_base").decode(ids) == text
assert tokenlab.count(spaces, encoding="o200k_base", allowed_special="all") == 7813
print(tokenlab.count(spaces, encoding="o200k_base"))
"""


def test_a_run_of_spaces_that_overflows_tiktokens_regex_counts_and_prints_nothing():
    # In a subprocess: the Rust panic message would go straight to file descriptor 2.
    env = dict(os.environ, RUST_BACKTRACE="1")
    done = subprocess.run([sys.executable, "-c", _OVERFLOWING], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "7813\n" and done.stderr == ""


def test_only_a_long_run_of_possible_whitespace_goes_the_python_way(reference):
    from tokenlab._encode import LONG, overflows

    assert not overflows("word " * LONG) and not overflows("你好" * LONG) and not overflows(" " * 49_999)
    assert overflows(" " * 50_000) and overflows("\u3000" * 20_000) and overflows(" \t\n\u00a0" * 20_000)
    text = "a" + " \u3000\t" * 40_000 + "<|endoftext|> b"  # long enough for the Python way, short enough for Rust
    enc = reference("o200k_base")
    assert tokenlab.tokenize(text, encoding="o200k_base").ids == enc.encode_ordinary(text)
    assert tokenlab.count(text, encoding="o200k_base", allowed_special="all") == len(
        enc.encode(text, allowed_special="all")
    )


@given(text=texts, name=encoding_names, special=st.booleans())
def test_the_python_regex_fallback_gives_tiktokens_ids(reference, text, name, special):
    enc = reference(name)
    allowed = enc.special_tokens_set if special else set()
    assert encode_in_python(enc, text, allowed) == enc.encode(text, allowed_special=allowed, disallowed_special=())


@given(text=texts, name=encoding_names)
def test_counting_in_tiktokens_buffer_equals_the_length_of_its_list(reference, text, name):
    from tokenlab._encode import count_ordinary

    enc = reference(name)
    assert count_ordinary(tokenlab.get_encoding(name), text) == len(enc.encode_ordinary(text))


def test_huge_text_counts_exactly(reference):
    text = "The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸。\n" * 60_000  # ~3.6 MB
    assert tokenlab.count(text, encoding="cl100k_base") == len(reference("cl100k_base").encode_ordinary(text))
    tokens = tokenlab.tokenize(text)
    assert tokens.counts.characters == len(text)
    assert tokens.counts.words is None  # it holds Chinese: words are not counted at spaces


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hello wide world", 3),
        ("Привет мир", 2),
        ("नमस्ते दुनिया", 2),
        ("안녕 세상", 2),
        ("", 0),
        ("你好世界", None),
        ("Hi 你好", None),
        ("こんにちは", None),
        ("สวัสดีครับ", None),
        ("မင်္ဂလာပါ", None),
    ],
)
def test_words_are_counted_only_where_spaces_separate_them(text, words):
    counts = tokenlab.tokenize(text).counts
    assert counts.words == words
    assert (counts.tokens_per_word is None) == (not words)
    header = tokenlab.tokenize(text).to_text().splitlines()[0]
    assert ("word" in header) == (words is not None)


def test_a_long_text_works_out_only_the_tokens_a_display_draws():
    tokens = tokenlab.tokenize("tokens and more tokens. " * 20_000)
    tokens.to_html(max_tokens=100)
    assert len(tokens._tokens) < 1_000 < len(tokens)
    assert tokens[5] == list(tokens)[5] and tokens[-1].end == len(tokens.text)


@settings(max_examples=40)
@given(texts, st.sampled_from(["o200k_base", "r50k_base", "qwen"]))
def test_start_of_is_where_each_token_starts_without_working_out_the_others(text, name):
    tokens = tokenlab.tokenize(text, encoding=name)
    fresh = tokenlab.tokenize(text, encoding=name)
    assert [fresh.start_of(i) for i in range(len(tokens))] == [t.start for t in tokens]
    assert fresh.start_of(len(tokens)) == len(text) and not fresh._tokens
