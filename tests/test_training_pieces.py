"""SentencePiece's BPE with byte fallback: a character it never saw becomes its bytes, and its tokens
work wherever tokenlab's do. About 2 s."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab import registry
from tokenlab.corpus import load_corpus
from tokenlab.training import SentencePieceEncoding, train_bpe, train_sentencepiece, training_half


@pytest.fixture(scope="module")
def chinese():
    encoding = train_sentencepiece(1000, mix={"cmn_hans": 1, "eng": 1}, name="sp_test")
    yield encoding
    registry.unregister("sp_test")


def _unseen() -> str:
    seen = set("".join(training_half()["cmn_hans"].units.values()))
    return next(ch for ch in "医疗龘" if ch not in seen)


def test_a_character_it_never_saw_is_written_as_its_three_bytes(chinese):
    assert isinstance(chinese, SentencePieceEncoding)
    char = _unseen()
    raw = char.encode("utf-8")
    assert chinese.pieces(char) == [f"<0x{b:02X}>" for b in raw]
    assert [chinese.decode_single_token_bytes(i) for i in chinese.encode_ordinary(char)] == [bytes([b]) for b in raw]


def test_a_character_it_saw_is_one_token_from_the_start(chinese):
    assert chinese.pieces("人") == ["人"]


def test_its_tokens_spell_every_text_of_the_corpus_and_draw(chinese):
    for code in ("cmn_hans", "eng", "mya", "jpn"):
        for text in load_corpus()[code].units.values():
            assert chinese.decode(chinese.encode_ordinary(text)) == text
    html = tokenlab.tokenize("医疗 care", encoding="sp_test").to_html()
    assert "sp_test" in html and tokenlab.count("医疗 care", encoding="sp_test") == len(
        chinese.encode_ordinary("医疗 care")
    )


def test_the_same_text_gives_the_same_model():
    again = train_sentencepiece(1000, mix={"cmn_hans": 1, "eng": 1}, name="sp_again")
    try:
        assert again.pieces(load_corpus()["cmn_hans"].units["1"]) == registry.get_encoding("sp_test").pieces(
            load_corpus()["cmn_hans"].units["1"]
        )
    finally:
        registry.unregister("sp_again")


def test_byte_level_bpe_and_sentencepiece_differ_where_the_lesson_says(chinese):
    bpe = train_bpe(1000, mix={"cmn_hans": 1, "eng": 1}, name="bpe_test")
    try:
        seen = "人人生而自由"
        assert len(chinese.encode_ordinary(seen)) <= len(bpe.encode_ordinary(seen))
        assert len(chinese.encode_ordinary(_unseen())) == 3  # bytes, never <unk>
    finally:
        registry.unregister("bpe_test")


def test_too_small_a_vocabulary_is_a_one_line_error_that_says_how_big():
    with pytest.raises(
        ValueError, match=r"SentencePiece cannot train this: Vocabulary size is smaller than required_chars"
    ) as error:
        train_sentencepiece(300, mix={"cmn_hans": 1})
    assert "\n" not in str(error.value)
    with pytest.raises(ValueError, match="vocab_size must be from 256"):
        train_sentencepiece(10**9)
