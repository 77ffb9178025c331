"""Exercises answer back: the solution passes, the usual wrong answers fail with the hint aimed at
them (in English and in Chinese), and hostile answers get one line, never a traceback."""

from __future__ import annotations

import time

import pytest

import tokenlab
from tokenlab import limits, pricing
from tokenlab._i18n import speaking
from tokenlab.corpus import load_corpus
from tokenlab.demo_api import DemoAPI
from tokenlab.exercises import exercise, exercises
from tokenlab.exercises.exercise import spec
from tokenlab.languages import premiums
from tokenlab.ratelimits import Request, simulate


@pytest.fixture(autouse=True)
def progress_here(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "tokenlab-progress.json"))
    monkeypatch.delenv("TOKENLAB_CLASS_DIR", raising=False)


@pytest.fixture(scope="module")
def api():
    with DemoAPI(rpm=60) as server:
        yield server


def solved(id_, lang, api=None):
    """The parts the exercise's own solution code computes, run as a student would run it."""
    q = exercise(id_, **({"api": api} if id_ == "06.ask" else {}))
    with speaking(lang):
        q = exercise(id_, **({"api": api} if id_ == "06.ask" else {}))
    namespace = {
        "tokenlab": tokenlab,
        "pricing": pricing,
        "limits": limits,
        "premiums": premiums,
        "load_corpus": load_corpus,
        "simulate": simulate,
        "Request": Request,
    }
    exec(q.spec.variables_code(q.givens), namespace)
    namespace |= {k: v for k, v in q.givens.items() if k not in namespace}
    exec(q.spec.text("solution", q.variant), namespace)
    return q, {p.name: namespace[p.name] for p in q.parts if p.name in namespace}


def test_every_lesson_has_its_exercise():
    assert sorted({i[:2] for i in exercises()}) == ["01", "02", "03", "04", "05", "06", "07", "08", "09"]
    assert [i for i in exercises() if i.startswith("09.")] == ["09.bpe", "09.mix"]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize(
    "id_", ["01.word", "02.system-prompt", "03.premium", "04.month", "05.burst", "06.ask", "07.vendors"]
)
def test_the_solution_code_computes_an_answer_the_check_accepts(id_, lang, api):
    q, answer = solved(id_, lang, api)
    result = q.check(**answer)
    assert result.correct, result
    if q.spec.truth is not None:  # what solution() shows passes the check too
        truth = q.spec.truth(q.givens)
        assert q.check(**truth).correct
        assert [name for name, _value in q.solution().gives] == list(truth)


@pytest.mark.parametrize("word", [" pandemic", " covid", " Kubernetes"])
def test_any_word_that_is_one_token_only_in_the_new_encoding_is_right(word):
    assert tokenlab.count(word, encoding="o200k_base") == 1 < tokenlab.count(word, encoding="r50k_base")
    assert exercise("01.word").check(word).correct


def test_a_chinese_word_is_checked_by_computing_too():
    q = exercise("01.word", script="han")
    for word in ["人工", "学习", "手机"]:
        expected = tokenlab.count(word, encoding="o200k_base") == 1 < tokenlab.count(word, encoding="r50k_base")
        assert q.check(word).correct == expected


@pytest.mark.parametrize(
    ("word", "mistake"),
    [
        ("pandemic", "leading-space"),
        (" the", "known-to-old"),
        (" SolidGoldMagikarp", "reversed"),
        (" xqzvbnw", "several-in-new"),
        ("你好", "wrong-script"),
        ("two words", "not-a-word"),
        ("", "empty"),
    ],
)
def test_the_usual_wrong_words_get_the_hint_aimed_at_them(word, mistake):
    q = exercise("01.word")
    result = q.check(word)
    assert result.status == "not_yet" and result.mistake == mistake and result.hint is not None
    assert str(q.hint().said) == str(result.hint)  # hint() now aims at that mistake


