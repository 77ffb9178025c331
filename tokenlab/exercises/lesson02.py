"""Lesson 02, counting tokens: its exercise (what a system prompt adds to every request, overhead
included) and its predictions (the generation that needs fewest tokens, ``<|endoftext|>`` as text,
the "characters ÷ 4" rule on Chinese).

>>> from tokenlab.exercises import exercise
>>> q = exercise("02.system-prompt")
>>> q.check(14, 14_000).mistake
'overhead-left-out'
"""

from __future__ import annotations

from typing import Any

from .. import registry
from .._i18n import N_, language
from ..chat import count_messages
from ..tokens import count, tokenize
from ._answers import count_of
from ._say import Later, Say, counted
from .exercise import Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

_ANY_QUESTION = {"role": "user", "content": "?"}  # the same question with and without the system prompt


def added_tokens(system_prompt: str, model: str) -> int:
    """What a system message adds to a chat: its text and its message overhead (never the reply's priming)."""
    system = {"role": "system", "content": system_prompt}
    return int(count_messages([system, _ANY_QUESTION], model=model)) - int(count_messages([_ANY_QUESTION], model=model))


def check_system_prompt(answer: dict[str, Any], givens: dict[str, Any]) -> Say:
    prompt, model, requests = givens["system_prompt"], givens["model"], givens["requests"]
    added = count_of(answer["added"], "added")
    truth = added_tokens(prompt, model)
    said = {"added": counted(added, "token"), "truth": counted(truth, "token"), "model": model, "requests": requests}
    if added != truth:
        text_only = count(prompt, model=model)
        if added == text_only:
            raise Wrong(
                Say(
                    N_("{added} is the text alone: the message around it costs {n} more."), n=truth - text_only, **said
                ),
                "overhead-left-out",
            )
        if added == int(count_messages([{"role": "system", "content": prompt}], model=model)):
            raise Wrong(
                Say(
                    N_(
                        "{added} is a whole chat of that one message: it includes the tokens that start "
                        "every reply, which the request pays anyway."
                    ),
                    **said,
                ),
                "priming-counted",
            )
        others = {
            m
            for m in ("gpt-4", "gpt-3.5-turbo")
            if registry.encoding_for_model(m) != registry.encoding_for_model(model)
        }
        if any(added == added_tokens(prompt, m) for m in others):
            raise Wrong(Say(N_("{added} is another encoding's count: count for {model}."), **said), "wrong-model")
        raise Wrong(Say(N_("{added} is not what the system prompt adds to a request to {model}."), **said), "count")
    if "total" in answer:
        total = count_of(answer["total"], "total")
        if total != truth * requests:
            raise Wrong(
                Say(
                    N_("{added} per request is right, but {total:,} is not {requests:,} times it."), total=total, **said
                ),
                "total",
            )
        return Say(
            N_("{added} per request (text and message overhead), {total:,} over {requests:,} requests."),
            total=total,
            **said,
        )
    return Say(N_("{added} per request: its text and its message overhead."), **said)


MODEL = "gpt-5.4-mini"  # the lesson's current small model
SYSTEM_PROMPTS = {
    "en": "You are a friendly assistant for a school. Answer briefly and kindly.",
    "zh_CN": "你是学校图书馆的助手。请简短、友好地回答。",
}

define(
    Spec(
        id="02.system-prompt",
        title=N_("What a system prompt adds to every request"),
        prompt=N_(
            "A chatbot sends the same system prompt with every message. How many tokens does the system prompt "
            "add to each request to `gpt-5.4-mini`, **including** its message overhead (by the published rule, an "
            "estimate)? And over 1,000 requests?"
        ),
        parts=parts(
            ("added", N_("the tokens it adds to one request")), ("total", N_("the tokens over 1,000 requests"), True)
        ),
        givens={
            lang: {"system_prompt": text, "model": MODEL, "requests": 1000} for lang, text in SYSTEM_PROMPTS.items()
        },
        check=check_system_prompt,
        hint=N_(
            "Count the same chat with and without the system message "
            "(tokenlab.count_messages): the difference is what it adds."
        ),
        mistakes={
            "overhead-left-out": N_(
                "The API wraps every message in a few tokens of its own: count the messages, not just the text."
            ),
            "priming-counted": N_(
                "Every chat pays a few tokens to start the reply, with or without a system prompt: compare two chats."
            ),
            "wrong-model": N_(
                "Each model counts with its own encoding: give the lesson's model, model='gpt-5.4-mini'."
            ),
            "count": N_("Subtract the count of the chat without the system message from the count with it."),
            "total": N_("Every request carries the system prompt again: multiply by the number of requests."),
        },
        explain=N_(
            "Count the chat with and without the system message; the difference is what the system prompt adds."
        ),
        solution={
            lang: (
                f"question = {{'role': 'user', 'content': {question!r}}}\n"
                "with_system = tokenlab.count_messages([{'role': 'system', 'content': system_prompt}, question], "
                f"model={MODEL!r})\n"
                f"without = tokenlab.count_messages([question], model={MODEL!r})\n"
                "added = int(with_system) - int(without)\n"
                "total = 1000 * added\n"
            )
            for lang, question in {"en": "When does the library open?", "zh_CN": "图书馆几点开门？"}.items()
        },
        truth=lambda g: {
            "added": added_tokens(g["system_prompt"], g["model"]),
            "total": g["requests"] * added_tokens(g["system_prompt"], g["model"]),
        },
        variables=("system_prompt",),
        variant=lambda g: "zh_CN" if any("\u4e00" <= ch <= "\u9fff" for ch in g.get("system_prompt", "")) else "en",
    )
)

