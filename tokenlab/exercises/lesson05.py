"""Lesson 05, limits: its exercise (the Declaration in overlapping chunks: how many requests, and
whether each fits) and its predictions (the largest prompt, a 150,000-token prompt, Chinese in
``r50k_base`` character by character, rate limits and reserved output).
"""

from __future__ import annotations

import math
from typing import Any

from .. import limits
from .._i18n import N_
from ..corpus import load_corpus
from ..ratelimits import simulate, steady
from ..tokens import count
from ._answers import count_of, yes_no
from ._say import Later, Say, counted
from .exercise import Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

MODEL = "gpt-4o-mini"


def _pieces(g: dict[str, Any], **options: Any) -> list[str]:
    settings = {"overlap": g["overlap"], "model": g["model"]} | options
    return limits.chunk(_text(g), g["size"], **settings)


def _largest(g: dict[str, Any]) -> int:
    return max(
        limits.fits(
            g["instruction"] + count(p, model=g["model"]), model=g["model"], max_output_tokens=g["reserve"]
        ).total
        for p in _pieces(g)
    )


def _all_fit(g: dict[str, Any]) -> bool:
    return all(
        limits.fits(
            g["instruction"] + count(p, model=g["model"]), model=g["model"], max_output_tokens=g["reserve"]
        ).fits
        for p in _pieces(g)
    )


def check_chunks(answer: dict[str, Any], givens: dict[str, Any]) -> Say:
    g = givens
    requests = count_of(answer["requests"], "requests")
    truth = len(_pieces(g))
    said = {"requests": requests, "truth": truth, "model": g["model"], "size": g["size"], "overlap": g["overlap"]}
    if requests != truth:
        total = count(_text(g), model=g["model"])
        if requests == len(_pieces(g, overlap=0)):
            raise Wrong(
                Say(
                    N_(
                        "{requests} pieces is without the overlap: each piece repeats {overlap} tokens "
                        "of the one before."
                    ),
                    **said,
                ),
                "overlap-left-out",
            )
        if requests == math.ceil(total / g["size"]):
            raise Wrong(
                Say(
                    N_(
                        "{requests} is the token count divided by {size}: chunk() cuts where the overlap "
                        "and the tokens allow."
                    ),
                    **said,
                ),
                "divided",
            )
        if requests == len(limits.chunk(_text(g), g["size"], overlap=g["overlap"], encoding="cl100k_base")):
            raise Wrong(
                Say(N_("{requests} pieces is what another encoding gives: chunk with model={model!r}."), **said),
                "wrong-encoding",
            )
        raise Wrong(
            Say(
                N_("{requests} is not the number of pieces of at most {size} tokens with {overlap} of overlap."), **said
            ),
            "requests",
        )
    largest, window = _largest(g), limits.context_window(g["model"])
    if "largest" in answer:
        given = count_of(answer["largest"], "largest")
        if given == largest - g["reserve"]:
            raise Wrong(
                Say(
                    N_(
                        "{given:,} leaves out the {reserve} tokens reserved for the answer: they count "
                        "toward the window too."
                    ),
                    given=given,
                    reserve=g["reserve"],
                ),
                "reserve-left-out",
            )
        if given != largest:
            raise Wrong(Say(N_("the largest request does not hold {given:,} tokens."), given=given), "largest")
    fit = yes_no(answer["fits"], "fits")
    if fit != _all_fit(g):
        raise Wrong(
            Say(
                N_(
                    "the largest request holds {largest:,} tokens (instruction, piece and reserved "
                    "output); {model}'s window is {window:,}."
                ),
                largest=largest,
                window=window,
                **said,
            ),
            "fits",
        )
    return Say(
        N_(
            "{truth} requests; the largest holds {largest:,} tokens, so every one fits "
            "{model}'s {window:,}-token window."
        ),
        largest=largest,
        window=window,
        **said,
    )


def _text(g: dict[str, Any]) -> str:
    """The text to cut: the lesson's, or else the Declaration in the language the givens name."""
    return str(g["declaration"]) if g.get("declaration") is not None else load_corpus()[g["language"]].text


define(
    Spec(
        id="05.chunks",
        title=N_("The Declaration in overlapping chunks: how many requests, and do they fit?"),
        prompt=N_(
            "You want a model to summarize the whole Declaration in pieces of at most 300 tokens each, with 30 tokens "
            "of overlap. How many requests is that? With a 400-token instruction around each piece and 500 output "
            "tokens reserved, does every request fit in `gpt-4o-mini`'s window?"
        ),
        parts=parts(
            ("requests", N_("the number of requests")),
            ("fits", N_("True if every request fits, else False")),
            ("largest", N_("the tokens of the largest request"), True),
        ),
        givens={
            lang: {
                "declaration": None,
                "language": code,
                "size": 300,
                "overlap": 30,
                "instruction": 400,
                "reserve": 500,
                "model": MODEL,
            }
            for lang, code in (("en", "eng"), ("zh_CN", "cmn_hans"))
        },
        check=check_chunks,
        hint=N_(
            "limits.chunk(text, 300, overlap=30, model=...) gives the pieces; limits.fits(...) checks one request."
        ),
        mistakes={
            "overlap-left-out": N_("Give chunk() the overlap: overlap=30."),
            "reserve-left-out": N_("The output a request reserves counts toward the context window, with the prompt."),
            "divided": N_("Count the pieces chunk() returns instead of dividing."),
            "wrong-encoding": N_("Count with the model's own encoding: model='gpt-4o-mini'."),
            "requests": N_(
                "len(limits.chunk(declaration, 300, overlap=30, model='gpt-4o-mini')) is the number of requests."
            ),
            "largest": N_("A request holds the instruction, its piece and the reserved output."),
            "fits": N_("Compare the largest request with limits.context_window(model)."),
        },
        explain=N_(
            "Cut the text with chunk(), then check each request (instruction + piece, output reserved) with fits()."
        ),
        solution=(
            'pieces = limits.chunk(declaration, 300, overlap=30, model="gpt-4o-mini")\n'
            'checks = [limits.fits(400 + tokenlab.count(p, model="gpt-4o-mini"), '
            'model="gpt-4o-mini", max_output_tokens=500)\n'
            "          for p in pieces]\n"
            "requests = len(pieces)\n"
            "fits = all(c.fits for c in checks)\n"
            "largest = max(c.total for c in checks)\n"
        ),
        truth=lambda g: {"requests": len(_pieces(g)), "fits": _all_fit(g), "largest": _largest(g)},
        variables=("declaration",),
        starter=lambda g: (
            f"declaration = load_corpus()[{g['language']!r}].text\n"
            if g.get("declaration") is None
            else f"declaration = {g['declaration']!r}\n"
        ),
    )
)

