"""Lesson 06, API keys and errors: its exercise (``ask(question)``: refuse what would pass the
budget before sending, retry only what is worth it, record what the answer really used) and its
predictions (a rate-limited key's requests, DeepSeek's cache hits and what they cost, the exception
the openai library raises for DeepSeek's 402, the requests its own retries send).

The check runs the student's ``ask`` against the lesson's demo server, which it makes answer in
turn: normally, once with a rate limit (a retry should get through), with ``insufficient_quota``
(it must not be retried), and never to a question over the budget (it must not be sent).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from .. import pricing
from .._i18n import N_, _, language, ngettext
from .._loopback import error_body
from ..tokens import count
from ._answers import Unreadable
from ._say import Later, Say, quoted
from .exercise import Incomplete, Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

MODEL = "gpt-5.4-mini"  # the lesson's model: a current small OpenAI model, cheap for practice
DEEPSEEK = "deepseek-flash"
_FILLER = "Tell me everything about tokens. "


class _Rigged:
    """Makes the demo server answer the next requests as ``mode`` says, and counts them."""

    def __init__(self, api: Any, mode: str) -> None:
        self.api, self.mode, self.requests = api, mode, 0
        self.usage: tuple[Any, Any] | None = None

    def __enter__(self) -> _Rigged:
        real = type(self.api).answer

        def answer(key: str | None, body: dict[str, Any]) -> Any:
            self.requests += 1
            if self.mode == "rate-limit-once" and self.requests == 1:
                return (
                    429,
                    {"retry-after": "0.1"},
                    error_body(
                        "Rate limit reached (demo). Please try again in 0.1s.", "requests", "rate_limit_exceeded"
                    ),
                )
            if self.mode == "no-quota":
                return (
                    429,
                    {},
                    error_body("You exceeded your current quota (demo).", "insufficient_quota", "insufficient_quota"),
                )
            if self.mode == "refuse":
                return (
                    400,
                    {},
                    error_body("(demo) this request should not have been sent.", code="invalid_request_error"),
                )
            status, headers, reply = real(self.api, key, body)
            if status == 200:
                self.usage = (body.get("model"), reply["usage"])
            return status, headers, reply

        self.api.answer = answer
        return self

    def __exit__(self, *exc: object) -> None:
        del self.api.answer


def _call(ask: Any, question: str) -> tuple[Any, BaseException | None]:
    try:
        return ask(question), None
    except Exception as error:  # the student's code may raise anything
        return None, error


def check_ask(answer: dict[str, Any], givens: dict[str, Any]) -> Say:
    from ..demo_api import DemoAPI
    from ..usage import Budget, BudgetExceeded

    ask, budget, api = answer["ask"], answer["budget"], givens["api"]
    if not callable(ask):
        raise Unreadable(Say(N_("ask is a function (def ask(question): ...), not {value}"), value=quoted(ask)))
    if not isinstance(budget, Budget):
        raise Unreadable(
            Say(N_("budget is the tokenlab.usage.Budget your ask() uses, not {value}"), value=quoted(budget))
        )
    if not isinstance(api, DemoAPI) or not api.running:
        raise Unreadable(Say(N_("this check needs the lesson's running demo server: exercise('06.ask', api=api)")))
    small = pricing.estimate(
        [{"role": "user", "content": "What is a token?"}], model=givens["model"], output_tokens=100
    )
    if not budget.allows(small):
        raise Incomplete(
            Say(N_("the budget is used up: make a new Budget(limit_usd=...) for ask(), then check again."))
        )

    before = budget.spent
    with _Rigged(api, "normal") as server:
        _reply, error = _call(ask, "What is a token?")
    if error is not None:
        raise Wrong(Say(N_("ask('What is a token?') raised {error}"), error=_what(error)), "raised")
    if server.requests == 0 and _reply is None and error is None:  # the starter: a body still to write
        raise Incomplete(Say(N_("ask() sent nothing and returned nothing: write its body, then check again.")))
    if server.requests == 0:  # sent elsewhere (the real API?): the rest of the check must not spend real money
        raise Unreadable(
            Say(
                N_(
                    "ask() did not send its question to the lesson's demo server ({url}): connect it there to check it."
                ),
                url=api.url,
            )
        )
    if budget.spent == before:
        raise Wrong(Say(N_("the budget did not change: ask() must record what the answer used.")), "not-recorded")
    if server.usage is not None:
        model, usage = server.usage
        real = pricing.from_usage(usage, model=model).total_usd
        recorded = budget.spent - before
        if recorded != real:
            if budget.costs and budget.costs[-1].output_tokens > usage["completion_tokens"]:
                raise Wrong(
                    Say(
                        N_(
                            "it recorded {recorded} tokens of output; the answer used {used}: record the "
                            "answer's usage, not the estimate."
                        ),
                        recorded=budget.costs[-1].output_tokens,
                        used=usage["completion_tokens"],
                    ),
                    "reserved-recorded",
                )
            raise Wrong(
                Say(
                    N_("it recorded {recorded}; the answer cost {real}."),
                    recorded=pricing.usd(recorded),
                    real=pricing.usd(real),
                ),
                "recorded-wrong",
            )

    with _Rigged(api, "rate-limit-once") as server:
        _reply, error = _call(ask, "Why do prices change?")
    if error is not None:
        raise Wrong(
            Say(
                N_("after one rate-limit error (429) ask() gave up with {error}: that error is worth retrying."),
                error=_what(error),
            ),
            "no-retry",
        )

    with _Rigged(api, "no-quota") as server:
        _reply, error = _call(ask, "Who pays for tokens?")
    if server.requests > 1:
        raise Wrong(
            Say(
                N_(
                    "an account with no credit was asked {n} times: insufficient_quota cannot "
                    "succeed, so it must not be retried."
                ),
                n=server.requests,
            ),
            "retried-quota",
        )

    with _Rigged(api, "refuse") as server:
        _reply, error = _call(ask, _long_question(budget, givens["model"]))
    if server.requests:
        raise Wrong(
            Say(N_("a question that would pass the budget was sent: estimate it and check the budget before sending.")),
            "sent-anyway",
        )
    if error is not None and not isinstance(error, BudgetExceeded):
        raise Wrong(
            Say(N_("a question over the budget raised {error}, not BudgetExceeded."), error=_what(error)),
            "refused-oddly",
        )
    return Say(
        N_(
            "it refuses what would pass the budget, retries a rate limit but not an empty "
            "account, and records what each answer used."
        )
    )


def _long_question(budget: Any, model: str) -> str:
    """A question whose input alone costs twice what is left in the budget (under 100,000 tokens)."""
    per_token = pricing.estimate(1, model=model).input_usd
    unit = count(_FILLER, model=model)
    needed = 2 * max(budget.remaining, Decimal(0)) / per_token / unit if per_token else 1
    return _FILLER * max(1, min(math.ceil(needed) + 1, 100_000 // unit))


def _what(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:120]}" if text else type(error).__name__


_SOLUTION_COMMENTS = {
    "en": (
        "max_retries=0: the library's own retries would ask an empty account three times",
        "the estimate is a ceiling only because the request passes the same max_completion_tokens",
    ),
    "zh_CN": (
        "max_retries=0：库自己的重试会把没钱的账户问三次",
        "请求传了同样的 max_completion_tokens，估算才是上限",
    ),
}


def _solution(retries: str, ceiling: str) -> str:
    return (
        "from openai import OpenAI\n"
        "from tokenlab import pricing\n"
        "from tokenlab.retry import retry\n"
        "from tokenlab.usage import Budget\n"
        "\n"
        f"# {retries}\n"
        'student = OpenAI(base_url=api.url, api_key=api.key("valid"), max_retries=0)\n'
        "budget = Budget(limit_usd=0.001)\n"
        "\n"
        f'def ask(question, model="{MODEL}", max_completion_tokens=100):\n'
        '    request = [{"role": "user", "content": question}]\n'
        f"    # {ceiling}\n"
        "    budget.check(pricing.estimate(request, model=model, output_tokens=max_completion_tokens))\n"
        "    answer = retry(lambda: student.chat.completions.create(\n"
        "        model=model, messages=request, max_completion_tokens=max_completion_tokens))\n"
        "    budget.record(answer)\n"
        "    return answer.choices[0].message.content\n"
    )


define(
    Spec(
        id="06.ask",
        title=N_("ask(question): refuse, retry well, record"),
        prompt=N_(
            "Write a function `ask(question)` that (1) estimates the cost and refuses the question if it would pass a "
            "budget of 0.001 dollars, (2) sends it with retries only for errors worth retrying, and (3) records what "
            "the answer really used. Try it against the demo server, which is still running (`api.url`)."
        ),
        parts=parts(("ask", N_("your function ask(question)")), ("budget", N_("the Budget it records in"))),
        givens={"en": {"api": None, "model": MODEL}},
        check=check_ask,
        hint=N_(
            "budget.check(pricing.estimate(...)) before sending; tokenlab.retry.retry(...) "
            "to send; budget.record(answer) after."
        ),
        mistakes={
            "raised": N_("Make ask() work on a short question first: the demo server answers it."),
            "not-recorded": N_("Call budget.record(answer) with the response the API returned."),
            "reserved-recorded": N_(
                "The reserved output is a ceiling, not the bill: record the response (its usage), not your estimate."
            ),
            "recorded-wrong": N_("Record the response itself: budget.record(answer)."),
            "no-retry": N_(
                "Send with tokenlab.retry.retry(lambda: client.chat.completions.create(...)): it retries rate limits."
            ),
            "retried-quota": N_(
                "The openai client retries by itself: create it with max_retries=0, and let "
                "tokenlab.retry.retry decide."
            ),
            "sent-anyway": N_(
                "Call budget.check(pricing.estimate(messages, model=..., output_tokens=...)) before sending."
            ),
            "refused-oddly": N_(
                "budget.check() raises BudgetExceeded when the estimate would pass the limit: let it go up."
            ),
        },
        explain=N_("Check the estimate against the budget, send with tokenlab.retry.retry, and record the response."),
        solution={lang: _solution(*comments) for lang, comments in _SOLUTION_COMMENTS.items()},
        variant=lambda g: "zh_CN" if language() == "zh_CN" else "en",
        setup="from tokenlab.demo_api import DemoAPI\napi = DemoAPI(rpm=60).start()\n",
        seconds=20.0,  # under nbgrader's 30 s per cell
        points=2,
        variables=("api",),
        starter=lambda g: "",
    )
)

# --- Predictions ---------------------------------------------------------------------------------


def _next_statuses(g: dict[str, Any]) -> list[int]:
    from ..demo_api import DemoAPI

    api = DemoAPI(rpm=g["rpm"])
    key, body = api.key("valid"), {"model": MODEL, "messages": [{"role": "user", "content": "?"}]}
    statuses = [api.answer(key, body)[0] for _ in range(g["used"] + g["next"])]
    return statuses[g["used"] :]


def _outcome(ok: int, of: int) -> Later:
    def said() -> str:
        if ok == of:
            return _("all go through")
        if ok == 0:
            return _("all are refused (429)")
        return ngettext("{n} goes through, then 429", "{n} go through, then 429", ok).format(n=ok)

    return Later(said)


def _outcomes(g: dict[str, Any]) -> dict[str, Any]:
    return {f"{ok}-ok": _outcome(ok, g["next"]) for ok in range(g["next"], -1, -1)}


define_prediction(
    PredictionSpec(
        id="06.next",
        question=N_("A key may send {rpm} requests a minute and has sent {used}. What happens to the next {next}?"),
        kind="choice",
        givens={"en": {"rpm": 3, "used": 0, "next": 4}},
        choices=_outcomes,
        truth=lambda g: f"{sum(1 for s in _next_statuses(g) if s == 200)}-ok",
        reason=lambda truth, g: Say(
            N_(
                "{rpm} requests a minute, {used} already sent: {ok} more fit; after that each request gets "
                "429 until the oldest is a minute old."
            ),
            used=g["used"],
            ok=sum(1 for s in _next_statuses(g) if s == 200),
            rpm=g["rpm"],
        ),
    )
)


def _two_requests(g: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The usage of a question to DeepSeek's demo, then of the conversation with a follow-up."""
    from ..demo_api import DemoAPI

    api = DemoAPI(vendor="deepseek")
    key, question = api.key("valid"), [{"role": "user", "content": g["question"]}]
    first = api.answer(key, {"model": DEEPSEEK, "messages": question})[2]
    said = {"role": "assistant", "content": first["choices"][0]["message"]["content"]}
    follow = [*question, said, {"role": "user", "content": g["follow_up"]}]
    second = api.answer(key, {"model": DEEPSEEK, "messages": follow})[2]
    return first["usage"], second["usage"]


