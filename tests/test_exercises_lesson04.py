"""Lesson 04's exercise answers back about the month with reasoning tokens too, and its hints speak the
language in use; its predictions follow the lesson's givens."""

from __future__ import annotations

import pytest

from tokenlab import pricing
from tokenlab._i18n import speaking
from tokenlab.exercises import exercise, prediction


@pytest.fixture(autouse=True)
def progress_here(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "tokenlab-progress.json"))
    monkeypatch.delenv("TOKENLAB_CLASS_DIR", raising=False)


def _month(g, **extra):
    chat = [{"role": "system", "content": g["system_prompt"]}, g["question"]]
    return pricing.estimate(chat, model=g["model"], output_tokens=250, **extra).total_usd * 9000


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_month_with_reasoning_is_checked_and_reasoning_left_out_gets_its_hint(lang):
    with speaking(lang):
        q = exercise("04.month")
        month, thinking = _month(q.givens), _month(q.givens, reasoning_tokens=500)
        assert q.check(month, None, thinking).correct is False  # a None share is unreadable, not right
        assert q.check(month=month, with_reasoning=thinking).correct
        wrong = q.check(month=month, with_reasoning=month)
        assert wrong.mistake == "reasoning-left-out"
        said = str(wrong) + str(q.hint())
        assert ("推理" in said) == (lang == "zh_CN") and ("reasoning_tokens=500" in said)
        assert q.check(month=month, with_reasoning=thinking * 2).mistake == "reasoning"


def test_the_month_is_checked_without_the_optional_parts():
    q = exercise("04.month")
    assert q.check(_month(q.givens)).correct


def test_the_cache_prediction_prices_the_lessons_own_messages():
    messages = [{"role": "system", "content": "x " * 3000}, {"role": "user", "content": "?"}]
    p = prediction("04.cache", messages=messages)
    own = p.spec.truth(p.givens)
    assert own != prediction("04.cache").spec.truth(prediction("04.cache").givens)
    assert own > 1


def test_the_peak_prediction_is_half_as_deepseeks_page_says():
    for lang in ("en", "zh_CN"):
        with speaking(lang):
            p = prediction("04.peak")
            assert p.spec.truth(p.givens) == 0.5
