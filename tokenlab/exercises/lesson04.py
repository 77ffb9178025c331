"""Lesson 04, pricing: its exercise (a school chatbot's month, chat overhead included, and the
system prompt's share) and its predictions (one question's cost, reasoning tokens, a polite
prompt, an image on a cheaper model).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import pricing
from .._i18n import N_
from ..cost import Cost, usd
from ..images import image_tokens
from ..tokens import count
from ._answers import amount_of, close
from ._say import Say, counted
from .exercise import Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

MODEL = "gpt-5.4-mini"


def _message(question: Any) -> dict[str, str]:
    return question if isinstance(question, dict) else {"role": "user", "content": str(question)}


def _bills(g: dict[str, Any]) -> tuple[Cost, Cost, int]:
    """One request with the system prompt, one without, and how many requests a month has."""
    system, question = {"role": "system", "content": g["system_prompt"]}, _message(g["question"])
    with_system = pricing.estimate([system, question], model=g["model"], output_tokens=g["output_tokens"])
    without = pricing.estimate([question], model=g["model"], output_tokens=g["output_tokens"])
    return with_system, without, g["per_day"] * g["days"]


def _near(value: Decimal, truth: Decimal) -> bool:
    """Within a cent's rounding, or 0.2 %: the chat overhead changes a month by less than 1 %."""
    return close(value, truth, rel=0.002, absolute=0.006)


def _nearest(value: Decimal, amounts: list[tuple[Decimal, str]]) -> str | None:
    """The code of the amount ``value`` is nearest to (relatively), if it is near it at all."""

    def gap(amount: Decimal) -> float:
        return abs(float(value) - float(amount)) / max(abs(float(amount)), 1e-12)

    best = min(amounts, key=lambda item: gap(item[0]))
    return best[1] if _near(value, best[0]) else None


def check_month(answer: dict[str, Any], givens: dict[str, Any]) -> Say:
    with_system, without, n = _bills(givens)
    month, share = with_system.total_usd * n, (with_system.total_usd - without.total_usd) * n
    value = amount_of(answer["month"], "month")
    said = {"value": usd(value), "n": n, "model": givens["model"]}
    text_tokens = count(givens["system_prompt"], model=givens["model"]) + count(
        _message(givens["question"])["content"], model=givens["model"]
    )
    text_only = (
        pricing.estimate(text_tokens, model=givens["model"], output_tokens=givens["output_tokens"]).total_usd * n
    )
    known = {
        "overhead-left-out": (
            text_only,
            N_("{value} prices the texts alone: the chat's message overhead is left out."),
        ),
        "one-request": (with_system.total_usd, N_("{value} is one request; the month has {n:,}.")),
        "one-day": (with_system.total_usd * givens["per_day"], N_("{value} is one day; the month has {days} of them.")),
        "output-left-out": (
            with_system.input_usd * n,
            N_("{value} is the input alone: the answers are billed too, as output."),
        ),
        "per-1k": (month * 1000, N_("{value} is 1,000 times too much: prices are per 1M tokens.")),
        "per-1m": (month / 1000, N_("{value} is 1,000 times too little: prices are per 1M tokens.")),
    }
    found = _nearest(value, [(month, "right")] + [(amount, code) for code, (amount, _message) in known.items()])
    if found != "right":
        if found is not None:
            raise Wrong(Say(known[found][1], days=givens["days"], **said), "per-1k" if found == "per-1m" else found)
        raise Wrong(Say(N_("{value} is not what {n:,} requests to {model} cost."), **said), "month")
    if "system_share" in answer:
        part = amount_of(answer["system_share"], "system_share")
        system_text = (
            pricing.estimate(count(givens["system_prompt"], model=givens["model"]), model=givens["model"]).total_usd * n
        )
        found = _nearest(part, [(share, "right"), (month, "share-is-month"), (system_text, "overhead-left-out")])
        if found != "right":
            if found == "share-is-month":
                raise Wrong(
                    Say(N_("{part} is the whole month, not the system prompt's part of it."), part=usd(part)),
                    "share-is-month",
                )
            if found == "overhead-left-out":
                raise Wrong(
                    Say(
                        N_("{part} prices the system prompt's text alone, without its message overhead."),
                        part=usd(part),
                    ),
                    "overhead-left-out",
                )
            raise Wrong(Say(N_("{part} is not what the system prompt adds to the month."), part=usd(part)), "share")
        return Say(N_("{month} a month, of which the system prompt is {share}."), month=usd(month), share=usd(share))
    return Say(N_("{month} a month ({n:,} requests, chat overhead included)."), month=usd(month), n=n)