def _hit_part(g: dict[str, Any]) -> str:
    first, second = _two_requests(g)
    hits = second["prompt_cache_hit_tokens"]
    if hits == 0:
        return "none"
    if hits == second["prompt_tokens"]:
        return "all"
    return "exchange" if hits == first["prompt_tokens"] + first["completion_tokens"] else "question"


define_prediction(
    PredictionSpec(
        id="06.cache-hits",
        question=N_(
            "We ask DeepSeek a question, then send the conversation so far with a follow-up. Which of "
            "the second request's prompt tokens are cache hits?"
        ),
        kind="choice",
        givens={
            "en": {"question": "What is a token?", "follow_up": "Give an example."},
            "zh_CN": {"question": "什么是词元？", "follow_up": "举个例子。"},
        },
        choices=lambda g: {
            "none": N_("none: the second request is a new request"),
            "question": N_("the first question only"),
            "exchange": N_("the first question and its answer"),
            "all": N_("all of them"),
        },
        truth=_hit_part,
        reason=lambda truth, g: Say(
            N_(
                "A request leaves two cached prefixes, where its input ends and where its answer ends; the "
                "second request starts with the whole first exchange, so {hits} of its {prompt} prompt "
                "tokens are hits and only the new question is not."
            ),
            hits=_two_requests(g)[1]["prompt_cache_hit_tokens"],
            prompt=_two_requests(g)[1]["prompt_tokens"],
        ),
    )
)


