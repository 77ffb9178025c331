"""Lesson 05, limits: its exercise (the Declaration in overlapping chunks sent at once: what each
request counts against TPM, and how many get a 429, reserving much or little output) and its
predictions (the longest prompt when the whole maximum output is reserved, a 1,000,000-token prompt
reserving little or much, Chinese in ``r50k_base`` character by character, rate limits and reserved
output).
"""

from __future__ import annotations

from typing import Any

from .. import limits
from .._i18n import N_, _
from ..corpus import load_corpus
from ..ratelimits import Request, simulate, steady, tpm_tokens
from ..tokens import count
from ._answers import count_of
from ._say import Later, Say, counted
from .exercise import Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

MODEL = "gpt-5.4-mini"


def _text(g: dict[str, Any]) -> str:
    """The text to cut: the lesson's, or else the Declaration in the language the givens name."""
    return str(g["declaration"]) if g.get("declaration") is not None else load_corpus()[g["language"]].text


def _prompts(g: dict[str, Any], **options: Any) -> list[int]:
    settings = {"overlap": g["overlap"], "model": g["model"]} | options
    pieces = limits.chunk(_text(g), g["size"], **settings)
    return [g["instruction"] + count(p, model=g["model"]) for p in pieces]


def _refused(prompts: list[int], reserve: int, g: dict[str, Any]) -> int:
    burst = simulate([Request(0, p, reserve) for p in prompts], rpm=g["rpm"], tpm=g["tpm"])
    return int((burst["status"] != "ok").sum())


def _refused_if_summed(prompts: list[int], reserve: int, g: dict[str, Any]) -> int:
    """The usual mistake: a request counted as its prompt plus its reserved output."""
    return _refused([p + reserve for p in prompts], 0, g)


def _truth(g: dict[str, Any]) -> dict[str, Any]:
    prompts = _prompts(g)
    return {
        "counted": max(tpm_tokens(p, g["reserve"]) for p in prompts),
        "refused": _refused(prompts, g["reserve"], g),
        "refused_modest": _refused(prompts, g["modest"], g),
    }


def check_burst(answer: dict[str, Any], givens: dict[str, Any]) -> Say:
    g = givens
    prompts = _prompts(g)
    truth = _truth(g)
    said = {"reserve": f"{g['reserve']:,}", "modest": f"{g['modest']:,}", "tpm": f"{g['tpm']:,}", "n": len(prompts)}
    given = count_of(answer["counted"], "counted")
    if given != truth["counted"]:
        if given in {p + g["reserve"] for p in prompts}:
            raise Wrong(
                Say(
                    N_("{given:,} is a prompt plus the reserved output: TPM counts the larger of the two."), given=given
                ),
                "summed",
            )
        if given in set(prompts):
            raise Wrong(
                Say(
                    N_("{given:,} is a prompt alone: the {reserve} output tokens a request reserves count too."),
                    given=given,
                    **said,
                ),
                "prompt-only",
            )
        raise Wrong(
            Say(
                N_("a request reserving {reserve} output tokens does not count {given:,} against TPM."),
                given=given,
                **said,
            ),
            "counted",
        )
    for part, reserve in (("refused", g["reserve"]), ("refused_modest", g["modest"])):
        value = count_of(answer[part], part)
        if value == truth[part]:
            continue
        who = {"given": value, "reserved": f"{reserve:,}"} | said
        if value == _refused_if_summed(prompts, reserve, g):
            raise Wrong(
                Say(
                    N_("{given} is what you get counting each prompt plus its reserved output; TPM counts the larger."),
                    **who,
                ),
                "summed",
            )
        if value == len(prompts) - truth[part]:
            raise Wrong(Say(N_("{given} is how many get through, not how many get a 429."), **who), "accepted")
        raise Wrong(
            Say(
                N_("reserving {reserved} output tokens, {given} is not how many of the {n} requests get a 429."), **who
            ),
            part,
        )
    return Say(
        N_(
            "{n} requests; reserving {reserve}, each counts {counted:,} tokens and {refused} get a 429 "
            "(the minute holds {tpm}); reserving {modest}, each counts its prompt and {refused_modest} get one."
        ),
        counted=truth["counted"],
        refused=truth["refused"],
        refused_modest=truth["refused_modest"],
        **said,
    )


