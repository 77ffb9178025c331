"""Lesson 09, build a tokenizer: its exercises (write BPE's two functions, checked by
``training.check_bpe``; a school's English-and-Chinese mix, as homework) and its predictions (the
first merge, what a bigger vocabulary buys on text never seen, an English-only tokenizer's premium
for Chinese, and a character SentencePiece never saw).

The truths are computed by training, as the lesson does: deterministic, a second or two each, and
measured once per process.
"""

from __future__ import annotations

import functools
from typing import Any

from .._i18n import N_
from ._answers import Unreadable, number_of
from ._say import Say, quoted
from .exercise import Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

# --- Exercise: write BPE yourself ----------------------------------------------------------------------

BPE_SOLUTION = """def count_pairs(ids):
    counts = {}
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids, pair, new_id):
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out
"""


def check_bpe_functions(answer: dict[str, Any], givens: dict[str, Any]) -> Say:
    from ..training import check_bpe
    from ..training.exercise import shown_value

    for name in ("count_pairs", "merge"):
        if not callable(answer[name]):
            raise Unreadable(
                Say(N_("{name} is a function (def {name}...), not {value}"), name=name, value=quoted(answer[name]))
            )
    result = check_bpe(answer["count_pairs"], answer["merge"])
    if result.passed:
        return Say(
            N_(
                "Both functions are right: the same merges as tokenlab's BPE, and the same ids as tiktoken on "
                "{n} texts."
            ),
            n=result.texts,
        )
    if result.expected is None and result.got is None:
        raise Wrong(Say(N_("{said}"), said=result.message), result.mistake)
    raise Wrong(
        Say(
            N_("{said}. Expected {expected}; your code gave {got}."),
            said=result.message.rstrip("."),
            expected=shown_value(result.expected),
            got=shown_value(result.got),
        ),
        result.mistake,
    )


define(
    Spec(
        id="09.bpe",
        title=N_("Write BPE's two functions: count the pairs, merge one"),
        prompt=N_(
            "Write count_pairs(ids), how often each pair of neighbours occurs, in the order pairs first appear, and "
            "merge(ids, pair, new_id), every occurrence of pair, left to right, replaced by new_id. The check runs "
            "them on small cases, trains with them against tokenlab's BPE, and encodes texts in twelve languages "
            "against tiktoken."
        ),
        parts=parts(
            ("count_pairs", N_("your function count_pairs(ids)")),
            ("merge", N_("your function merge(ids, pair, new_id)")),
        ),
        givens={"en": {}},
        check=check_bpe_functions,
        hint=N_(
            "count_pairs: go over zip(ids, ids[1:]) and add 1 to counts[pair] (counts.get(pair, 0) + 1). merge: walk "
            "with an index i; where ids[i], ids[i + 1] is the pair, append new_id and move on 2, else append ids[i] "
            "and move on 1."
        ),
        mistakes={
            "count-neighbours": N_(
                "Count every pair (ids[i], ids[i + 1]) for i from 0 to len(ids) - 2: zip(ids, ids[1:]) gives them."
            ),
            "count-empty": N_("Fill the dict in the loop: counts[pair] = counts.get(pair, 0) + 1, then return counts."),
            "count-overlap": N_("Counting does not skip: in 5 5 5 both (5, 5) at 0 and (5, 5) at 1 count."),
            "count-single": N_("With fewer than two ids there is no pair: the dict stays empty."),
            "count-order": N_(
                "Keep the order pairs first appear in: a plain dict filled left to right does it; do not sort by count "
                "(Counter.most_common() does)."
            ),
            "merge-last": N_("When the last id is not the start of the pair, append it too: nothing is lost."),
            "merge-skip": N_("After merging ids[i] and ids[i + 1], go on from i + 2, not i + 1."),
            "merge-every": N_("Do not stop after the first occurrence: walk the whole list."),
            "merge-order": N_("(a, b) and (b, a) are different pairs: compare (ids[i], ids[i + 1]) == pair."),
            "no-return": N_("End the function with return: count_pairs returns the dict, merge the new list."),
            "wrong-type": N_("count_pairs returns a dict {{pair: count}}; merge returns a list of ids."),
            "raised": N_("Run your function on the case shown, in a cell of its own, to see where it fails."),
            "training": N_(
                "Your functions pass the small cases but train differently: check count_pairs on a long list, "
                "and that merge replaces every occurrence."
            ),
            "encoding": N_("Encode the text shown with encode_word and compare with tiktoken, piece by piece."),
        },
        explain=N_(
            "count_pairs fills a dict left to right over the pairs of neighbours; merge walks the list and, where the "
            "pair starts, writes new_id and skips both ids."
        ),
        solution=BPE_SOLUTION,
        seconds=60,
    )
)