def _input_costs(g: dict[str, Any]) -> tuple[Decimal, Decimal]:
    import datetime

    peak = datetime.datetime(2026, 12, 7, 10, 0)  # a Monday, 10:00 Beijing time
    costs = []
    for usage in _two_requests(g):
        cost = pricing.estimate(
            usage["prompt_tokens"],
            model=DEEPSEEK,
            cached_input_tokens=usage["prompt_cache_hit_tokens"],
            currency="USD",
            at=peak,
        )
        costs.append(cost.input_cost)
    return costs[0], costs[1]


define_prediction(
    PredictionSpec(
        id="06.cache-cost",
        question=N_(
            "The second request's prompt is several times longer than the first's. How many times its input cost?"
        ),
        kind="number",
        unit="times",
        within=0.25,
        givens={
            "en": {"question": "What is a token?", "follow_up": "Give an example."},
            "zh_CN": {"question": "什么是词元？", "follow_up": "举个例子。"},
        },
        truth=lambda g: round(float(_input_costs(g)[1] / _input_costs(g)[0]), 2),
        reason=lambda truth, g: Say(
            N_(
                "{hits} of its {prompt} prompt tokens are cache hits, billed at the cache-hit price, a small "
                "part of the miss price; only the {misses} tokens of the new question pay in full."
            ),
            hits=_two_requests(g)[1]["prompt_cache_hit_tokens"],
            prompt=_two_requests(g)[1]["prompt_tokens"],
            misses=_two_requests(g)[1]["prompt_cache_miss_tokens"],
        ),
    )
)


