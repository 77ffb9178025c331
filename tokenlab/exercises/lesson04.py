"""Lesson 04, pricing: its exercise (a school chatbot's month, chat overhead included, and the
system prompt's share) and its predictions (one question's cost, reasoning tokens, a polite
prompt, an image on a cheaper model).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import pricing
from .._i18n import N_, language
from ..cost import Cost, usd
from ..images import image_tokens
from ..tokens import count
from ._answers import MISSING, amount_of, close
from ._say import Say, counted
from .exercise import Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

MODEL = "gpt-5.4-mini"


def _listed(items: Any) -> str:
    """Items in a list as the language in use writes one (、 between Chinese items)."""
    return ("、" if language().startswith("zh") else ", ").join(items)


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


def _with_reasoning(g: dict[str, Any]) -> Decimal:
    """The month with ``reasoning_tokens`` more output per request (billed as output)."""
    system, question = {"role": "system", "content": g["system_prompt"]}, _message(g["question"])
    one = pricing.estimate(
        [system, question], model=g["model"], output_tokens=g["output_tokens"], reasoning_tokens=g["reasoning_tokens"]
    )
    return one.total_usd * int(g["per_day"]) * int(g["days"])


def _check_reasoning(answer: dict[str, Any], givens: dict[str, Any], month: Decimal) -> None:
    """The month with reasoning tokens (question 2), when the student gave it."""
    value = amount_of(answer["with_reasoning"], "with_reasoning")
    truth = _with_reasoning(givens)
    if _near(value, truth):
        return
    if _near(value, month):
        raise Wrong(
            Say(
                N_("{value} is the month without reasoning: the reasoning tokens are billed too, as output."),
                value=usd(value),
            ),
            "reasoning-left-out",
        )
    raise Wrong(
        Say(
            N_("{value} is not the month with {n:,} reasoning tokens per request."),
            value=usd(value),
            n=givens["reasoning_tokens"],
        ),
        "reasoning",
    )


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
    if answer.get("with_reasoning", MISSING) is not MISSING:
        _check_reasoning(answer, givens, month)
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
            ("with_reasoning", N_("the month with 500 reasoning tokens per request, in US dollars"), True),
        ),
        givens={
            lang: {
                "system_prompt": system,
                "question": {"role": "user", "content": question},
                "model": MODEL,
                "per_day": 300,
                "days": 30,
                "output_tokens": 250,
                "reasoning_tokens": 500,
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
            "reasoning-left-out": N_(
                "Give pricing.estimate reasoning_tokens=500 as well: reasoning is billed at the output price."
            ),
            "reasoning": N_("Price one request with output_tokens=250 and reasoning_tokens=500, then multiply."),
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
            'thinking = pricing.estimate([{"role": "system", "content": system_prompt}, question], '
            'model="gpt-5.4-mini", output_tokens=250, reasoning_tokens=500)\n'
            "with_reasoning = thinking.total_usd * requests\n"
            "import datetime\n"
            'text = system_prompt + "\\n" + question["content"]\n'
            "monday = datetime.date(2026, 12, 7)\n"
            'for model, hour in [("deepseek-flash", 10), ("deepseek-flash", 20), ("qwen-flash", None)]:\n'
            "    at = None if hour is None else datetime.datetime.combine(monday, datetime.time(hour))\n"
            "    print(model, hour, pricing.estimate(text, model=model, output_tokens=250, at=at) * requests)\n"
        ),
        truth=lambda g: {
            "month": _bills(g)[0].total_usd * _bills(g)[2],
            "system_share": (_bills(g)[0].total_usd - _bills(g)[1].total_usd) * _bills(g)[2],
            "with_reasoning": _with_reasoning(g),
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


def _per_thousand(cost: Cost) -> str:
    """What 1,000 such requests cost, to the tenth of a cent, so that two amounts line up."""
    return f"${cost.total_usd * 1000:.3f}"


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
            N_(
                "{polite} against {short} per 1,000 such requests: the {n}-token answer costs far more than "
                "either question."
            ),
            polite=_per_thousand(pricing.estimate(g["polite"], model=g["model"], output_tokens=g["output_tokens"])),
            short=_per_thousand(pricing.estimate(g["short"], model=g["model"], output_tokens=g["output_tokens"])),
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
            "{cheaper} costs less per input token than {model}. For the same {width} × "
            "{height} photo, does it count more tokens or fewer? More dollars or fewer?"
        ),
        kind="choice",
        givens={"en": {"model": "gpt-5.1", "cheaper": MODEL, "width": 1024, "height": 1024}},
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


def _cache_month(g: dict[str, Any]) -> tuple[Decimal, Decimal, int, int]:
    """The month at worst (no request hits the cache) and at best (all but the first do)."""
    messages = g["messages"] or _declaration_messages(g)
    prompt = pricing.prompt_tokens(messages, model=g["model"])
    cached = pricing.cacheable_tokens(prompt)
    first = pricing.estimate(messages, model=g["model"], output_tokens=g["output_tokens"])
    later = pricing.estimate(messages, model=g["model"], output_tokens=g["output_tokens"], cached_input_tokens=cached)
    n = g["requests"]
    return first.total_usd * n, first.total_usd + later.total_usd * (n - 1), prompt, cached


def _declaration_messages(g: dict[str, Any]) -> list[dict[str, str]]:
    from ..corpus import load_corpus

    text = load_corpus()[g["language"]].text
    return [{"role": "system", "content": g["instruction"] + text}, {"role": "user", "content": g["ask"]}]


define_prediction(
    PredictionSpec(
        id="04.cache",
        question=N_(
            "{requests:,} requests a month, each sending the whole Declaration first. How many times as much "
            "does the month cost when no request hits the cache as when every request but the first does?"
        ),
        kind="number",
        unit="times",
        within=0.2,
        givens={
            "en": {
                "messages": None,
                "language": "eng",
                "instruction": "Answer questions about this text.\n\n",
                "ask": "Which article is about education?",
                "model": MODEL,
                "output_tokens": 100,
                "requests": 9000,
            },
            "zh_CN": {
                "messages": None,
                "language": "cmn_hans",
                "instruction": "请根据下面的文本回答问题。\n\n",
                "ask": "哪一条讲的是受教育的权利？",
                "model": MODEL,
                "output_tokens": 100,
                "requests": 9000,
            },
        },
        truth=lambda g: round(float(_cache_month(g)[0] / _cache_month(g)[1]), 1),
        reason=lambda truth, g: Say(
            N_(
                "{cached:,} of the {prompt:,} prompt tokens can be cached, at {share:.0%} of the input price: "
                "{worst} with no hits, {best} when all but the first hit. A real month falls in between."
            ),
            cached=_cache_month(g)[3],
            prompt=_cache_month(g)[2],
            share=float(
                pricing.prices([g["model"]]).loc[g["model"], "cached input"]
                / pricing.prices([g["model"]]).loc[g["model"], "input"]
            ),
            worst=usd(_cache_month(g)[0]),
            best=usd(_cache_month(g)[1]),
        ),
    )
)


def _premium(g: dict[str, Any]) -> tuple[int, int]:
    from ..corpus import load_corpus

    udhr = load_corpus()
    return count(udhr[g["language"]].text, model=g["model"]), count(udhr["eng"].text, model=g["model"])


define_prediction(
    PredictionSpec(
        id="04.language",
        question=N_(
            "Sent as input to {model}, how much more (in %) than the English text does the Chinese text of "
            "the Declaration cost?"
        ),
        kind="number",
        unit="percent",
        near=5.0,
        givens={"en": {"language": "cmn_hans", "model": MODEL}},
        truth=lambda g: round(100 * (_premium(g)[0] / _premium(g)[1] - 1), 1),
        reason=lambda truth, g: Say(
            N_(
                "{tokens} against English's {english}: at one price per token, the cost follows the token "
                "count, lesson 03's premium."
            ),
            tokens=counted(_premium(g)[0], "token"),
            english=counted(_premium(g)[1], "token"),
        ),
    )
)


def _hours(g: dict[str, Any]) -> tuple[Cost, Cost]:
    import datetime

    day = datetime.date.fromisoformat(g["day"])
    return tuple(  # type: ignore[return-value]
        pricing.estimate(
            g["question"],
            model=g["model"],
            output_tokens=g["output_tokens"],
            at=datetime.datetime.combine(day, datetime.time(hour)),
        )
        for hour in (g["morning"], g["evening"])
    )


define_prediction(
    PredictionSpec(
        id="04.peak",
        question=N_(
            "The same question on {model}, sent on a Monday at {evening}:00 instead of {morning}:00 (Beijing "
            "time): how many times the morning's cost is the evening's?"
        ),
        kind="number",
        unit="times",
        within=0.1,
        givens={
            "en": {
                "question": ASKED["en"],
                "model": "deepseek-flash",
                "output_tokens": 120,
                "day": "2026-12-07",
                "morning": 10,
                "evening": 20,
            },
            "zh_CN": {
                "question": ASKED["zh_CN"],
                "model": "deepseek-flash",
                "output_tokens": 150,
                "day": "2026-12-07",
                "morning": 10,
                "evening": 20,
            },
        },
        truth=lambda g: round(float(_hours(g)[1].total / _hours(g)[0].total), 2),
        reason=lambda truth, g: Say(
            N_(
                "{morning} at {m}:00, {evening} at {e}:00: DeepSeek's pricing page makes off-peak hours half "
                "the peak price."
            ),
            morning=_hours(g)[0],
            evening=_hours(g)[1],
            m=g["morning"],
            e=g["evening"],
        ),
    )
)


def _tiers(g: dict[str, Any]) -> tuple[Cost, Cost]:
    return tuple(  # type: ignore[return-value]
        pricing.estimate(n, model=g["model"], output_tokens=g["output_tokens"]) for n in (g["shorter"], g["longer"])
    )


define_prediction(
    PredictionSpec(
        id="04.tier",
        question=N_(
            "On {model}, a prompt grows from {shorter:,} tokens to {longer:,}, twice as long. How many times the cost?"
        ),
        kind="number",
        unit="times",
        within=0.1,
        givens={"en": {"model": "qwen-plus", "shorter": 100_000, "longer": 200_000, "output_tokens": 500}},
        truth=lambda g: round(float(_tiers(g)[1].total / _tiers(g)[0].total), 1),
        reason=lambda truth, g: Say(
            N_(
                "{shorter} against {longer}: {n:,} tokens fall in a dearer tier, and every token of the "
                "request is billed at that tier's price."
            ),
            shorter=_tiers(g)[0],
            longer=_tiers(g)[1],
            n=g["longer"],
        ),
    )
)

TASK = "请用 300 个词元左右总结下面的文本。\n\n"
TOKENIZERS = ("o200k_base", "deepseek_v3", "qwen", "tekken")


def _task_counts(g: dict[str, Any]) -> dict[str, int]:
    from ..corpus import load_corpus

    task = g["task"] or TASK + load_corpus()["cmn_hans"].text
    return {e: count(task, encoding=e) for e in g["encodings"]}


define_prediction(
    PredictionSpec(
        id="04.vendors",
        question=N_(
            "Which vendor's tokenizer counts the fewest input tokens for the task: OpenAI's o200k_base, "
            "DeepSeek's deepseek_v3, Qwen's qwen or Mistral's tekken?"
        ),
        kind="choice",
        givens={"en": {"task": None, "encodings": TOKENIZERS}},
        choices=lambda g: {e: e for e in g["encodings"]},
        translate_choices=False,
        truth=lambda g: min(g["encodings"], key=_task_counts(g).__getitem__),
        reason=lambda truth, g: Say(
            N_(
                "{counts}. The fewest tokens need not be the cheapest: the price per token, the output's "
                "above all, decides the total."
            ),
            counts=_listed(f"{e} {n:,}" for e, n in _task_counts(g).items()),
        ),
    )
)
