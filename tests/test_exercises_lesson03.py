"""Lesson 03's exercise and predictions as the lessons now ask them: any language of the corpus is
an answer, checked by computing its premiums and its Article 1; the usual mistakes (the whole text
for Article 1, the counts for the premiums, the English reference in the Chinese lesson) get their
hint in the language in use; the predictions' truths are the lessons' numbers."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab._i18n import speaking
from tokenlab.corpus import load_corpus
from tokenlab.exercises import exercise, prediction
from tokenlab.languages import premiums


@pytest.fixture(autouse=True)
def progress_here(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "tokenlab-progress.json"))
    monkeypatch.delenv("TOKENLAB_CLASS_DIR", raising=False)


def _article(code):
    text = load_corpus()[code].units["1"]
    return tokenlab.count(text, encoding="r50k_base"), tokenlab.count(text, encoding="o200k_base")


@pytest.mark.parametrize("code", ["kor", "hin", "fra"])
def test_the_chinese_lesson_accepts_any_language_with_chinese_as_the_reference(code):
    row = premiums(encodings=["r50k_base", "o200k_base"], reference="cmn_hans").loc[code]
    old, new = _article(code)
    with speaking("zh_CN"):
        q = exercise("03.premium")
        result = q.check(code, row["r50k_base premium"], row["o200k_base premium"], old, new)
        assert result.correct, result
        assert "溢价" in str(result)


def test_the_usual_mistakes_get_their_hint_in_chinese():
    code = "kor"
    zh_row = premiums(encodings=["r50k_base", "o200k_base"], reference="cmn_hans").loc[code]
    en_row = premiums(encodings=["r50k_base", "o200k_base"]).loc[code]
    old, new = _article(code)
    with speaking("zh_CN"):
        q = exercise("03.premium")
        whole = q.check(
            code,
            zh_row["r50k_base premium"],
            zh_row["o200k_base premium"],
            int(zh_row["r50k_base tokens"]),
            int(zh_row["o200k_base tokens"]),
        )
        assert whole.mistake == "whole-text"
        assert "只数第 1 条" in str(q.hint())
        english = q.check(code, en_row["r50k_base premium"], en_row["o200k_base premium"], old, new)
        assert english.mistake == "wrong-reference"
        assert "reference" in str(q.hint()) and "参照" in str(q.hint())


def test_the_english_lesson_names_the_counts_given_for_the_premium():
    code = "rus"  # its Article 1 fell by 4.2 times, its premium by 4.7: far enough apart to tell
    table = premiums(encodings=["r50k_base", "o200k_base"])
    old, new = _article(code)
    q = exercise("03.premium")
    assert q.check(code, old / new, old, new).mistake == "tokens-not-premium"
    factor = table.loc[code, "r50k_base premium"] / table.loc[code, "o200k_base premium"]
    assert q.check("Russian", factor, old, new).correct


def test_a_chinese_character_is_more_or_less_than_one_token_depending_on_the_encoding():
    p = prediction("03.per-character")
    table = premiums(encodings=["r50k_base", "cl100k_base", "o200k_base"], reference="cmn_hans")
    per_char = table.loc["cmn_hans", ["r50k_base tokens/char", "o200k_base tokens/char"]]
    assert per_char.iloc[0] > 1 > per_char.iloc[1]
    p.commit("depends")
    assert p.reveal().right is True
    with speaking("zh_CN"):
        assert "、" in str(prediction("03.per-character").reveal())


@pytest.mark.parametrize(("reference", "top"), [("eng", 6), ("cmn_hans", 6)])
def test_yoruba_is_among_the_costliest_six_whatever_the_reference(reference, top):
    p = prediction("03.scripts", reference=reference, top=top)
    assert p.reveal().truth == "some-latin"
    assert "Yoruba" in str(p.reveal())
