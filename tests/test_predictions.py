"""Predictions with answers: a guess is committed, the reveal compares it with the truth the lesson
computed and says why, in the language in use; the widget works headless and reads well without
a kernel."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab._i18n import speaking
from tokenlab.exercises import prediction, predictions
from tokenlab.exercises.prediction import read_number
from tokenlab.widgets import Predict

# 07's and 08's load vendors' tokenizers: one test each does (08's in test_exercises_lesson08.py);
# 09's train tokenizers: tests/test_exercises_lesson09.py does
QUICK = [p for p in predictions() if not p.startswith(("07.", "08.", "09.", "10."))]  # 10 asks 01, 05, 07 again


@pytest.fixture(autouse=True)
def progress_here(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "tokenlab-progress.json"))


def test_every_lesson_asks_before_it_shows():
    assert sorted({p[:2] for p in predictions()}) == ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]


def test_the_wrap_ups_quiz_asks_earlier_questions_under_ids_of_its_own():
    from tokenlab.exercises.lesson10 import ASKED_AGAIN

    for new, old in ASKED_AGAIN.items():
        again, first = prediction(new), prediction(old)
        assert again.id == new and (again.question(), again.choices()) == (first.question(), first.choices())
    assert len(predictions()) >= 25


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("id_", QUICK)
def test_each_prediction_computes_its_truth_and_says_why_in_the_language_in_use(id_, lang):
    with speaking(lang):
        p = prediction(id_)
        truth = p.spec.truth(p.givens)
        if p.kind == "choice":
            assert truth in dict(p.choices()) and len(p.choices()) >= 2
        question, reveal = p.question(), str(p.reveal(truth))
        assert question and "{" not in question and "{" not in reveal
        assert ("原因" in reveal) == (lang == "zh_CN") and ("Why" in reveal) == (lang == "en")


def test_the_vendors_predictions_too():
    for id_ in predictions("07"):
        p = prediction(id_)
        assert "{" not in str(p.reveal())


def test_a_right_a_close_and_a_wrong_guess():
    p = prediction("01.bytes", text="Hi 你好 👋")
    p.commit("14")
    assert p.reveal(len("Hi 你好 👋".encode())).right is True
    vocab = prediction("01.vocab")
    vocab.commit("180,000")  # within a quarter of 200,019
    assert vocab.reveal().right is True
    wrong = prediction("01.vocab")
    wrong.commit(50_000)
    result = wrong.reveal()
    assert result.right is False and "200,019" in str(result) and "50,000" in str(result)


def test_a_choice_is_committed_by_code_or_by_its_words():
    p = prediction("01.longer")
    p.commit("the Chinese one")
    assert p.guess == "chinese"
    with pytest.raises(ValueError, match="pick one of: the English one, the Chinese one, the same number"):
        p.commit("both")


def test_no_guess_still_reveals_the_answer_and_why():
    result = prediction("02.endoftext").reveal()
    assert result.right is None and str(result).startswith("• No guess: the answer: 7 tokens.")


def test_a_guess_after_the_reveal_is_refused():
    p = prediction("01.bytes")
    p.reveal()
    with pytest.raises(ValueError, match="already revealed"):
        p.commit(3)


@pytest.mark.parametrize(
    ("typed", "number"),
    [("12", 12), (" 1,234 ", 1234), ("０.５", 0.5), ("$0.001", 0.001), ("3×", 3), ("30%", 30), ("1e-5", 1e-5)],
)
def test_numbers_are_read_as_students_type_them(typed, number):
    assert read_number(typed) == number


@pytest.mark.parametrize("typed", ["", "abc", "nan", "inf", "1" * 500, None, True, [1], "１２三"])
def test_what_is_not_a_number_is_a_one_line_error(typed):
    with pytest.raises(ValueError) as error:
        read_number(typed)
    assert "\n" not in str(error.value) and len(str(error.value)) < 200


def test_the_truth_the_lesson_passes_is_checked():
    with pytest.raises(ValueError, match="the truth is one of english, chinese, same"):
        prediction("01.longer").reveal("maybe")
    with pytest.raises(ValueError, match="the truth is a number"):
        prediction("01.bytes").reveal("14")


def test_the_givens_follow_the_lesson():
    p = prediction("01.bytes", text="你")
    assert p.question() == 'How many bytes does "你" take in UTF-8?' and p.spec.truth(p.givens) == 3
    with pytest.raises(TypeError, match="prediction 01.bytes takes text; not 'txt'"):
        prediction("01.bytes", txt="x")


class TestWidget:
    def test_commit_with_the_button_then_reveal(self):
        w = Predict("01.bytes")
        w.answer.value = "9"
        w.commit_button.click()
        assert "Your guess: 9 bytes" in w.status.value and repr(w) == "Predict(01.bytes: guessed 9 bytes)"
        result = w.reveal(14)
        assert w.answer.disabled and w.commit_button.disabled and "Not quite" in w.status.value
        assert str(result).startswith("✗ Not quite: you guessed 9 bytes; it is 14 bytes.")

    def test_a_choice_widget_lists_its_choices(self):
        w = Predict("01.longer")
        assert [label for label, _code in w.answer.options] == ["the English one", "the Chinese one", "the same number"]
        w.commit("chinese")
        assert w.prediction.guess == "chinese"

    def test_a_bad_guess_is_said_where_the_status_is(self):
        w = Predict("01.bytes")
        for typed in ("", "many", "<b>1</b>"):
            w.answer.value = typed
            w.commit_button.click()
            assert "tokenlab-notice" in w.status.value and "<b>1" not in w.status.value
        assert w.prediction.guess is None

    def test_the_static_view_shows_the_question_and_where_the_answer_is(self):
        w = Predict("01.longer")
        html = w._repr_mimebundle_()["text/html"]
        assert "tokenlab-static" in html and "Predict:" in html and "the Chinese one" in html
        assert "The next cell shows the answer." in html
        w.commit("same")
        w.reveal()
        assert "Right" in w.static_html() and "Why:" in w.static_html()

    def test_its_words_follow_the_language_in_use(self):
        with speaking("zh_CN"):
            w = Predict("01.bytes")
            assert "先猜一猜" in w.question.value and w.commit_button.description == "提交我的猜测"

    def test_user_text_in_a_given_is_escaped(self):
        w = Predict("01.bytes", text="<img src=x onerror=alert(1)>")
        assert "<img" not in w.static_html() and "&lt;img" in w.static_html()

    def test_guesses_and_reveals_are_kept_in_the_progress_file(self, tmp_path):
        from tokenlab.exercises.progress import read

        w = Predict("01.bytes")
        w.commit(9)
        w.reveal(14)
        entry = read(tmp_path / "tokenlab-progress.json")["predictions"]["01.bytes"]
        assert (entry["guess"], entry["truth"], entry["right"], entry["lang"]) == (9, 14, False, tokenlab.language())