# --- Exercise (homework): a school's mix of English and Chinese ----------------------------------------


def _trained(mix: tuple[tuple[str, float], ...], vocab_size: int) -> Any:
    """A byte-level BPE trained as ``training.train_bpe`` trains it, but not registered: a check's own."""
    from .. import registry
    from ..training import mixed_texts
    from ..training.bpe import learn_merges
    from ..training.trained import TrainedEncoding

    pattern = registry.encoding_info("o200k_base").pattern
    merges = learn_merges(mixed_texts(dict(mix)), vocab_size, pattern)
    return TrainedEncoding("check09", pattern=pattern, merges=merges, trained={})


def _tokens_of(encoding: Any) -> Any:
    return lambda text: len(encoding.encode_ordinary(text))


WEIGHTS = (0.25, 0.5, 1, 2, 4)


@functools.cache
def _school(weights: tuple[float, ...], vocab_size: int) -> dict[float, tuple[float, int]]:
    """For each weight of Chinese (English read once): Chinese's held-out premium and English's held-out tokens."""
    from ..training import held_out
    from ..training.measure import premiums_with

    out = {}
    for weight in weights:
        encoding = _trained((("eng", 1), ("cmn_hans", weight)), vocab_size)
        measured = premiums_with(_tokens_of(encoding), held_out(), ["eng", "cmn_hans"], "eng")
        out[weight] = (measured["cmn_hans"][1], measured["eng"][0])
    return out


def _premiums(g: dict[str, Any]) -> dict[float, float]:
    return {w: p for w, (p, _tokens) in _school(tuple(g["weights"]), g["vocab_size"]).items()}


def _closest(premiums: dict[float, float]) -> float:
    return min(premiums, key=lambda w: abs(premiums[w] - 1))


def check_school(answer: dict[str, Any], givens: dict[str, Any]) -> Say:
    truth = _premiums(givens)
    given = answer["premiums"]
    if not isinstance(given, dict):
        raise Unreadable(
            Say(
                N_("premiums is a dict of weight -> premium, such as {example}; not {value}"),
                example="{0.25: 1.03}",
                value=quoted(given),
            )
        )
    read = {number_of(k, "a key of premiums"): number_of(v, f"premiums[{k!r}]") for k, v in given.items()}
    for weight, premium in truth.items():
        if weight not in read:
            raise Wrong(
                Say(N_("premiums has no weight {weight:g}: train one tokenizer per weight."), weight=weight), "weights"
            )
        if abs(read[weight] - premium) > 0.015:
            if premium and abs(read[weight] - 1 / premium) <= 0.015:
                raise Wrong(
                    Say(
                        N_(
                            "at weight {weight:g} you give English's tokens over Chinese's; the premium is "
                            "Chinese's over English's."
                        ),
                        weight=weight,
                    ),
                    "upside-down",
                )
            raise Wrong(
                Say(
                    N_(
                        "at weight {weight:g}, Chinese's held-out premium is not {value:.2f} with "
                        "{size:,}-token tokenizers."
                    ),
                    weight=weight,
                    value=read[weight],
                    size=givens["vocab_size"],
                ),
                "premium",
            )
    best = number_of(answer["best"], "best")
    right = _closest(truth)
    if best != right:
        lowest = min(truth, key=truth.__getitem__)
        mistake = "lowest" if best == lowest else "closest"
        raise Wrong(
            Say(
                N_("{best:g} gives {premium:.2f}; {right:g} gives {closest:.2f}, closer to 1."),
                best=best,
                premium=truth.get(best, float("nan")),
                right=right,
                closest=truth[right],
            ),
            mistake,
        )
    school = _school(tuple(givens["weights"]), givens["vocab_size"])
    first, last = min(school), max(school)
    return Say(
        N_(
            "Closest to 1: {best:g} ({premium:.2f}). Read more Chinese and its premium keeps falling, while English, "
            "with the same vocabulary, pays: {eng_first:,} held-out tokens at {first:g}, {eng_last:,} at {last:g}."
        ),
        best=right,
        premium=truth[right],
        eng_first=school[first][1],
        first=first,
        eng_last=school[last][1],
        last=last,
    )


