"""Lesson 06, API keys and errors: its exercise (``ask(question)``: refuse what would pass the
budget before sending, retry only what is worth it, record what the answer really used) and its
prediction (a rate-limited key's next requests).

The check runs the student's ``ask`` against the lesson's demo server, which it makes answer in
turn: normally, once with a rate limit (a retry should get through), with ``insufficient_quota``
(it must not be retried), and never to a question over the budget (it must not be sent).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from .. import pricing
from .._i18n import N_, _, ngettext
from .._loopback import error_body
from ..tokens import count
from ._answers import Unreadable
from ._say import Later, Say, quoted
from .exercise import Incomplete, Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

MODEL = "gpt-4o-mini"
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


define(
    Spec(
        id="06.ask",
        title=N_("ask(question): refuse, retry well, record"),
        prompt=N_(
            "Write a function `ask(question)` that (1) estimates the cost and refuses the question if it would pass a "
            "budget of 0.0002 dollars, (2) sends it with retries only for errors worth retrying, and (3) records what "
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
        solution=(
            "from openai import OpenAI\n"
            "from tokenlab.retry import retry\n"
            "from tokenlab.usage import Budget\n"
            "\n"
            'student = OpenAI(base_url=api.url, api_key=api.key("valid"), max_retries=0)\n'
            "budget = Budget(limit_usd=0.0002)\n"
            "\n"
            'def ask(question, model="gpt-4o-mini", max_completion_tokens=100):\n'
            '    request = [{"role": "user", "content": question}]\n'
            "    budget.check(pricing.estimate(request, model=model, output_tokens=max_completion_tokens))\n"
            "    answer = retry(lambda: student.chat.completions.create(\n"
            "        model=model, messages=request, max_completion_tokens=max_completion_tokens))\n"
            "    budget.record(answer)\n"
            "    return answer.choices[0].message.content\n"
        ),
        setup="from tokenlab.demo_api import DemoAPI\napi = DemoAPI(rpm=60).start()\n",
        seconds=20.0,  # under nbgrader's 30 s per cell
        points=2,
        variables=("api",),
        starter=lambda g: "",
    )
)

# --- Prediction ----------------------------------------------------------------------------------


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
        givens={"en": {"rpm": 3, "used": 1, "next": 3}},
        choices=_outcomes,
        truth=lambda g: f"{sum(1 for s in _next_statuses(g) if s == 200)}-ok",
        reason=lambda truth, g: Say(
            N_(
                "{ok} more fit in the minute's {rpm}; after that each request gets 429 until the "
                "oldest is a minute old."
            ),
            ok=sum(1 for s in _next_statuses(g) if s == 200),
            rpm=g["rpm"],
        ),
    )
)