def test_wrong_answers_say_why_in_chinese_too():
    with speaking("zh_CN"):
        result = exercise("01.word", script="latin").check("pandemic")  # the English lesson, read in Chinese
        assert "提示" in str(result) and "空格" in str(result)
        assert "不带前面的空格时" in result.to_html()
        overhead = exercise("02.system-prompt").check(
            tokenlab.count("你是学校图书馆的助手。请简短、友好地回答。", model="gpt-4o")
        )
        assert overhead.mistake == "overhead-left-out" and "消息" in str(overhead)


def test_the_chat_overhead_left_out_is_recognised():
    prompt = spec("02.system-prompt").defaults("en")["system_prompt"]
    q = exercise("02.system-prompt", system_prompt=prompt)
    text_only = tokenlab.count(prompt, model="gpt-4o")
    assert q.check(text_only).mistake == "overhead-left-out"
    whole_chat = int(tokenlab.count_messages([{"role": "system", "content": prompt}], model="gpt-4o"))
    assert q.check(whole_chat).mistake == "priming-counted"
    right = whole_chat - 3  # the reply's priming is paid once per request, with or without the system prompt
    assert q.check(right).correct and q.check(right, 10 * right).mistake == "total"


def test_a_check_follows_the_lessons_own_text():
    q = exercise("02.system-prompt", system_prompt="Be brief.")
    added = int(
        tokenlab.count_messages(
            [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "x"}], model="gpt-4o"
        )
    ) - int(tokenlab.count_messages([{"role": "user", "content": "x"}], model="gpt-4o"))
    assert q.check(added).correct
    assert not exercise("02.system-prompt").check(added).correct


def test_the_month_with_the_overhead_left_out_or_per_request_is_recognised():
    g = spec("04.month").defaults("en")
    q = exercise("04.month")
    texts = tokenlab.count(g["system_prompt"], model=g["model"]) + tokenlab.count(
        g["question"]["content"], model=g["model"]
    )
    text_only = pricing.estimate(texts, model=g["model"], output_tokens=250).total_usd * 9000
    assert q.check(text_only).mistake == "overhead-left-out"
    one = pricing.estimate(
        [{"role": "system", "content": g["system_prompt"]}, g["question"]], model=g["model"], output_tokens=250
    )
    assert q.check(one).mistake == "one-request"  # a Cost object is read as its total
    assert q.check(one.total_usd * 9000 * 1000).mistake == "per-1k"
    assert q.check(float(one.total_usd * 9000)).correct
    assert q.check(one.total_usd * 9000, one.total_usd * 9000).mistake == "share-is-month"


def test_the_factor_upside_down_and_the_wrong_reference_are_recognised():
    table = premiums(encodings=["r50k_base", "o200k_base"])
    old, new = table.loc["spa", "r50k_base premium"], table.loc["spa", "o200k_base premium"]
    article = load_corpus()["spa"].units["1"]
    counts = (tokenlab.count(article, encoding="r50k_base"), tokenlab.count(article, encoding="o200k_base"))
    q = exercise("03.premium", reference="eng", asks="factor")
    assert q.check("Spanish", old / new, *counts).correct  # a name works as well as a code
    assert q.check("spa", new / old, *counts).mistake == "factor-inverted"
    assert q.check("spa", old / new, *counts[::-1]).mistake == "encodings-swapped"
    assert q.check("eng", 1.0, 1, 1).mistake == "reference-language"
    zh = exercise("03.premium", reference="cmn_hans", asks="premiums")
    assert (
        zh.check("spa", old_premium=old, new_premium=new, old_tokens=counts[0], new_tokens=counts[1]).mistake
        == "wrong-reference"
    )
    assert zh.check("spa", old_tokens=counts[0], new_tokens=counts[1]).status == "incomplete"