define(
    Spec(
        id="05.burst",
        title=N_("The Declaration in chunks, sent at once: what TPM counts, and how many get a 429"),
        prompt=N_(
            "Summarize the Declaration in pieces of at most 300 tokens with 30 tokens of overlap, a 400-token "
            "instruction around each, 2,000 output tokens reserved per request, with `gpt-5.4-mini`, at limits of "
            "500 requests and 10,000 tokens a minute, all requests sent at once. How many tokens does each request "
            "count against TPM? How many get a 429? And how many if each reserves only 500 output tokens?"
        ),
        parts=parts(
            ("counted", N_("the tokens each request counts against TPM, reserving 2,000")),
            ("refused", N_("how many requests get a 429, reserving 2,000")),
            ("refused_modest", N_("how many requests get a 429, reserving 500")),
        ),
        givens={
            lang: {
                "declaration": None,
                "language": code,
                "size": 300,
                "overlap": 30,
                "instruction": 400,
                "reserve": 2000,
                "modest": 500,
                "rpm": 500,
                "tpm": 10_000,
                "model": MODEL,
            }
            for lang, code in (("en", "eng"), ("zh_CN", "cmn_hans"))
        },
        check=check_burst,
        hint=N_(
            "Cut with limits.chunk(declaration, 300, overlap=30, model=...); a request counts max(prompt, reserved "
            "output) against TPM; simulate([Request(0, prompt, reserve) for prompt in prompts], rpm=500, tpm=10_000) "
            "says which get a 429."
        ),
        mistakes={
            "summed": N_("TPM counts the larger of the prompt and the reserved output, not their sum."),
            "prompt-only": N_("The output a request reserves counts against TPM even if the model writes less."),
            "accepted": N_("Count the requests whose status is not 'ok'."),
            "counted": N_(
                "Each prompt is the 400-token instruction plus its piece; compare it with the reserved output."
            ),
            "refused": N_("simulate() with every request at time 0 shows which ones get a 429."),
            "refused_modest": N_("Reserving 500, the prompt is the larger: add up the prompts against 10,000."),
        },
        explain=N_(
            "Chunk, count each prompt (instruction + piece), and let simulate() apply the rule: a request counts "
            "the larger of its prompt and its reserved output."
        ),
        solution=(
            'pieces = limits.chunk(declaration, 300, overlap=30, model="gpt-5.4-mini")\n'
            'prompts = [400 + tokenlab.count(piece, model="gpt-5.4-mini") for piece in pieces]\n'
            "counted = max(max(prompt, 2000) for prompt in prompts)\n"
            "burst = simulate([Request(0, prompt, 2000) for prompt in prompts], rpm=500, tpm=10_000)\n"
            'refused = int((burst["status"] != "ok").sum())\n'
            "modest = simulate([Request(0, prompt, 500) for prompt in prompts], rpm=500, tpm=10_000)\n"
            'refused_modest = int((modest["status"] != "ok").sum())\n'
        ),
        truth=_truth,
        variables=("declaration",),
        starter=lambda g: (
            f"declaration = load_corpus()[{g['language']!r}].text\n"
            if g.get("declaration") is None
            else f"declaration = {g['declaration']!r}\n"
        ),
    )
)

# --- Predictions ---------------------------------------------------------------------------------


def _longest(g: dict[str, Any]) -> int:
    """The longest prompt that fits ``model`` with ``reserve`` output tokens reserved."""
    m = g["model"]
    return min(limits.max_input(m), limits.context_window(m) - int(g["reserve"]))


define_prediction(
    PredictionSpec(
        id="05.largest-prompt",
        question=N_(
            "Reserving {reserve:,} output tokens, how many prompt tokens can one request to {model} hold at most?"
        ),
        kind="number",
        unit="token",
        within=0.02,
        givens={"en": {"model": "gpt-5.4", "reserve": 128_000}},
        truth=_longest,
        reason=lambda truth, g: Say(
            N_("{model}'s window is {window:,} tokens, prompt and reserved output together: {window:,} − {reserve:,}."),
            model=g["model"],
            window=limits.context_window(g["model"]),
            reserve=g["reserve"],
        ),
    )
)


def _fit_both(g: dict[str, Any]) -> str:
    small, large = (
        limits.fits(g["prompt"], model=g["model"], max_output_tokens=r).fits for r in (g["small"], g["large"])
    )
    return {(True, True): "both", (True, False): "small", (False, True): "large", (False, False): "neither"}[
        (small, large)
    ]


define_prediction(
    PredictionSpec(
        id="05.fits",
        question=N_(
            "Does a {prompt:,}-token prompt fit {model} reserving {small:,} tokens for the answer? "
            "And reserving {large:,}?"
        ),
        kind="choice",
        givens={"en": {"prompt": 1_000_000, "model": "gpt-5.4", "small": 2000, "large": 128_000}},
        choices=lambda g: {
            "both": N_("it fits both ways"),
            "small": Say(N_("only reserving {n:,}"), n=g["small"]),
            "large": Say(N_("only reserving {n:,}"), n=g["large"]),
            "neither": N_("it fits neither way"),
        },
        truth=_fit_both,
        reason=lambda truth, g: Say(
            N_("Reserving {small:,}: {a}. Reserving {large:,}: {b}."),
            small=g["small"],
            large=g["large"],
            a=Later(lambda: limits.fits(g["prompt"], model=g["model"], max_output_tokens=g["small"]).status()),
            b=Later(lambda: limits.fits(g["prompt"], model=g["model"], max_output_tokens=g["large"]).status()),
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
                lambda: _(", ").join(
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