def _raised_for_402(g: dict[str, Any]) -> str:
    import openai

    from ..demo_api import DemoAPI

    with DemoAPI(vendor="deepseek") as server:
        client = openai.OpenAI(base_url=server.url, api_key=server.key("no-quota"), max_retries=0)
        try:
            client.chat.completions.create(model=DEEPSEEK, messages=[{"role": "user", "content": "?"}])
        except openai.APIStatusError as error:
            return type(error).__name__
    return "none"


define_prediction(
    PredictionSpec(
        id="06.402",
        question=N_(
            "The openai library has an exception class for 400, 401, 403, 404, 409, 422, 429 and 5xx. "
            "Which one does it raise for DeepSeek's 402 (Insufficient Balance)?"
        ),
        kind="choice",
        givens={"en": {}},
        choices=lambda g: {
            "RateLimitError": N_("RateLimitError, as for OpenAI's empty account (429)"),
            "BadRequestError": N_("BadRequestError, as for a 400"),
            "APIStatusError": N_("APIStatusError, the general class of every HTTP error"),
        },
        truth=_raised_for_402,
        reason=lambda truth, g: Say(
            N_(
                "The library has no class of its own for 402, so it raises its general class: an "
                "except openai.RateLimitError written for OpenAI's empty account lets DeepSeek's through."
            )
        ),
    )
)


define_prediction(
    PredictionSpec(
        id="06.retries",
        question=N_(
            "With the library's default retries ({retries}), how many requests does one call from an account "
            "with no credit send to OpenAI?"
        ),
        kind="number",
        unit="request",
        givens={"en": {"retries": 2}},
        # openai's _should_retry retries every 429 the server does not mark x-should-retry: false
        truth=lambda g: 1 + g["retries"],
        reason=lambda truth, g: Say(
            N_(
                "The library retries every 429, an empty account's too (insufficient_quota): the first try "
                "and {retries} retries. At DeepSeek the same call sends 1: the library retries no 402."
            ),
            retries=g["retries"],
        ),
    )
)
