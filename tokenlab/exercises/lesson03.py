"""Lesson 03, languages: its exercise (how far one language's premium fell from ``r50k_base`` to
``o200k_base``, and its Article 1 under each) and its predictions (Burmese against the reference,
the costliest languages' scripts, languages cheaper than Chinese, English under the Chinese
vendors' tokenizers).

The English lesson asks for the factor the premium fell by (English = 1); the Chinese lesson for
the two premiums with Chinese as the reference. Any language of the corpus is an answer.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from .._i18n import N_, _
from ..corpus import load_corpus
from ..tokens import count
from ._answers import Unreadable, close, count_of, number_of, text_of
from ._say import Later, Say, counted, quoted
from .exercise import Incomplete, Part, Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

if TYPE_CHECKING:
    import pandas as pd

OLD, NEW = "r50k_base", "o200k_base"


@functools.lru_cache(maxsize=8)
def _table(reference: str, old: str, new: str) -> pd.DataFrame:
    from ..languages import premiums

    return premiums(encodings=[old, new], reference=reference)


def _num(value: Any) -> float:
    """A table cell as a float (pandas types it loosely)."""
    return float(value)


def language_code(value: object, name: str = "language") -> str:
    """A language of the corpus from its code (``spa``), English name or name in the language in use."""
    text = text_of(value, name).strip()
    corpus = load_corpus()
    if text in corpus:
        return text
    wanted = text.casefold()
    for code, lang in corpus.items():
        if wanted in (code.casefold(), lang.name.casefold(), lang.local_name.casefold()):
            return code
    raise Unreadable(
        Say(
            N_(
                "{value} is not a language of the corpus: give a code such as 'spa' or 'jpn' (load_corpus() lists them)"
            ),
            value=quoted(value),
        )
    )


def _article(code: str, encoding: str) -> int:
    return count(load_corpus()[code].units["1"], encoding=encoding)


def check_premium(answer: dict[str, Any], givens: dict[str, Any]) -> Say:
    reference, old, new = givens["reference"], givens["old"], givens["new"]
    code = language_code(answer["language"])
    corpus = load_corpus()
    lang = corpus[code]
    name, ref_name = Later(lambda: lang.local_name), Later(lambda: corpus[reference].local_name)
    if code == reference:
        raise Wrong(
            Say(
                N_("{name} is the reference: its premium is 1 under every encoding. Pick another language."), name=name
            ),
            "reference-language",
        )
    row = _table(reference, old, new).loc[code]
    p_old, p_new = _num(row[f"{old} premium"]), _num(row[f"{new} premium"])
    said = {
        "name": name,
        "reference": ref_name,
        "old": old,
        "new": new,
        "p_old": p_old,
        "p_new": p_new,
        "factor": p_old / p_new,
    }
    if givens["asks"] == "factor":
        if "factor" not in answer:
            raise Incomplete(
                Say(N_("Fill in factor (how many times lower the premium is in {new}), then check again."), new=new)
            )
        factor = number_of(answer["factor"], "factor")
        if not close(factor, p_old / p_new, rel=0.03):
            if close(factor, p_new / p_old, rel=0.03):
                raise Wrong(
                    Say(N_("{value:.2f} is the new premium divided by the old one."), value=factor, **said),
                    "factor-inverted",
                )
            if close(factor, _article(code, old) / _article(code, new), rel=0.03) or close(
                factor, _num(row[f"{old} tokens"]) / _num(row[f"{new} tokens"]), rel=0.03
            ):
                raise Wrong(
                    Say(N_("{value:.2f} is how much {name}'s own tokens fell, not its premium."), value=factor, **said),
                    "tokens-not-premium",
                )
            raise Wrong(
                Say(N_("{value:.2f} is not the factor {name}'s premium fell by."), value=factor, **said), "factor"
            )
    else:
        missing = [n for n in ("old_premium", "new_premium") if n not in answer]
        if missing:
            raise Incomplete(Say(N_("Fill in {name} too, then check again."), name=missing[0]))
        given = (number_of(answer["old_premium"], "old_premium"), number_of(answer["new_premium"], "new_premium"))
        if not (close(given[0], p_old, rel=0.02, absolute=0.01) and close(given[1], p_new, rel=0.02, absolute=0.01)):
            if close(given[0], p_new, rel=0.02, absolute=0.01) and close(given[1], p_old, rel=0.02, absolute=0.01):
                raise Wrong(
                    Say(N_("the two premiums are swapped: {old} is the old encoding."), **said), "encodings-swapped"
                )
            other = "eng" if reference != "eng" else "cmn_hans"
            theirs = _table(other, old, new).loc[code]
            if close(given[0], _num(theirs[f"{old} premium"]), rel=0.02) and close(
                given[1], _num(theirs[f"{new} premium"]), rel=0.02
            ):
                raise Wrong(
                    Say(N_("those premiums compare {name} with another language, not with {reference}."), **said),
                    "wrong-reference",
                )
            raise Wrong(
                Say(N_("those are not {name}'s premiums with {reference} as the reference."), **said), "premium"
            )
    tokens = (count_of(answer["old_tokens"], "old_tokens"), count_of(answer["new_tokens"], "new_tokens"))
    truth = (_article(code, old), _article(code, new))
    if tokens != truth:
        whole = (int(_num(row[f"{old} tokens"])), int(_num(row[f"{new} tokens"])))
        if tokens == whole:
            raise Wrong(
                Say(
                    N_("{a:,} and {b:,} are the whole Declaration; the exercise asks for Article 1."),
                    a=tokens[0],
                    b=tokens[1],
                ),
                "whole-text",
            )
        if tokens == truth[::-1]:
            raise Wrong(Say(N_("the two counts are swapped: {old} is the old encoding."), **said), "encodings-swapped")
        if tokens == (_article(reference, old), _article(reference, new)):
            raise Wrong(
                Say(N_("those are the counts of {reference}'s Article 1, not {name}'s."), **said), "wrong-language"
            )
        raise Wrong(
            Say(
                N_("{name}'s Article 1 is not {a:,} tokens in {old} and {b:,} in {new}."),
                a=tokens[0],
                b=tokens[1],
                **said,
            ),
            "tokens",
        )
    said |= {"a": counted(truth[0], "token"), "b": counted(truth[1], "token")}
    if givens["asks"] == "factor":
        return Say(
            N_(
                "{name}: premium {p_old:.2f} in {old} and {p_new:.2f} in {new}, {factor:.2f} "
                "times lower; Article 1 is {a} and {b}."
            ),
            **said,
        )
    return Say(N_("{name}: premium {p_old:.2f} in {old} and {p_new:.2f} in {new}; Article 1 is {a} and {b}."), **said)


def _parts(givens: dict[str, Any]) -> tuple[Part, ...]:
    language = ("language", N_("a language code such as 'spa', or its name"))
    tokens = (
        ("old_tokens", N_("Article 1's tokens in r50k_base")),
        ("new_tokens", N_("Article 1's tokens in o200k_base")),
    )
    if givens["asks"] == "factor":
        return parts(language, ("factor", N_("how many times lower its premium is in o200k_base")), *tokens)
    return parts(
        language,
        ("old_premium", N_("its premium in r50k_base")),
        ("new_premium", N_("its premium in o200k_base")),
        *tokens,
    )


def _truth(g: dict[str, Any]) -> dict[str, Any]:
    code = "jpn" if g["reference"] != "jpn" else "spa"
    row = _table(g["reference"], g["old"], g["new"]).loc[code]
    found: dict[str, Any] = {"language": code}
    if g["asks"] == "factor":
        found["factor"] = round(_num(row[f"{g['old']} premium"]) / _num(row[f"{g['new']} premium"]), 2)
    else:
        found |= {
            "old_premium": round(_num(row[f"{g['old']} premium"]), 2),
            "new_premium": round(_num(row[f"{g['new']} premium"]), 2),
        }
    return found | {"old_tokens": _article(code, g["old"]), "new_tokens": _article(code, g["new"])}


define(
    Spec(
        id="03.premium",
        title=N_("How far one language's premium fell from r50k_base to o200k_base"),
        prompt={
            "en": N_(
                "Pick a language you know (other than English). By what factor did its premium fall from `r50k_base` "
                "to `o200k_base`? How many tokens does Article 1 take in it under each of the two?"
            ),
            "zh_CN": N_(
                "Pick a language you are interested in (other than Chinese). With Chinese as the "
                "reference, what is its "
                "premium in `r50k_base` and in `o200k_base`? How many tokens does Article 1 take in it under each?"
            ),
        },
        parts=_parts,
        givens={
            "en": {"reference": "eng", "asks": "factor", "old": OLD, "new": NEW},
            "zh_CN": {"reference": "cmn_hans", "asks": "premiums", "old": OLD, "new": NEW},
        },
        check=check_premium,
        hint=N_(
            "premiums(encodings=[...], reference=...) has a premium column per encoding; "
            "udhr[code].units['1'] is Article 1."
        ),
        mistakes={
            "factor-inverted": N_("The factor a premium fell by is the old premium divided by the new one."),
            "whole-text": N_("Count only Article 1: udhr[code].units['1']."),
            "tokens-not-premium": N_(
                "A premium compares with the reference language: divide the two premiums, not the two counts."
            ),
            "wrong-reference": N_("Give premiums(..., reference=...) the reference the exercise names."),
            "encodings-swapped": N_("r50k_base is GPT-3's encoding (old), o200k_base GPT-4o's (new)."),
            "wrong-language": N_("Count the Article 1 of the language you picked."),
            "reference-language": N_("The reference language has a premium of 1 by definition: pick any other."),
            "factor": N_("Divide the r50k_base premium by the o200k_base premium, from the premiums table."),
            "premium": N_("Read the two premium columns of premiums(encodings=['r50k_base', 'o200k_base'], ...)."),
            "tokens": N_("Count Article 1 with tokenlab.count(text, encoding=...) under each encoding."),
        },
        explain=N_("Read the language's row of the premiums table, then count its Article 1 under each encoding."),
        solution={
            "en": (
                'language = "jpn"\n'
                'row = premiums(encodings=["r50k_base", "o200k_base"]).loc[language]\n'
                'factor = row["r50k_base premium"] / row["o200k_base premium"]\n'
                'article = load_corpus()[language].units["1"]\n'
                'old_tokens = tokenlab.count(article, encoding="r50k_base")\n'
                'new_tokens = tokenlab.count(article, encoding="o200k_base")\n'
            ),
            "zh_CN": (
                'language = "jpn"\n'
                'row = premiums(encodings=["r50k_base", "o200k_base"], reference="cmn_hans").loc[language]\n'
                'old_premium, new_premium = row["r50k_base premium"], row["o200k_base premium"]\n'
                'article = load_corpus()[language].units["1"]\n'
                'old_tokens = tokenlab.count(article, encoding="r50k_base")\n'
                'new_tokens = tokenlab.count(article, encoding="o200k_base")\n'
            ),
        },
        truth=_truth,
        variant=lambda g: "en" if g.get("asks") == "factor" else "zh_CN",
    )
)

# --- Predictions ---------------------------------------------------------------------------------


def _names(g: dict[str, Any]) -> dict[str, Any]:
    corpus = load_corpus()
    return {"reference_name": corpus[g["reference"]].local_name, "other_name": corpus[g["other"]].local_name}


def _times(g: dict[str, Any]) -> float:
    return _article(g["other"], g["encoding"]) / _article(g["reference"], g["encoding"])


define_prediction(
    PredictionSpec(
        id="03.times",
        question=N_(
            "Under {encoding}, how many times as many tokens does Article 1 take in "
            "{other_name} as in {reference_name}?"
        ),
        kind="number",
        unit="times",
        within=0.25,
        givens={
            "en": {"reference": "eng", "other": "mya", "encoding": NEW},
            "zh_CN": {"reference": "cmn_hans", "other": "mya", "encoding": NEW},
        },
        words=_names,
        truth=lambda g: round(_times(g), 2),
        reason=lambda truth, g: Say(
            N_(
                "{other_name} {a}, {reference_name} {b}: an encoding that saw little of a "
                "language has only small pieces for it."
            ),
            a=counted(_article(g["other"], g["encoding"]), "token"),
            b=counted(_article(g["reference"], g["encoding"]), "token"),
            **_names(g),
        ),
    )
)


def _costliest(g: dict[str, Any]) -> pd.DataFrame:
    table = _table(g["reference"], OLD, g["encoding"])
    return table.sort_values(f"{g['encoding']} premium", ascending=False).head(g["top"])


def _latin_among(g: dict[str, Any]) -> list[str]:
    corpus = load_corpus()
    return [corpus[code].local_name for code in _costliest(g).index if corpus[code].script == "Latin"]


define_prediction(
    PredictionSpec(
        id="03.scripts",
        question=N_("Are the {top} languages that pay the most under {encoding} all written in scripts of their own?"),
        kind="choice",
        givens={"en": {"reference": "eng", "encoding": NEW, "top": 6}},
        choices=lambda g: {
            "all-own": N_("yes, all in scripts of their own"),
            "some-latin": N_("no, some use the Latin alphabet"),
        },
        truth=lambda g: "some-latin" if _latin_among(g) else "all-own",
        reason=lambda truth, g: (
            Say(
                N_(
                    "Written in the Latin alphabet and still among those that pay the most: {names}. "
                    "How much of a language the encoding saw counts too."
                ),
                names=Later(lambda: _(", ").join(_latin_among(g))),
            )
            if _latin_among(g)
            else Say(N_("All of them: the scripts an encoding saw little of are cut into the smallest pieces."))
        ),
    )
)


def _cheaper(g: dict[str, Any]) -> int:
    column = _table(g["reference"], OLD, g["encoding"])[f"{g['encoding']} premium"]
    return int((column < 1).sum())


define_prediction(
    PredictionSpec(
        id="03.cheaper",
        question=N_("Under {encoding}, how many languages need fewer tokens than {reference_name} for the same text?"),
        kind="number",
        unit="language",
        givens={"en": {"reference": "cmn_hans", "encoding": NEW}},
        words=lambda g: {"reference_name": load_corpus()[g["reference"]].local_name},
        truth=_cheaper,
        reason=lambda truth, g: Say(
            N_(
                "{n} under {encoding}, against {old} under r50k_base: the newer encoding learned "
                "far more tokens for Chinese."
            ),
            n=int(truth),
            encoding=g["encoding"],
            old=_cheaper({**g, "encoding": OLD}),
        ),
    )
)


def _vendor_english(g: dict[str, Any]) -> dict[str, float]:
    from ..languages import premiums

    table = premiums(encodings=g["encodings"], reference=g["reference"])
    return {name: _num(table.loc["eng", f"{name} premium"]) for name in g["encodings"]}


define_prediction(
    PredictionSpec(
        id="03.vendors",
        question=N_("Under Qwen's and DeepSeek's tokenizers, does English also need fewer tokens than Chinese?"),
        kind="choice",
        givens={"en": {"reference": "cmn_hans", "encodings": ("qwen", "deepseek_v3")}},
        choices=lambda g: {"yes": N_("yes"), "no": N_("no")},
        truth=lambda g: "yes" if all(p < 1 for p in _vendor_english(g).values()) else "no",
        reason=lambda truth, g: (
            Say(
                N_("English's premium is {premiums}: a tokenizer trained on much Chinese makes Chinese the cheapest."),
                premiums=Later(lambda: _(", ").join(f"{name} {p:.2f}" for name, p in _vendor_english(g).items())),
            )
            if truth == "no"
            else Say(
                N_("English's premium is {premiums}, below 1."),
                premiums=Later(lambda: _(", ").join(f"{name} {p:.2f}" for name, p in _vendor_english(g).items())),
            )
        ),
    )
)


@functools.lru_cache(maxsize=4)
def _tables(reference: str, encodings: tuple[str, ...]) -> pd.DataFrame:
    from ..languages import premiums

    return premiums(encodings=list(encodings), reference=reference)


def _per_character(g: dict[str, Any]) -> dict[str, float]:
    table = _tables(g["reference"], tuple(g["encodings"]))
    return {name: _num(table.loc[g["language"], f"{name} tokens/char"]) for name in g["encodings"]}


def _one_each(g: dict[str, Any]) -> str:
    above = [n > 1 for n in _per_character(g).values()]
    return "more" if all(above) else "fewer" if not any(above) else "depends"


define_prediction(
    PredictionSpec(
        id="03.per-character",
        question=N_("Is a Chinese character about one token, in the old and the new encodings alike?"),
        kind="choice",
        givens={"en": {"reference": "cmn_hans", "language": "cmn_hans", "encodings": (OLD, "cl100k_base", NEW)}},
        choices=lambda g: {
            "more": N_("no: more than one token per character in all of them"),
            "depends": N_("it depends on the encoding: more than one in some, fewer in others"),
            "fewer": N_("no: fewer than one token per character in all of them"),
        },
        truth=_one_each,
        reason=lambda truth, g: Say(
            N_("Tokens per character: {values}. A rule of thumb true for one encoding can be wrong for the next."),
            values=Later(lambda: _(", ").join(f"{name} {n:.2f}" for name, n in _per_character(g).items())),
        ),
    )
)
