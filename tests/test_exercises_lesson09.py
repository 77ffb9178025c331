"""Lesson 09's exercises and predictions: writing BPE is checked by running the student's two functions
(the right ones pass; the usual wrong ones fail with the hint aimed at them, in English and in Chinese),
the school's mix is checked by training, and each prediction's truth is what the lesson's cells show."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from tokenlab._i18n import speaking
from tokenlab.exercises import exercise, prediction
from tokenlab.exercises.lesson09 import BPE_SOLUTION


@pytest.fixture(autouse=True)
def progress_here(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "tokenlab-progress.json"))
    monkeypatch.delenv("TOKENLAB_CLASS_DIR", raising=False)


def _right():
    namespace: dict = {}
    exec(BPE_SOLUTION, namespace)
    return namespace["count_pairs"], namespace["merge"]


count_pairs, merge = _right()


def merge_overlapping(ids, pair, new_id):  # forgets to skip the second id of a merged pair
    return [new_id if (a, b) == pair else a for a, b in zip(ids, [*ids[1:], None], strict=False)]


def empty_counts(ids):
    return {}


def by_frequency(ids):  # Counter.most_common() sorts: right counts, wrong order
    return dict(Counter(itertools.pairwise(ids)).most_common())


def merge_in_place(ids, pair, new_id):  # changes ids and forgets to return
    ids[:] = merge(ids, pair, new_id)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_solution_passes_in_both_languages_as_the_notebook_reads_it(lang):
    with speaking(lang):
        q = exercise("09.bpe")
        result = q.check()  # reads count_pairs and merge from this module, as from a notebook
        assert result.correct, result
        assert ("18" in str(result)) and (("两个函数都对" in str(result)) == (lang == "zh_CN"))
        assert "def count_pairs" in q.solution().code


@pytest.mark.parametrize(
    ("pairs", "merger", "mistake", "said", "hint"),
    [
        (empty_counts, merge, "count-empty", "it returned an empty dict", "counts.get(pair, 0) + 1"),
        (by_frequency, merge, "count-order", "[(1, 2), (2, 3), (3, 3)]", "Counter.most_common()"),
        (count_pairs, merge_overlapping, "merge-skip", "skip both of its ids", "go on from i + 2"),
        (count_pairs, merge_in_place, "no-return", "returned None", "End the function with return"),
        (count_pairs, lambda ids, pair, new_id: tuple(merge(ids, pair, new_id)), "wrong-type", "returned a tuple",
         "merge returns a list"),
        (lambda ids: 1 / 0, merge, "raised", "raised ZeroDivisionError", "in a cell of its own"),
    ],
)  # fmt: skip
def test_the_usual_mistakes_get_the_hint_aimed_at_them(pairs, merger, mistake, said, hint):
    q = exercise("09.bpe")
    result = q.check(pairs, merger)
    assert result.status == "not_yet" and result.mistake == mistake, result
    assert said in str(result) and hint in str(q.hint())
    assert "None" not in str(result) or mistake == "no-return"


def test_a_wrong_function_is_said_in_chinese_too():
    with speaking("zh_CN"):
        q = exercise("09.bpe")
        result = q.check(empty_counts, merge)
        assert "空字典" in str(result) and "应为" in str(result) and "return counts" in str(q.hint())


def test_what_is_not_a_function_is_one_line():
    result = exercise("09.bpe").check(3, merge)
    assert result.status == "invalid" and "count_pairs is a function" in str(result) and "\n" not in str(result)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_schools_mix_is_checked_by_training(lang):
    with speaking(lang):
        q = exercise("09.mix")
        namespace: dict = {}
        exec(q.spec.text("solution", q.variant), namespace)
        result = q.check(namespace["premiums"], namespace["best"])
        assert result.correct, result
        truth = q.spec.truth(q.givens)
        assert q.check(**truth).correct and truth["best"] == 0.25
        assert list(truth["premiums"].values()) == sorted(truth["premiums"].values(), reverse=True)


def test_the_schools_usual_mistakes():
    q = exercise("09.mix")
    premiums = q.spec.truth(q.givens)["premiums"]
    assert q.check(premiums, min(premiums, key=premiums.get)).mistake == "lowest"
    assert q.check({w: 1 / p for w, p in premiums.items()}, 0.25).mistake == "upside-down"
    assert q.check({0.25: premiums[0.25]}, 0.25).mistake == "weights"
    assert q.check("1.03", 0.25).status == "invalid"


def test_each_prediction_computes_what_the_lesson_shows():
    first = prediction("09.first-merge")
    assert first.spec.truth(first.givens) == "other" and "Marathi" in str(first.reveal())
    held = prediction("09.held-out")
    assert held.spec.truth(held.givens) == "less"
    english = prediction("09.english-only", vocab_size=8000)
    assert 1.5 < english.spec.truth(english.givens) < 3
    unseen = prediction("09.unseen", text="医疗", vocab_size=1000)
    assert unseen.spec.truth(unseen.givens) == 6
    with speaking("zh_CN"):
        assert "字节" in str(unseen.reveal(6)) and "原因" in str(unseen.reveal(6))