define(
    Spec(
        id="09.mix",
        title=N_("A school's mix: English and Chinese at the same price"),
        prompt=N_(
            "A school writes only English and Chinese. Train 1,000-token tokenizers on the English and Chinese "
            "training halves, reading Chinese 0.25, 0.5, 1, 2 and 4 times for each English reading. Which weight "
            "brings Chinese's premium on the held-out half closest to 1?"
        ),
        parts=parts(
            ("premiums", N_("a dict: weight -> Chinese's held-out premium")),
            ("best", N_("the weight whose premium is closest to 1")),
        ),
        givens={"en": {"weights": WEIGHTS, "vocab_size": 1000}},
        check=check_school,
        hint=N_(
            "For each weight: training.train_bpe(1000, mix={{'eng': 1, 'cmn_hans': weight}}, name=...), then "
            "training.held_out_premiums([name], languages=['eng', 'cmn_hans']); best is the weight whose premium is "
            "nearest 1: min(premiums, key=lambda w: abs(premiums[w] - 1))."
        ),
        mistakes={
            "weights": N_("Use the weights 0.25, 0.5, 1, 2 and 4 as the dict's keys."),
            "upside-down": N_("A premium is the language's tokens divided by English's: read the cmn_hans row."),
            "premium": N_(
                "Train with 1,000 tokens and the mix {{'eng': 1, 'cmn_hans': weight}}; read the cmn_hans row's premium."
            ),
            "lowest": N_("The question is the premium closest to 1, not the lowest: abs(premium - 1)."),
            "closest": N_("Compare abs(premium - 1) for each weight and take the smallest."),
        },
        explain=N_(
            "Train one tokenizer per weight, measure Chinese's premium on the held-out half, and take the weight "
            "whose premium is closest to 1."
        ),
        solution=(
            "from tokenlab import training\n\n"
            "premiums = {}\n"
            "for weight in [0.25, 0.5, 1, 2, 4]:\n"
            '    name = f"school_{weight}"\n'
            '    training.train_bpe(1000, mix={"eng": 1, "cmn_hans": weight}, name=name)\n'
            '    table = training.held_out_premiums([name], languages=["eng", "cmn_hans"])\n'
            '    premiums[weight] = table.loc["cmn_hans", f"{name} premium"]\n'
            "best = min(premiums, key=lambda weight: abs(premiums[weight] - 1))\n"
        ),
        truth=lambda g: {"premiums": {w: round(p, 2) for w, p in _premiums(g).items()}, "best": _closest(_premiums(g))},
    )
)

# --- Predictions ---------------------------------------------------------------------------------------


@functools.cache
def _first_merge() -> bytes:
    from .. import registry
    from ..training import mixed_texts
    from ..training.bpe import learn_merges

    merges = learn_merges(mixed_texts(), 257, registry.encoding_info("o200k_base").pattern)
    left, right = merges[0]
    return bytes([left, right])


def _first_kind(g: dict[str, Any]) -> str:
    pair = _first_merge()
    if pair == b"th":
        return "th"
    if pair[:1] == b" " and chr(pair[1]).isalpha() and pair[1] < 128:
        return "space-letter"
    return "other"


def _first_reason(truth: Any, g: dict[str, Any]) -> Say:
    from ..bpe import shown
    from ..training import training_half

    pair = _first_merge()
    half = training_half()
    found = {code: sum(t.encode("utf-8").count(pair) for t in half[code].units.values()) for code in half}
    top = sorted(found, key=found.__getitem__, reverse=True)[:2]
    size = {code: sum(len(t.encode("utf-8")) for t in half[code].units.values()) for code in ("eng", "mya")}
    return Say(
        N_(
            "{pair}: {n:,} times in the training half, mostly in {first} ({a:,}) and {second} ({b:,}). The trainer "
            "counts bytes, and the same articles take Burmese {mya:,} bytes, English {eng:,}."
        ),
        pair=shown(pair),
        n=sum(found.values()),
        first=half[top[0]].local_name,
        a=found[top[0]],
        second=half[top[1]].local_name,
        b=found[top[1]],
        mya=size["mya"],
        eng=size["eng"],
    )


define_prediction(
    PredictionSpec(
        id="09.first-merge",
        question=N_("Training starts from the 256 bytes. Which pair does it merge first?"),
        kind="choice",
        givens={"en": {}},
        choices=lambda g: {
            "th": N_("an English pair such as t + h"),
            "space-letter": N_("a space and a letter"),
            "other": N_("something else"),
        },
        truth=_first_kind,
        reason=_first_reason,
    )
)


def _gains(g: dict[str, Any]) -> tuple[Any, ...]:
    from ..training import sweep

    table = sweep(list(g["sizes"]), languages=list(g["languages"]))
    first, last = table.index[0], table.index[-1]
    t0, t1 = table.loc[first, "training bytes/token"], table.loc[last, "training bytes/token"]
    h0, h1 = table.loc[first, "held-out bytes/token"], table.loc[last, "held-out bytes/token"]
    return first, last, float(t0), float(t1), float(h0), float(h1)


