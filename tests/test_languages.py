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
        words, words_by = count_words(load_corpus({"cmn_hans": ["图书馆在哪里？"]})["cmn_hans"])
        bundled = count_words(load_corpus()["cmn_hans"])  # segmented when the corpus was built
    finally:
        languages._count_words.cache_clear()
    assert bundled[1] == "jieba" and bundled[0] > 1000
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


# The bundled corpus is counted when it is built (data/udhr/counts.json.gz): each count equals a live
# one, made with tiktoken's own encodings and the real segmenters.


def test_token_counts_made_at_build_equal_the_vendors_for_every_unit_and_encoding(reference):
    from . import vendor_refs

    made = languages._made_at_build()["tokens"]
    udhr = load_corpus()
    assert set(made) == set(tokenlab.encodings())
    for name in tokenlab.encodings():
        # tiktoken's own encodings for OpenAI's; the vendors' tokenizer.json or mistral-common for the others
        encode = reference(name).encode_ordinary if name in tokenlab.encodings("openai") else vendor_refs.ordinary(name)
        live = {code: {unit: len(encode(text)) for unit, text in lang.units.items()} for code, lang in udhr.items()}
        assert made[name] == live, name


def test_word_counts_made_at_build_equal_the_segmenters_for_every_text_premiums_segments():
    import hashlib

    udhr = load_corpus()
    live: dict[str, dict[str, int]] = {}
    for lang in udhr.values():
        if lang.words not in ("jieba", "janome", "pythainlp"):
            continue
        texts = {lang.text} | {"\n".join(t for u, t in lang.units.items() if u in ref.units) for ref in udhr.values()}
        for text in texts:
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            live.setdefault(lang.words, {})[digest] = languages._segment_count(lang.words, text)[0]
    assert languages._made_at_build()["words"] == live


def test_counts_made_at_build_are_of_the_corpus_shipped():
    import gzip
    import hashlib

    from tokenlab import _shipped

    corpus = gzip.decompress(_shipped.data_file("udhr", "udhr.json.gz").read_bytes())
    assert languages._made_at_build()["corpus_sha256"] == hashlib.sha256(corpus).hexdigest()
    assert _shipped.verified("udhr", "udhr.json.gz") == corpus


@pytest.mark.parametrize("reference_language", ["eng", "amh"])
def test_premiums_are_exactly_what_counting_everything_live_gives(monkeypatch, reference_language):
    import pandas as pd

    made = premiums(encodings=tokenlab.encodings(), reference=reference_language)
    monkeypatch.setattr(languages, "_MADE_AT_BUILD", {"tokens": {}, "words": {}})
    languages._count_words.cache_clear()
    try:
        live = premiums(encodings=tokenlab.encodings(), reference=reference_language)
    finally:
        languages._count_words.cache_clear()
    pd.testing.assert_frame_equal(made, live, check_exact=True)


def test_the_premium_table_of_the_bundled_corpus_loads_no_encoding_and_no_segmenter():
    import subprocess
    import sys

    code = (
        "import sys, tokenlab, tokenlab.registry as r; from tokenlab.languages import premiums\n"
        "premiums(encodings=tokenlab.encodings()); premiums(reference='amh')\n"
        "print(len(r._loaded), *sorted({'jieba', 'janome', 'pythainlp'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0"]


def test_a_text_that_differs_from_the_bundled_one_is_counted_live():
    from tokenlab.corpus import Corpus

    udhr = load_corpus()
    units = dict(udhr["cmn_hans"].units)
    units["1"] += "图书馆"  # one unit changed: only it is counted live
    corpus = Corpus({"eng": udhr["eng"], "cmn_hans": udhr["cmn_hans"]._replace(units=units)}, source="mine")
    table = premiums(corpus, encodings=["o200k_base"])
    assert table.loc["cmn_hans", "o200k_base tokens"] == sum(tokenlab.count(t) for t in units.values())
    assert table.loc["cmn_hans", "words"] == languages._segment_count("jieba", "\n".join(units.values()))[0]


def test_a_corpus_line_of_a_million_spaces_is_measured_without_a_panic(capfd):
    from tokenlab.corpus import load_corpus

    mine = load_corpus({"eng": "Hi.\n" + " " * 1_000_000 + "x", "fra": "Salut.\nx"})
    table = premiums(mine, encodings=["o200k_base"])
    assert table.loc["eng", "o200k_base tokens"] > 7000
    assert "panicked" not in capfd.readouterr().err