def test_a_vendors_count_given_for_another_is_recognised():
    q = exercise("07.vendors")
    answer = spec("07.vendors").defaults("en")["answer"]
    models = ["deepseek-flash", "qwen-plus", "qwen3.6-plus", "gpt-5.4-mini"]
    counts = {m: tokenlab.count(answer, model=m) for m in models}
    truth = q.spec.truth(q.givens)
    offs = (truth["deepseek_off"], truth["bailian_off"], truth["bailian_old_off"])
    assert q.check(counts, min(counts, key=counts.get), *offs).correct
    assert q.check(counts, "qwen3.6", *offs).correct  # the tokenizer's name for the model works too
    wrong = counts | {"deepseek-flash": counts["gpt-5.4-mini"]}
    assert q.check(wrong, "qwen3.6-plus", *offs).mistake == "wrong-tokenizer"
    assert q.check(counts, "gpt-5.4-mini", *offs).mistake == "cheapest"
    assert q.check(counts, "qwen3.6-plus", offs[0] / 100, *offs[1:]).correct  # a fraction is read as such
    han = sum(1 for ch in answer if "\u4e00" <= ch <= "\u9fff")
    skipped = 100 * (0.6 * han - counts["deepseek-flash"]) / counts["deepseek-flash"]
    assert q.check(counts, "qwen3.6-plus", skipped, *offs[1:]).mistake == "punctuation-left-out"


class TestAsk:
    """06: the check runs the student's ask() against the demo server and watches what it sends."""

    @staticmethod
    def make(api, *, record_estimate=False, retries=True, check_first=True, library_retries=0):
        from openai import OpenAI

        from tokenlab.retry import retry
        from tokenlab.usage import Budget

        client = OpenAI(base_url=api.url, api_key=api.key("valid"), max_retries=library_retries)
        budget = Budget(limit_usd=0.001)  # the lesson's

        def ask(question):
            request = [{"role": "user", "content": question}]
            estimate = pricing.estimate(request, model="gpt-5.4-mini", output_tokens=100)
            if check_first:
                budget.check(estimate)
            send = lambda: client.chat.completions.create(
                model="gpt-5.4-mini", messages=request, max_completion_tokens=100
            )
            answer = retry(send) if retries else send()
            budget.record(estimate if record_estimate else answer)
            return answer.choices[0].message.content

        return ask, budget

    def test_a_good_ask_passes(self, api):
        assert exercise("06.ask", api=api).check(*self.make(api)).correct

    def test_recording_the_reserved_output_is_recognised(self, api):
        result = exercise("06.ask", api=api).check(*self.make(api, record_estimate=True))
        assert result.mistake == "reserved-recorded" and "usage" in str(result)

    def test_no_retry_and_a_retried_empty_account_are_recognised(self, api):
        assert exercise("06.ask", api=api).check(*self.make(api, retries=False)).mistake == "no-retry"
        library = exercise("06.ask", api=api).check(*self.make(api, retries=False, library_retries=2))
        assert library.mistake == "retried-quota"  # the openai client retries insufficient_quota by itself

    def test_the_usual_mistakes_get_their_hint_in_chinese_too(self, api):
        with speaking("zh_CN"):
            q = exercise("06.ask", api=api)
            result = q.check(*self.make(api, retries=False, library_retries=2))
            assert result.mistake == "retried-quota" and "max_retries=0" in str(q.hint())
            assert "insufficient_quota" in str(result) and "没有" in str(result) + str(q.hint())

    def test_a_question_over_the_budget_must_not_be_sent(self, api):
        assert exercise("06.ask", api=api).check(*self.make(api, check_first=False)).mistake == "sent-anyway"

    def test_an_ask_that_never_returns_does_not_freeze_the_notebook(self, api, monkeypatch):
        from tokenlab.exercises import exercise as made
        from tokenlab.usage import Budget

        q = made("06.ask", api=api)
        monkeypatch.setattr(q, "spec", q.spec.__class__(**{**q.spec.__dict__, "seconds": 0.5}))
        started = time.monotonic()
        result = q.check(lambda question: time.sleep(30), Budget(limit_usd=1))
        assert result.status == "not_yet" and "0.5 s" in str(result) and time.monotonic() - started < 5

    def test_an_ask_that_talks_to_another_server_is_stopped_after_one_question(self, api):
        with DemoAPI() as elsewhere:
            ask, budget = self.make(elsewhere)
            before = len(elsewhere.log)
            result = exercise("06.ask", api=api).check(ask, budget)
            assert result.status == "invalid" and "demo server" in str(result) and len(elsewhere.log) == before + 1

    def test_a_student_function_that_exits_is_one_line(self, api):
        from tokenlab.usage import Budget

        def ask(question):
            raise SystemExit("bye")

        result = exercise("06.ask", api=api).check(ask, Budget(limit_usd=1))
        assert result.status == "invalid" and str(result).endswith("this answer cannot be checked: bye")

    def test_without_the_demo_server_it_says_what_it_needs(self):
        from tokenlab.usage import Budget

        result = exercise("06.ask").check(lambda q: q, Budget(limit_usd=1))
        assert result.status == "invalid" and "api=api" in str(result)


