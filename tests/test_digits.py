"""Digits: each encoding's pieces of a number against its own encode, and the rule it follows."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab.digits import MAX_TEXT, RULES, digits, rule

NUMBERS = st.from_regex(r"[0-9]{1,30}([.,][0-9]{1,6})?( [0-9]{1,12})?", fullmatch=True)


@settings(max_examples=15)
@given(text=NUMBERS)
def test_the_pieces_are_each_encodings_own_tokens(text, reference):
    shown = digits(text)
    assert list(shown.pieces) == tokenlab.encodings()
    for name, pieces in shown.pieces.items():
        enc = reference(name) if name in tokenlab.encodings("openai") else tokenlab.get_encoding(name)
        ids = enc.encode_ordinary(text)
        assert pieces == [enc.decode_single_token_bytes(i).decode() for i in ids]
        assert "".join(pieces) == text and shown.counts[name] == len(ids)


@given(run=st.from_regex(r"[0-9]{1,40}", fullmatch=True))
def test_each_rule_describes_how_a_run_of_digits_is_cut(run):
    for name in ("o200k_base", "deepseek_v3", "qwen", "tekken"):
        lengths = [len(p) for p in digits(run, encodings=[name]).pieces[name]]
        if rule(name) == "single":
            assert lengths == [1] * len(run)
        else:
            assert lengths == [3] * (len(run) // 3) + ([len(run) % 3] if len(run) % 3 else [])


def test_each_encoding_has_its_rule():
    found = {name: rule(name) for name in tokenlab.encodings()}
    assert found == {
        "r50k_base": "learned", "p50k_base": "learned", "p50k_edit": "learned", "cl100k_base": "threes",
        "o200k_base": "threes", "o200k_harmony": "threes", "qwen": "single", "qwen3.6": "single",
        "deepseek_v3": "threes", "tekken": "single",
    }  # fmt: skip
    assert set(found.values()) == set(RULES) and rule("gpt-4o") == "threes"


def test_gpt3s_encoding_cuts_numbers_by_what_it_learned():
    assert digits("2025 1234567", encodings=["r50k_base"]).pieces["r50k_base"] == ["20", "25", " 123", "45", "67"]


def test_the_display_shows_every_encoding_with_its_rule():
    d = digits("1,234,567", encodings=["o200k_base", "qwen"])
    html = d.to_html()
    assert "groups of three from the left" in html and "one digit per token" in html and "tex2jax_ignore" in html
    assert repr(d) == "<Digits o200k_base: 1|,|234|,|567; qwen: 1|,|2|3|4|,|5|6|7>"


def test_bad_input_gets_one_line_errors():
    with pytest.raises(ValueError, match="up to 1,000 characters"):
        digits("1" * (MAX_TEXT + 1))
    with pytest.raises(TypeError, match="digits takes a text"):
        digits(12345)
    with pytest.raises(ValueError, match="list of encoding names"):
        digits("1", encodings="o200k_base")
    with pytest.raises(ValueError, match="unknown encoding"):
        digits("1", encodings=["o300k"])
    assert digits("", encodings=["o200k_base"]).counts == {"o200k_base": 0}
