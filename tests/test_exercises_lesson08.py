"""Lesson 08's exercises and predictions: the solutions pass, the usual wrong answers get the hint
aimed at them (in English and in Chinese), and every prediction computes its truth and says why."""

from __future__ import annotations

import re

import pytest

from tokenlab._i18n import speaking
from tokenlab.exercises import exercise, exercises, prediction, predictions
from tokenlab.exercises.lesson08 import ORDERS


@pytest.fixture(autouse=True)
def progress_here(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "tokenlab-progress.json"))
    monkeypatch.delenv("TOKENLAB_CLASS_DIR", raising=False)


def made(id_, lang):
    with speaking(lang):
        return exercise(id_, **({"orders": ORDERS[lang]} if id_ == "08.format" else {}))


def test_lesson_08_has_two_exercises_and_a_prediction_per_idea():
    assert exercises("08") == ["08.format", "08.place-value"]
    assert len(predictions("08")) >= 12


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("id_", ["08.format", "08.place-value"])
def test_the_solution_code_computes_an_answer_the_check_accepts(id_, lang):
    from tokenlab.formats import formats

    q = made(id_, lang)
    namespace = {"formats": formats, **q.givens}
    exec(q.spec.solution, namespace)
    with speaking(lang):
        assert q.check(**{p.name: namespace[p.name] for p in q.parts}).correct
        assert q.check(**q.spec.truth(q.givens)).correct
        assert q.variant == lang if id_ == "08.format" else True


@pytest.mark.parametrize(
    ("answer", "mistake", "words"),
    [
        (("csv", False), "csv-nested", ("list", "列表")),
        (("csv", True), "csv-escapes", ("escapes", "转义")),
        (("json_indented", False), "indentation", ("Indentation", "缩进")),
        (("yaml", False), "indentation", ("Indentation", "缩进")),
        (("json_minified", True), "escaped", ("\\uXXXX", "\\uXXXX")),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_usual_wrong_formats_get_their_hint(answer, mistake, words, lang):
    q = made("08.format", lang)
    with speaking(lang):
        result = q.check(*answer)
        assert not result.correct and result.mistake == mistake
        assert words[lang == "zh_CN"] in str(result)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_quoted_booleans_and_unknown_formats_are_one_line_not_a_pass(lang):
    q = made("08.format", lang)
    with speaking(lang):
        quoted = q.check("json_minified", "False")
        assert not quoted.correct and "False" in str(quoted) and ("quotes" in str(quoted) or "引号" in str(quoted))
        assert not q.check("xml", False).correct and "json_minified" in str(q.check("xml", False))


@pytest.mark.parametrize(
    ("amount", "mistake"),
    [
        ("9876543210", "from-left"),
        ("98,7654,3210", "four"),
        ("98,765,432.10", "units"),
        ("987,654,321", "digits"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_usual_wrong_amounts_get_their_hint(amount, mistake, lang):
    q = made("08.place-value", lang)
    with speaking(lang):
        result = q.check(amount)
        assert not result.correct and result.mistake == mistake, result
        assert ("Hint" in str(result)) == (lang == "en") and ("提示" in str(result)) == (lang == "zh_CN")


def test_any_separator_every_three_digits_is_right_and_the_chinese_message_says_place_value():
    q = exercise("08.place-value")
    for amount in ("9,876,543,210", "9 876 543 210", "9_876_543_210"):
        assert q.check(amount).correct, amount
    with speaking("zh_CN"):
        assert "十亿、百万、千、个" in str(q.check("9,876,543,210"))


@pytest.mark.parametrize("value", [9_876_543_210, None, True, ["9,876"], "x" * 10_000])
def test_a_number_or_anything_but_a_short_text_is_one_line_never_a_traceback(value):
    result = exercise("08.place-value").check(value)
    assert not result.correct and "\n" not in str(result) and "Traceback" not in str(result)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_each_prediction_computes_its_truth_and_says_why_in_the_language_in_use(lang):
    with speaking(lang):
        for id_ in predictions("08"):
            p = prediction(id_)
            truth = p.spec.truth(p.givens)
            if p.kind == "choice":
                assert truth in dict(p.choices()) and len(p.choices()) >= 2
            question, reveal = p.question(), str(p.reveal(truth))
            placeholder = re.compile(r"\{[a-z_]+(:[^}]*)?\}")  # a value left unformatted (JSON's braces are text)
            assert question and not placeholder.search(question) and not placeholder.search(reveal)
            assert ("原因" in reveal) == (lang == "zh_CN") and ("Why" in reveal) == (lang == "en")


def test_the_truths_are_what_the_lesson_shows():
    truths = {id_: prediction(id_).spec.truth(prediction(id_).givens) for id_ in predictions("08")}
    assert truths["08.idiom"] == 1 and truths["08.palindrome"] == "no" and truths["08.reverse"] == "no"
    assert truths["08.carry"] == 2 and truths["08.trailing-space"] == "lone-space"
    assert truths["08.magikarp"] == "no" and truths["08.endoftext"] == "refuses" and truths["08.im-end"] == "depends"
    assert truths["08.formats"] == "csv" and truths["08.stream"] == 4 and truths["08.digits"] == "differ"
