from __future__ import annotations

import pytest

import tokenlab
from tokenlab import languages
from tokenlab.corpus import load_corpus
from tokenlab.languages import count_words, premiums


@pytest.fixture(scope="module")
def table():
    return premiums(encodings=["r50k_base", "cl100k_base", "o200k_base"])


def test_one_row_per_language_with_every_measure(table):
    assert len(table) == len(load_corpus())
    for name in ("r50k_base", "cl100k_base", "o200k_base"):
        for measure in languages.MEASURES:
            assert f"{name} {measure}" in table.columns
    assert {"name", "script", "characters", "bytes", "words", "words_by"} <= set(table.columns)


def test_token_counts_are_tiktokens_summed_over_the_articles(table, reference):
    udhr = load_corpus()
    for code in ("eng", "cmn_hans", "mya"):
        for name in ("r50k_base", "o200k_base"):
            enc = reference(name)
            expected = sum(len(enc.encode_ordinary(text)) for text in udhr[code].units.values())
            assert table.loc[code, f"{name} tokens"] == expected


def test_the_premium_is_a_ratio_of_totals_over_the_same_units(table, reference):
    assert (table.loc["eng", [c for c in table.columns if c.endswith("premium")]] == 1.0).all()
    spa = table.loc["spa"]
    assert spa["o200k_base premium"] == spa["o200k_base tokens"] / table.loc["eng", "o200k_base tokens"]
    # Amharic has no preamble: it is compared with English's 30 articles only.
    udhr, enc = load_corpus(), reference("o200k_base")
    english_articles = sum(len(enc.encode_ordinary(t)) for u, t in udhr["eng"].units.items() if u != "preamble")
    assert table.loc["amh", "o200k_base premium"] == pytest.approx(
        table.loc["amh", "o200k_base tokens"] / english_articles
    )
    assert table.loc["amh", "units"] == 30


def test_ratios_per_character_byte_and_word(table):
    row = table.loc["fra"]
    assert row["o200k_base tokens/char"] == row["o200k_base tokens"] / row["characters"]
    assert row["o200k_base tokens/byte"] == row["o200k_base tokens"] / row["bytes"]
    assert row["o200k_base tokens/word"] == row["o200k_base tokens"] / row["words"]


def test_the_premium_fell_from_r50k_to_o200k_for_most_languages(table):
    fell = (table["o200k_base premium"] < table["r50k_base premium"]).sum()
    assert fell >= len(table) - 3
    assert table.index[-1] != "eng" and table["o200k_base premium"].is_monotonic_increasing


def test_words_where_spaces_separate_them_and_segmenters_elsewhere(table):
    assert table.loc["eng", "words"] == len(load_corpus()["eng"].text.split())
    assert table.loc["cmn_hans", "words"] > 1000 and table.loc["cmn_hans", "words_by"] == "jieba"
    assert table.loc["jpn", "words"] > 1000 and table.loc["tha", "words"] > 1000
    assert table.loc["amh", "words"] > 500 and table.loc["amh", "words_by"] == "ethiopic"
    assert "፡" in languages.words_note("ethiopic")
    assert str(table.loc["mya", "words"]) == "<NA>" and table.loc["mya", "words_by"] == "none"
    assert "no segmenter" in languages.words_note("none", "Burmese")


def test_without_a_segmenter_the_reason_is_stated(monkeypatch):
    monkeypatch.setattr(languages, "_SEGMENTERS", {"jieba": None})
    languages._count_words.cache_clear()
    try:
        words, words_by = count_words(load_corpus()["cmn_hans"])
    finally:
        languages._count_words.cache_clear()
    assert words is None and words_by == "missing"
    assert "pip install tokenlab[words]" in languages.words_note(words_by, "Chinese")


def test_a_teachers_own_corpus_and_reference():
    corpus = load_corpus({"eng": ["Hello, how are you?"], "fra": ["Bonjour, comment allez-vous ?"]})
    table = premiums(corpus, encodings=["gpt-4o"], reference="fra")
    assert table.loc["fra", "o200k_base premium"] == 1.0
    expected = tokenlab.count("Hello, how are you?", encoding="o200k_base") / tokenlab.count(
        "Bonjour, comment allez-vous ?", encoding="o200k_base"
    )
    assert table.loc["eng", "o200k_base premium"] == pytest.approx(expected)


def test_bad_arguments_are_clear():
    with pytest.raises(KeyError, match="no language 'xx'"):
        premiums(reference="xx")
    with pytest.raises(ValueError, match="unknown encoding"):
        premiums(encodings=["nope"])
    with pytest.raises(ValueError, match="at least one encoding"):
        premiums(encodings=[])
