"""Lessons 01 and 02 as they are now: their exercises answer back in the lesson's own terms (the
Chinese word, the current small model), and their predictions ask what the lesson asks, with a
reason in the student's language."""

from __future__ import annotations

import re

import pytest

from tokenlab._i18n import speaking
from tokenlab.exercises import exercise, prediction
from tokenlab.exercises.lesson02 import MODEL, SYSTEM_PROMPTS, added_tokens

LATIN = re.compile(r"[A-Za-z]{4,}")  # an English word left in a Chinese sentence (codes such as o200k_base aside)


@pytest.fixture(autouse=True)
def progress_here(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "tokenlab-progress.json"))
    monkeypatch.delenv("TOKENLAB_CLASS_DIR", raising=False)


def _english_left(text: str) -> list[str]:
    return list(LATIN.findall(re.sub(r"'[^']*'|\w*_\w+|gpt-[\w.-]+", "", text)))  # the student's own word aside


@pytest.mark.parametrize(
    ("word", "mistake"),
    [("的", "one-character"), ("元宇宙", "several-in-new"), ("学习 方式", "not-a-word"), ("pandemic", "wrong-script")],
)
def test_the_chinese_lessons_usual_wrong_words_get_a_hint_in_chinese(word, mistake):
    with speaking("zh_CN"):
        q = exercise("01.word", script="han")
        result = q.check(word)
        said, hint = str(result), str(q.hint())
    assert (result.correct, result.mistake) == (False, mistake)
    assert not _english_left(said) and not _english_left(hint), (said, hint)


def test_any_common_chinese_word_the_new_encoding_has_whole_is_right():
    q = exercise("01.word", script="han")
    assert all(q.check(w).correct for w in ("微信", "二维码", "手机"))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_system_prompt_exercise_counts_for_the_lessons_current_model(lang):
    prompt = SYSTEM_PROMPTS[lang]
    truth = added_tokens(prompt, MODEL)
    with speaking(lang):
        q = exercise("02.system-prompt", system_prompt=prompt)
        assert q.givens["model"] == "gpt-5.4-mini" == MODEL
        assert q.check(truth, 1000 * truth).correct
        wrong = q.check(truth, truth)
        assert wrong.mistake == "total"
        solution, wrong_said = str(q.solution()), str(wrong)
    assert "gpt-5.4-mini" in solution and "gpt-4o" not in solution
    if lang == "zh_CN":
        assert "图书馆几点开门" in solution and not _english_left(wrong_said)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_new_predictions_compute_their_truth_and_say_why(lang):
    with speaking(lang):
        space = prediction("01.space", word="学习")
        space.commit("1")
        said = space.reveal(2)
        full = prediction("01.fullwidth").reveal()
        shown = str(said), str(full)
    assert said.right is False and full.truth == "same"
    if lang == "zh_CN":
        assert "·学 | 习" in shown[0] and not _english_left(" ".join(shown)), shown


def test_the_vocabulary_is_asked_in_token_ids_not_tokens():
    with speaking("zh_CN"):
        p = prediction("01.vocab")
        assert "词元 id" in p.question()
    p.commit("200000")
    assert p.reveal(200_019).right and "200,019 token ids" in str(p.reveal(200_019))