QUESTIONS = {
    "en": (
        "You are the school library's assistant. Answer questions about opening hours, borrowing books, "
        "returning them late, printing, and the reading room. Answer in two sentences at most, kindly.",
        "Can I borrow three books at once for the holidays?",
    ),
    "zh_CN": (
        "你是学校图书馆的助手。回答开放时间、借书、逾期还书、打印和阅览室的问题。最多回答两句话，语气友好。",
        "放假的时候能一次借三本书吗？",
    ),
}

define(
    Spec(
        id="04.month",
        title=N_("A school chatbot's month, chat overhead included"),
        prompt=N_(
            "A school chatbot answers 300 questions a day for 30 days. Each request sends the system prompt and one "
            "student question like the ones given, and gets an answer of about 250 tokens. What does the month cost on "
            "`gpt-5.4-mini`, **counting the chat overhead** of lesson 02? How much of it is the system prompt?"
        ),
        parts=parts(
            ("month", N_("the month's cost in US dollars")),
            ("system_share", N_("the system prompt's part of it, in US dollars"), True),
        ),
        givens={
            lang: {
                "system_prompt": system,
                "question": {"role": "user", "content": question},
                "model": MODEL,
                "per_day": 300,
                "days": 30,
                "output_tokens": 250,
            }
            for lang, (system, question) in QUESTIONS.items()
        },
        check=check_month,
        hint=N_(
            "pricing.estimate(messages, model=..., output_tokens=250) prices one request as chat messages; multiply it."
        ),
        mistakes={
            "overhead-left-out": N_(
                "Price the chat messages (a list of dicts), not the texts: the API counts each message's overhead."
            ),
            "one-request": N_("A month is 300 requests a day for 30 days: multiply one request's cost by 9,000."),
            "one-day": N_("Multiply by the days too."),
            "output-left-out": N_("Give pricing.estimate the answer's length: output_tokens=250."),
            "per-1k": N_("Today's prices are per 1M tokens: check the unit."),
            "month": N_(
                "Price one request with pricing.estimate([system, question], ...), then multiply by the requests."
            ),
            "share-is-month": N_("The system prompt's part is the month with it minus the month without it."),
            "share": N_(
                "Price the same request without the system message; the difference, times the requests, is its part."
            ),
        },
        explain=N_(
            "Price one request as chat messages, multiply by the requests, and subtract the "
            "same without the system message."
        ),
        solution=(
            "requests = 300 * 30\n"
            'with_system = pricing.estimate([{"role": "system", "content": system_prompt}, '
            'question], model="gpt-5.4-mini", output_tokens=250)\n'
            'without = pricing.estimate([question], model="gpt-5.4-mini", output_tokens=250)\n'
            "month = with_system.total_usd * requests\n"
            "system_share = (with_system.total_usd - without.total_usd) * requests\n"
        ),
        truth=lambda g: {
            "month": _bills(g)[0].total_usd * _bills(g)[2],
            "system_share": (_bills(g)[0].total_usd - _bills(g)[1].total_usd) * _bills(g)[2],
        },
        variables=("system_prompt", "question"),
    )
)

# --- Predictions ---------------------------------------------------------------------------------

ASKED = {"en": "Explain in three sentences why the sky is blue.", "zh_CN": "用三句话解释天空为什么是蓝色的。"}

define_prediction(
    PredictionSpec(
        id="04.question",
        question=N_("Roughly how much does sending this question to {model} cost (input only)? {question}"),
        kind="number",
        unit="usd",
        within=0.5,
        givens={lang: {"question": text, "model": MODEL} for lang, text in ASKED.items()},
        truth=lambda g: pricing.estimate(g["question"], model=g["model"]).input_usd,
        reason=lambda truth, g: Say(
            N_("{tokens} at {price} per 1M tokens: {cost}, a tiny amount that adds up over many requests."),
            tokens=counted(count(g["question"], model=g["model"]), "token"),
            price=usd(pricing.prices([g["model"]]).loc[g["model"], "input"]),
            cost=usd(Decimal(truth)),
        ),
    )
)