def _held_out_kind(g: dict[str, Any]) -> str:
    _first, _last, t0, t1, h0, h1 = _gains(g)
    if h1 / h0 < 0.95 * t1 / t0:
        return "less"
    return "more" if h1 / h0 > 1.05 * t1 / t0 else "as-much"


define_prediction(
    PredictionSpec(
        id="09.held-out",
        question=N_(
            "From {first:,} to {last:,} tokens, will a bigger vocabulary compress the held-out half as much as "
            "the training half?"
        ),
        kind="choice",
        givens={"en": {"sizes": (500, 16000), "languages": ("eng",)}},
        words=lambda g: {"first": min(g["sizes"]), "last": max(g["sizes"])},
        choices=lambda g: {
            "as-much": N_("yes, about as much"),
            "less": N_("no, the held-out half gains less"),
            "more": N_("no, the held-out half gains more"),
        },
        truth=_held_out_kind,
        reason=lambda truth, g: Say(
            N_(
                "bytes per token from {first:,} to {last:,} tokens: training half {t0:.2f} → {t1:.2f}, held-out half "
                "{h0:.2f} → {h1:.2f}. Past a point the new tokens are pieces of the articles read, which the others "
                "rarely repeat."
            ),
            **dict(zip(("first", "last", "t0", "t1", "h0", "h1"), _gains(g), strict=True)),
        ),
    )
)


@functools.cache
def _english_only(vocab_size: int, languages: tuple[str, ...]) -> dict[str, float]:
    from ..training import held_out
    from ..training.measure import premiums_with

    encoding = _trained((("eng", 1),), vocab_size)
    measured = premiums_with(_tokens_of(encoding), held_out(), list(languages), "eng")
    return {code: premium for code, (_tokens, premium) in measured.items()}


define_prediction(
    PredictionSpec(
        id="09.english-only",
        question=N_(
            "A tokenizer of {vocab_size:,} tokens trained on English only: how many times English's tokens does "
            "Chinese need on the held-out half?"
        ),
        kind="number",
        unit="times",
        within=0.25,
        givens={"en": {"vocab_size": 8000}},
        truth=lambda g: round(_english_only(g["vocab_size"], ("cmn_hans", "hin"))["cmn_hans"], 2),
        reason=lambda truth, g: Say(
            N_(
                "Chinese {zh:.2f}, Hindi {hi:.2f}: what the tokenizer never read is written with bare bytes. A Chinese "
                "character is 3 bytes; a Hindi syllable often 6 to 12."
            ),
            zh=_english_only(g["vocab_size"], ("cmn_hans", "hin"))["cmn_hans"],
            hi=_english_only(g["vocab_size"], ("cmn_hans", "hin"))["hin"],
        ),
    )
)


@functools.cache
def _unseen(text: str, vocab_size: int) -> tuple[int, int, str]:
    """SentencePiece's tokens (byte fallback) and byte-level BPE's, for ``text``, trained on English and Chinese."""
    from .. import registry
    from ..bpe import shown
    from ..training import train_sentencepiece

    mix = {"cmn_hans": 1, "eng": 1}
    sp = train_sentencepiece(vocab_size, mix=mix, name="check09_sp")
    try:
        sp_tokens = len(sp.encode_ordinary(text))
    finally:
        registry.unregister("check09_sp")
    bpe = _trained(tuple(mix.items()), vocab_size)
    ids = bpe.encode_ordinary(text)
    return sp_tokens, len(ids), " ".join(shown(bpe.decode_single_token_bytes(i)) for i in ids)


define_prediction(
    PredictionSpec(
        id="09.unseen",
        question=N_(
            "{text}: two characters the tokenizers never saw. How many tokens does SentencePiece with byte fallback "
            "give it?"
        ),
        kind="number",
        unit="token",
        givens={"en": {"text": "医疗", "vocab_size": 1000}},
        truth=lambda g: _unseen(g["text"], g["vocab_size"])[0],
        reason=lambda truth, g: Say(
            N_(
                "each character it never saw becomes its UTF-8 bytes, one token each. The byte-level BPE needs "
                "{bpe} ({pieces}): it learned byte pairs from other characters that start with the same bytes."
            ),
            bpe=_unseen(g["text"], g["vocab_size"])[1],
            pieces=_unseen(g["text"], g["vocab_size"])[2],
        ),
    )
)