def test_check_reads_the_answer_from_the_notebook_as_kaggle_learn_does():
    q = exercise("02.system-prompt")
    namespace = {"q": q, "added": ..., "total": ...}
    exec("result = q.check()", namespace)
    assert namespace["result"].status == "incomplete" and "added" in str(namespace["result"])
    namespace["added"] = q.spec.truth(q.givens)["added"]
    exec("result = q.check()", namespace)
    assert namespace["result"].correct


def test_grade_passes_silently_or_fails_with_the_message_and_hint():
    q = exercise("01.word")
    q.grade(" covid")
    with pytest.raises(AssertionError, match="space before it.*Hint"):
        q.grade("covid")


@pytest.mark.parametrize(
    "answer",
    [None, 12, 1.5, b"bytes", ["a"], {"a": 1}, object(), "x" * 1_000_000, float("nan"), 10**400, ...],
)
def test_hostile_answers_get_one_line_never_a_traceback(answer):
    for id_, args in [
        ("01.word", (answer,)),
        ("02.system-prompt", (answer,)),
        ("04.month", (answer,)),
        ("03.premium", (answer, 1, 1, 1)),
    ]:
        result = exercise(id_).check(*args)
        assert result.status in ("invalid", "not_yet", "incomplete"), (id_, answer, result)
        text = str(result)
        assert "\n" not in text and "Traceback" not in text and len(text) < 600


def test_a_deep_or_huge_dict_of_counts_is_refused_in_one_line():
    deep: dict = {}
    for _ in range(5000):
        deep = {"gpt-4o": deep}
    for counts in [deep, {str(i): i for i in range(100_000)}, {"gpt-4o": "28"}]:
        result = exercise("07.vendors").check(counts, "gpt-5.4-mini", 1, 1, 1)
        assert result.status in ("invalid", "incomplete") and "\n" not in str(result)


def test_results_show_escaped_on_one_line():
    result = exercise("01.word").check("<script>alert(1)</script>")
    html = result.to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<div") == 2 and "tex2jax_ignore" in html and "color:#1a1a1a" in html
    assert result._repr_mimebundle_()["text/plain"].startswith("✗")


def test_unknown_exercises_and_givens_are_one_line_errors():
    with pytest.raises(ValueError, match="no exercise 'nope'; there are: 01.word"):
        exercise("nope")
    with pytest.raises(TypeError, match="takes script, old, new; not 'colour'"):
        exercise("01.word", colour="red")
    with pytest.raises(TypeError, match="not int"):
        exercise(1)
    assert exercise("01.word").check("a", "b").status == "invalid"
    assert exercise("01.word").check(wrd="a").status == "invalid"


def test_each_check_hint_and_solution_is_kept_in_the_progress_file(tmp_path):
    from tokenlab.exercises.progress import read

    q = exercise("01.word")
    q.check("pandemic")
    q.hint()
    q.check(" covid")
    q.solution()
    entry = read(tmp_path / "tokenlab-progress.json")["exercises"]["01.word"]
    assert entry["attempts"] == 2 and entry["status"] == "correct" and entry["hints"] == 1 and entry["solution"]
    assert entry["mistakes"] == {"leading-space": 1}
    assert "covid" not in (tmp_path / "tokenlab-progress.json").read_text()  # never the answer itself
