"""Lesson 05's exercise and predictions: a burst of chunked requests against a TPM limit is checked
by simulating it, the usual mistakes (prompt and reserved output summed, the reserve left out, the
accepted counted for the refused) get their hint in both languages, and the
predictions follow the lesson's current model."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab import limits
from tokenlab._i18n import speaking
from tokenlab.corpus import load_corpus
from tokenlab.exercises import exercise, prediction
from tokenlab.freshness import freshness


@pytest.fixture(autouse=True)
def progress_here(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "tokenlab-progress.json"))
    monkeypatch.delenv("TOKENLAB_CLASS_DIR", raising=False)


def _prompts(language, overlap=30):
    pieces = limits.chunk(load_corpus()[language].text, 300, overlap=overlap, model="gpt-5.4-mini")
    return [400 + tokenlab.count(p, model="gpt-5.4-mini") for p in pieces]


@pytest.mark.parametrize(("lang", "language"), [("en", "eng"), ("zh_CN", "cmn_hans")])
def test_the_burst_is_checked_by_simulating_it(lang, language):
    prompts = _prompts(language)
    accepted = 10_000 // 2000  # each request counts its reserved 2,000: the minute holds five
    assert max(prompts) < 2000 and sum(prompts) <= 10_000  # what makes the lesson's answer what it is
    with speaking(lang):
        q = exercise("05.burst", language=language)
        right = q.check(counted=2000, refused=len(prompts) - accepted, refused_modest=0)
        assert right.correct, right
        summed = q.check(counted=prompts[0] + 2000, refused=len(prompts) - accepted, refused_modest=0)
        assert summed.mistake == "summed"
        assert q.check(counted=prompts[0], refused=0, refused_modest=0).mistake == "prompt-only"
        if accepted != _refused_if_summed(prompts):  # in Chinese the two mistakes give the same number
            assert q.check(counted=2000, refused=accepted, refused_modest=0).mistake == "accepted"
        q.check(counted=prompts[0] + 2000, refused=len(prompts) - accepted, refused_modest=0)
        assert ("不是两者之和" if lang == "zh_CN" else "not their sum") in str(q.hint())


def _refused_if_summed(prompts):
    """All sent at once, each counted (wrongly) as its prompt plus its 2,000: a greedy minute of 10,000."""
    used = refused = 0
    for p in prompts:
        if used + p + 2000 <= 10_000:
            used += p + 2000
        else:
            refused += 1
    return refused


@pytest.mark.parametrize("language", ["eng", "cmn_hans"])
def test_counting_the_prompt_plus_the_reserve_is_named_in_the_number_refused_too(language):
    prompts = _prompts(language)
    wrong = _refused_if_summed(prompts)
    assert wrong != len(prompts) - 5
    assert exercise("05.burst", language=language).check(2000, wrong, 0).mistake == "summed"


def test_the_lessons_predictions_name_a_current_model_and_compute_their_truth():
    longest = prediction("05.largest-prompt", model="gpt-5.4", reserve=128_000)
    assert longest.spec.truth(longest.givens) == limits.context_window("gpt-5.4") - 128_000
    fits = prediction("05.fits", prompt=1_000_000, model="gpt-5.4", small=2000, large=128_000)
    assert fits.spec.truth(fits.givens) == "small"
    for p in (longest, fits):
        assert freshness(p.givens["model"]).status == "current"
    with speaking("zh_CN"):
        assert "放得下" in dict(fits.choices())["small"]


def test_the_exercise_and_predictions_name_no_model_that_is_not_current():
    q = exercise("05.burst")
    assert freshness(q.givens["model"]).status == "current"


def test_the_per_character_reason_lists_counts_with_the_chinese_separator():
    with speaking("zh_CN"):
        reason = str(prediction("05.per-character").reveal())
    assert "、" in reason and ", " not in reason
