"""The two halves of a parallel corpus, and the text a training mix reads.

A tokenizer is trained on one half of the corpus and measured on the other, so that what it learned
by heart from its training text does not count as skill. The split is by unit, the same for every
language: the **training half** holds the units whose number is even, and any unit without a number
(the Declaration's preamble and articles 2, 4, ..., 30), the **held-out half** the odd-numbered ones
(articles 1, 3, ..., 29; lines 1, 3, 5, ... of your own corpus).

A **mix** says how often the trainer reads each language's training half: ``{"eng": 1}`` is English
only; ``{"cmn_hans": 10, "eng": 1}`` reads the Chinese ten times for each English reading (a
tokenizer trained on a web crawl with much Chinese in it sees Chinese words that often). A weight of
2.5 reads the text twice, then its first half of units once more; 0 leaves the language out.

>>> train, test = training_half(), held_out()
>>> list(train["eng"].units)[:3], list(test["eng"].units)[:3]
(['preamble', '2', '4'], ['1', '3', '5'])
>>> texts = mixed_texts({"eng": 1.5, "fra": 0})
>>> len(texts), texts[0] == train["eng"].units["preamble"]
(24, True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .._checks import brief
from .._i18n import _
from ..corpus import Corpus, Language, load_corpus

__all__ = ["training_half", "held_out", "mixed_texts", "check_mix", "MAX_WEIGHT", "MAX_BYTES"]

MAX_WEIGHT = 1_000  # readings of one language: more is a typo, not a mix
MAX_BYTES = 20_000_000  # what one training reads at most (about 10 s on 2 cores)


def _held_out_unit(unit: str) -> bool:
    return unit.isdigit() and int(unit) % 2 == 1


def _half(corpus: Corpus, held: bool) -> Corpus:
    halves = {}
    for code, lang in corpus.items():
        units = {u: text for u, text in lang.units.items() if _held_out_unit(u) == held}
        if not units:
            which = _("held-out") if held else _("training")
            raise ValueError(
                _("{code} has no units for the {which} half: a corpus to split needs at least two lines").format(
                    code=code, which=which
                )
            )
        halves[code] = Language(lang.code, lang.name, lang.script, lang.words, units)
    return Corpus(halves, source=corpus.source)


def _corpus(corpus: Corpus | None) -> Corpus:
    if corpus is None:
        return load_corpus()
    if not isinstance(corpus, Corpus):
        raise TypeError(
            _("corpus is a Corpus (from tokenlab.corpus.load_corpus), not {name}").format(name=type(corpus).__name__)
        )
    return corpus


def training_half(corpus: Corpus | None = None) -> Corpus:
    """The units a tokenizer trains on: the even-numbered ones, and those without a number."""
    return _half(_corpus(corpus), held=False)


def held_out(corpus: Corpus | None = None) -> Corpus:
    """The units a tokenizer is measured on: the odd-numbered ones, never read in training."""
    return _half(_corpus(corpus), held=True)


def check_mix(mix: object, languages: Mapping[str, object]) -> dict[str, float]:
    """``mix`` as {language code: weight}, checked: known codes, finite weights from 0 to MAX_WEIGHT,
    not all 0. ``None`` means every language once."""
    if mix is None:
        return dict.fromkeys(languages, 1.0)
    if not isinstance(mix, Mapping):
        raise TypeError(
            _("mix is a dict of language code to weight, e.g. {{'eng': 1, 'cmn_hans': 5}}; not {name}").format(
                name=type(mix).__name__
            )
        )
    checked: dict[str, float] = {}
    for code, weight in mix.items():
        if not isinstance(code, str) or code not in languages:
            import difflib

            close = difflib.get_close_matches(str(code), list(languages), n=1)
            hint = _(" Did you mean {names}?").format(names=repr(close[0])) if close else ""
            raise ValueError(
                _("the mix names {code}, which the corpus does not have.{hint}").format(code=brief(code), hint=hint)
            )
        if isinstance(weight, bool) or not isinstance(weight, (int, float)):
            raise TypeError(
                _("the weight of {code} is a number, not {name}").format(code=code, name=type(weight).__name__)
            )
        if not (math.isfinite(weight) and 0 <= weight <= MAX_WEIGHT):
            raise ValueError(
                _("the weight of {code} must be from 0 to {high:,}, not {weight}").format(
                    code=code, high=MAX_WEIGHT, weight=brief(weight)
                )
            )
        checked[code] = float(weight)
    if not any(checked.values()):
        raise ValueError(_("the mix reads no text: give at least one language a weight above 0"))
    return checked


def mixed_texts(mix: Mapping[str, float] | None = None, *, corpus: Corpus | None = None) -> list[str]:
    """The training half's units as the trainer reads them under ``mix``, language by language in
    the mix's order: each unit ``int(weight)`` times, then the first units once more for the
    fraction (``0.5``: the first half of them)."""
    half = training_half(corpus)
    weights = check_mix(mix, half)
    plan = []
    for code, weight in weights.items():
        units = list(half[code].units.values())
        whole, fraction = divmod(weight, 1.0)
        plan.append((units, int(whole), round(fraction * len(units))))
    read = sum(
        len(t.encode("utf-8")) * (whole + (i < part)) for units, whole, part in plan for i, t in enumerate(units)
    )
    if read > MAX_BYTES:
        raise ValueError(
            _("this mix reads {read:,} bytes; train on at most {most:,} (lower the weights)").format(
                read=read, most=MAX_BYTES
            )
        )
    texts: list[str] = []
    for units, whole, part in plan:
        texts += units * whole + units[:part]
    return texts