# --- Predictions ---------------------------------------------------------------------------------

GENERATIONS = ["r50k_base", "cl100k_base", "o200k_base"]
SAMPLES = {
    "en": "Tokenizers changed a lot between GPT-3 and GPT-4o. 分词器在这几年变化很大。",
    "zh_CN": "分词器在这几年变化很大。Tokenizers changed a lot between GPT-3 and GPT-4o.",
}


def _zh() -> bool:
    return language().startswith("zh")


def _counts(text: str) -> str:
    return ("，" if _zh() else ", ").join(f"{name} {count(text, encoding=name)}" for name in GENERATIONS)


def _pieces(text: str) -> str:
    """The tokens of ``text`` as a student reads them: '<', '|', 'end' (“<”“|”“end” in Chinese)."""
    texts = [t.text for t in tokenize(text)]
    return "".join(f"“{t}”" for t in texts) if _zh() else ", ".join(map(repr, texts))


define_prediction(
    PredictionSpec(
        id="02.fewest",
        question=N_("Which encoding needs the fewest tokens for: {sample}"),
        kind="choice",
        givens={lang: {"sample": text} for lang, text in SAMPLES.items()},
        choices=lambda g: {name: name for name in GENERATIONS},
        translate_choices=False,
        truth=lambda g: min(
            GENERATIONS, key=lambda name: (count(g["sample"], encoding=name), -GENERATIONS.index(name))
        ),
        reason=lambda truth, g: Say(
            N_("{counts}: newer encodings have more tokens, so common pieces of text need fewer."),
            counts=Later(lambda: _counts(g["sample"])),
        ),
    )
)


def _special_id(text: str) -> int:
    return tokenize(text, allowed_special="all").ids[0]


define_prediction(
    PredictionSpec(
        id="02.endoftext",
        question=N_("How many tokens is {text} as ordinary text (o200k_base)?"),
        kind="number",
        unit="token",
        givens={"en": {"text": "<|endoftext|>"}},
        truth=lambda g: count(g["text"]),
        reason=lambda truth, g: Say(
            N_("As text it is {pieces}; allowed as a special token it is one token, id {id}."),
            pieces=Later(lambda: _pieces(g["text"])),
            id=_special_id(g["text"]),
        ),
    )
)


def _rule_verdict(g: dict[str, Any]) -> str:
    exact, guess = count(g["sample"]), len(g["sample"]) / 4
    return "about-right" if abs(guess - exact) <= 0.1 * exact else "too-many" if guess > exact else "too-few"


define_prediction(
    PredictionSpec(
        id="02.chars-over-4",
        question=N_('Does "characters ÷ 4" guess too many or too few tokens for: {sample}'),
        kind="choice",
        givens={"en": {"sample": "床前明月光，疑是地上霜。举头望明月，低头思故乡。"}},
        choices=lambda g: {
            "too-many": N_("too many"),
            "too-few": N_("too few"),
            "about-right": N_("about right (within 10%)"),
        },
        truth=_rule_verdict,
        reason=lambda truth, g: Say(
            N_(
                "{chars} characters ÷ 4 = {guess:.1f}, but it is {exact} in o200k_base: the rule "
                "is an average for English, where a token is about four letters."
            ),
            chars=len(g["sample"]),
            guess=len(g["sample"]) / 4,
            exact=counted(count(g["sample"]), "token"),
        ),
    )
)