def _reasoning_times(g: dict[str, Any]) -> float:
    plain = pricing.estimate(g["question"], model=g["model"], output_tokens=g["output_tokens"])
    thinking = pricing.estimate(
        g["question"], model=g["model"], output_tokens=g["output_tokens"], reasoning_tokens=g["reasoning_tokens"]
    )
    return round(float(thinking.total_usd / plain.total_usd), 1)


define_prediction(
    PredictionSpec(
        id="04.reasoning",
        question=N_(
            "If the model reasons for {reasoning_tokens:,} tokens before its "
            "{output_tokens}-token answer, how many times as much does the request cost?"
        ),
        kind="number",
        unit="times",
        within=0.2,
        givens={
            "en": {"question": ASKED["en"], "model": MODEL, "output_tokens": 120, "reasoning_tokens": 2000},
            "zh_CN": {"question": ASKED["zh_CN"], "model": MODEL, "output_tokens": 150, "reasoning_tokens": 2000},
        },
        truth=_reasoning_times,
        reason=lambda truth, g: Say(
            N_(
                "Reasoning tokens are billed as output, the dearest kind: {n:,} more output "
                "tokens than the answer's {answer}."
            ),
            n=g["reasoning_tokens"],
            answer=g["output_tokens"],
        ),
    )
)

POLITE = {
    "en": (
        "Hello! Could you please be so kind as to explain to me, in simple words, what a "
        "token is? Thank you very much!",
        "Explain simply: what is a token?",
    ),
    "zh_CN": (
        "您好！请问您能不能麻烦用简单的话给我解释一下，词元到底是什么意思呢？非常感谢！",
        "简单解释：什么是词元？",
    ),
}


def _polite_more(g: dict[str, Any]) -> float:
    polite, short = (
        pricing.estimate(t, model=g["model"], output_tokens=g["output_tokens"]).total_usd
        for t in (g["polite"], g["short"])
    )
    return round(float(100 * (polite / short - 1)), 1)


define_prediction(
    PredictionSpec(
        id="04.polite",
        question=N_(
            "With a {output_tokens}-token answer, how much more (in %) does the polite "
            "question cost than the short one?"
        ),
        kind="number",
        unit="percent",
        near=3.0,
        givens={
            lang: {"polite": p, "short": s, "model": MODEL, "output_tokens": 200} for lang, (p, s) in POLITE.items()
        },
        truth=_polite_more,
        reason=lambda truth, g: Say(
            N_("{polite} against {short}: the {n}-token answer costs far more than either question."),
            polite=pricing.estimate(g["polite"], model=g["model"], output_tokens=g["output_tokens"]),
            short=pricing.estimate(g["short"], model=g["model"], output_tokens=g["output_tokens"]),
            n=g["output_tokens"],
        ),
    )
)


def _image(g: dict[str, Any], model: str) -> tuple[int, Decimal]:
    image = image_tokens(g["width"], g["height"], model=model)
    return int(image), image.cost().input_usd


def _image_verdict(g: dict[str, Any]) -> str:
    (t_big, c_big), (t_small, c_small) = _image(g, g["model"]), _image(g, g["cheaper"])
    return f"{'more' if t_small > t_big else 'fewer'}-tokens-{'more' if c_small > c_big else 'fewer'}-dollars"


define_prediction(
    PredictionSpec(
        id="04.image",
        question=N_(
            "{cheaper} costs far less per token than {model}. For the same {width} × "
            "{height} photo, does it count more tokens or fewer? More dollars or fewer?"
        ),
        kind="choice",
        givens={"en": {"model": "gpt-4o", "cheaper": "gpt-4o-mini", "width": 1024, "height": 1024}},
        choices=lambda g: {
            "more-tokens-more-dollars": N_("more tokens, more dollars"),
            "more-tokens-fewer-dollars": N_("more tokens, fewer dollars"),
            "fewer-tokens-more-dollars": N_("fewer tokens, more dollars"),
            "fewer-tokens-fewer-dollars": N_("fewer tokens, fewer dollars"),
        },
        truth=_image_verdict,
        reason=lambda truth, g: Say(
            N_(
                "{cheaper}: {a:,} tokens, {ca} per image; {model}: {b:,} tokens, {cb}. Compare "
                "what a request costs, not the price per token."
            ),
            cheaper=g["cheaper"],
            model=g["model"],
            a=_image(g, g["cheaper"])[0],
            ca=usd(_image(g, g["cheaper"])[1]),
            b=_image(g, g["model"])[0],
            cb=usd(_image(g, g["model"])[1]),
        ),
    )
)
