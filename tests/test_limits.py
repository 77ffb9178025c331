from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tokenlab
from tokenlab import limits

from .strategies import clean_texts

encodings = st.sampled_from(["r50k_base", "cl100k_base", "o200k_base"])


def test_windows_and_output_limits_come_from_the_price_table():
    assert limits.context_window("gpt-4o") == 128_000 and limits.max_output("gpt-4o") == 16_384
    assert limits.context_window("gpt-4.1") > 1_000_000 and limits.shares_window("gpt-4o")


def test_the_gpt_5_window_is_stated_as_openai_states_it():
    assert (limits.context_window("gpt-5"), limits.max_input("gpt-5"), limits.max_output("gpt-5")) == (
        400_000,
        272_000,
        128_000,
    )
    assert not limits.shares_window("gpt-5")
    assert limits.fits(272_000, model="gpt-5", max_output_tokens=128_000).fits  # the whole window
    assert not limits.fits(272_001, model="gpt-5").fits  # over the input limit, though the window has room
    fit = limits.fits(100_000, model="gpt-5", max_output_tokens=1000)
    assert fit.room == 172_000 and "at most 272,000 prompt tokens" in fit.to_html()
    with pytest.raises(ValueError, match="no price for model 'gpt-4x'"):
        limits.context_window("gpt-4x")


def test_fits_counts_the_prompt_and_the_reserved_output():
    text = "Summarize this sentence."
    fit = limits.fits(text, model="gpt-4o", max_output_tokens=1000)
    assert fit.prompt_tokens == tokenlab.count(text, model="gpt-4o")
    assert fit.fits and fit.room == 128_000 - fit.prompt_tokens - 1000
    assert not limits.fits(127_500, model="gpt-4o", max_output_tokens=1000).fits
    assert limits.fits(127_000, model="gpt-4o", max_output_tokens=1000).room == 0
    assert not limits.fits(10, model="gpt-4o", max_output_tokens=20_000).fits  # more than gpt-4o can write
    chat = [{"role": "user", "content": text}]
    assert limits.fits(chat, model="gpt-4o").prompt_tokens == int(tokenlab.count_messages(chat, model="gpt-4o"))


def test_the_fit_displays_as_a_gauge():
    bundle = limits.fits(150_000, model="gpt-4o", max_output_tokens=1000)._repr_mimebundle_()
    assert "does not fit" in bundle["text/html"] and "23,000 tokens too many" in bundle["text/html"]
    assert "<script" not in bundle["text/html"]
    assert bundle["text/plain"].startswith("Fit(does not fit: 150,000 prompt tokens")


@given(text=clean_texts, name=encodings, max_tokens=st.integers(4, 40))
def test_chunks_are_within_the_limit_and_join_back_to_the_text(text, name, max_tokens):
    pieces = limits.chunk(text, max_tokens, encoding=name)
    assert "".join(pieces) == text
    assert all(piece and tokenlab.count(piece, encoding=name) <= max_tokens for piece in pieces)


@given(text=clean_texts, name=encodings, max_tokens=st.integers(4, 40), data=st.data())
def test_overlapping_chunks_cover_the_text_in_order(text, name, max_tokens, data):
    overlap = data.draw(st.integers(0, max_tokens - 1))
    pieces = limits.chunk(text, max_tokens, overlap=overlap, encoding=name)
    assert all(tokenlab.count(piece, encoding=name) <= max_tokens for piece in pieces)
    position = 0
    for piece in pieces:  # each piece starts at or before where the last one ended
        start = text.rfind(piece, 0, position + len(piece))
        assert 0 <= start <= position
        position = start + len(piece)
    assert position == len(text)


def test_chunks_never_cut_a_character():
    assert limits.chunk("你好世界", 2, encoding="r50k_base") == ["你", "好", "世", "界"]
    with pytest.raises(ValueError, match="one character takes more than 1 tokens"):
        limits.chunk("你", 1, encoding="r50k_base")


@given(text=clean_texts, name=encodings, max_tokens=st.integers(0, 30), side=st.sampled_from(["end", "start"]))
def test_truncate_keeps_the_longest_piece_within_the_limit(text, name, max_tokens, side):
    kept = limits.truncate(text, max_tokens, side=side, encoding=name)
    assert tokenlab.count(kept, encoding=name) <= max_tokens
    assert text.startswith(kept) if side == "end" else text.endswith(kept)
    if tokenlab.count(text, encoding=name) <= max_tokens:
        assert kept == text


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: limits.chunk("x", 0), "at least 1"),
        (lambda: limits.chunk("x", 5, overlap=5), "less than max_tokens"),
        (lambda: limits.truncate("x", -1), "0 or more"),
        (lambda: limits.truncate("x", 1, side="middle"), "side must be"),
        (lambda: limits.fits("x", model="gpt-4o", max_output_tokens=-1), "from 0"),
    ],
)
def test_bad_arguments_are_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()