# --- Predictions ---------------------------------------------------------------------------------

define_prediction(
    PredictionSpec(
        id="05.largest-prompt",
        question=N_("Which of these models can read the most prompt tokens in one request: {models}?"),
        kind="choice",
        givens={"en": {"models": "gpt-4o, gpt-4.1, gpt-5"}},
        choices=lambda g: {m: m for m in g["models"].split(", ")},
        translate_choices=False,
        truth=lambda g: max(g["models"].split(", "), key=limits.max_input),
        reason=lambda truth, g: Say(
            N_("Maximum input: {limits}. A large window is not all prompt when the model caps the input."),
            limits=", ".join(f"{m} {limits.max_input(m):,}" for m in g["models"].split(", ")),
        ),
    )
)


def _fit_both(g: dict[str, Any]) -> str:
    first, second = (
        limits.fits(g["prompt"], model=m, max_output_tokens=g["reserve"]).fits for m in (g["first"], g["second"])
    )
    return {(True, True): "both", (True, False): "first", (False, True): "second", (False, False): "neither"}[
        (first, second)
    ]


define_prediction(
    PredictionSpec(
        id="05.fits",
        question=N_("Does a {prompt:,}-token prompt (reserving {reserve:,} for the answer) fit {first}? And {second}?"),
        kind="choice",
        givens={"en": {"prompt": 150_000, "reserve": 2000, "first": "gpt-4o", "second": "gpt-5"}},
        choices=lambda g: {
            "both": N_("it fits both"),
            "first": Say(N_("only {model}"), model=g["first"]),
            "second": Say(N_("only {model}"), model=g["second"]),
            "neither": N_("it fits neither"),
        },
        truth=_fit_both,
        reason=lambda truth, g: Say(
            N_("{first}: {a}. {second}: {b}."),
            first=g["first"],
            second=g["second"],
            a=Later(lambda: limits.fits(g["prompt"], model=g["first"], max_output_tokens=g["reserve"]).status()),
            b=Later(lambda: limits.fits(g["prompt"], model=g["second"], max_output_tokens=g["reserve"]).status()),
        ),
    )
)


def _per_character(g: dict[str, Any]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for ch in g["sentence"]:
        n = count(ch, encoding=g["encoding"])
        sizes[n] = sizes.get(n, 0) + 1
    return dict(sorted(sizes.items()))


define_prediction(
    PredictionSpec(
        id="05.per-character",
        question=N_("In {encoding}, how many tokens does each character of {sentence} take?"),
        kind="choice",
        givens={"en": {"sentence": "人人生而自由，在尊严和权利上一律平等。", "encoding": "r50k_base"}},
        choices=lambda g: {
            "one": N_("one each"),
            "mixed": N_("one to three: it depends on the character"),
            "three": N_("three each"),
        },
        truth=lambda g: (
            "one" if set(_per_character(g)) == {1} else "three" if set(_per_character(g)) == {3} else "mixed"
        ),
        reason=lambda truth, g: Say(
            N_("{counts}: {encoding} has whole tokens for a few Chinese characters only; the rest are cut into bytes."),
            counts=Later(
                lambda: ", ".join(
                    str(Say(N_("{n} characters take {tokens}"), n=n, tokens=counted(k, "token")))
                    for k, n in _per_character(g).items()
                )
            ),
            encoding=g["encoding"],
        ),
    )
)


def _accepted(g: dict[str, Any], reserve: int) -> int:
    run = simulate(
        steady(g["n"], per_minute=g["per_minute"], prompt_tokens=g["prompt"], max_output_tokens=reserve),
        rpm=g["rpm"],
        tpm=g["tpm"],
    )
    return int((run["status"] == "ok").sum())


define_prediction(
    PredictionSpec(
        id="05.accepted",
        question=N_(
            "Of {n} requests ({prompt}-token prompts, one a second, limits {rpm} RPM and "
            "{tpm:,} TPM), how many get through if each reserves only {reserve} output "
            "tokens?"
        ),
        kind="number",
        unit="request",
        givens={
            "en": {"n": 40, "per_minute": 60, "prompt": 500, "reserve": 200, "before": 4000, "rpm": 30, "tpm": 60_000}
        },
        truth=lambda g: _accepted(g, g["reserve"]),
        reason=lambda truth, g: Say(
            N_(
                "{ok} reserving {reserve}, against {before_ok} reserving {before}: a request "
                "counts against TPM as the larger of its prompt and its reserved output."
            ),
            ok=int(truth),
            reserve=g["reserve"],
            before_ok=_accepted(g, g["before"]),
            before=f"{g['before']:,}",
        ),
    )
)
