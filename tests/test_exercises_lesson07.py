"""Lesson 07's exercise recognises the older rule turned upside down, in both languages, and its
English-or-Chinese prediction is computed from the vendors' own tokenizers."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab._i18n import speaking
from tokenlab.exercises import exercise, prediction


@pytest.fixture(autouse=True)
def progress_here(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "tokenlab-progress.json"))
    monkeypatch.delenv("TOKENLAB_CLASS_DIR", raising=False)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_older_rule_multiplied_instead_of_divided_gets_its_hint(lang):
    with speaking(lang):
        q = exercise("07.vendors")
        truth = q.spec.truth(q.givens)
        answer, exact = q.givens["answer"], truth["counts"]["qwen-plus"]
        times = 100 * (1.65 * len(answer) - exact) / exact
        result = q.check(truth["counts"], truth["cheapest"], truth["deepseek_off"], truth["bailian_off"], times)
        assert result.mistake == "rate-upside-down"
        assert ("1.65" in str(result)) and (("字符" in str(result)) == (lang == "zh_CN"))
        assert q.check(**truth).correct


def test_a_missing_rule_is_asked_for():
    q = exercise("07.vendors")
    truth = q.spec.truth(q.givens)
    assert q.check(truth["counts"], truth["cheapest"], truth["deepseek_off"]).status == "incomplete"


def test_the_chinese_declaration_is_cheaper_only_at_the_chinese_vendors():
    p = prediction("07.english")
    assert p.spec.truth(p.givens) == "chinese-vendors"
    only_openai = prediction("07.english", models=("gpt-5.4-mini",))
    assert only_openai.spec.truth(only_openai.givens) == "none"
    assert tokenlab.count("你好", model="deepseek-flash") >= 1
