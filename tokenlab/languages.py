"""The token premium: how many more tokens the same content costs in one language than another.

For each language of a parallel corpus, ``premiums`` counts characters, UTF-8 bytes, words and
tokens under each encoding, and the premium: the language's tokens divided by the reference
language's tokens over the same units (a ratio of totals, as Petrov et al. 2023, "Language Model
Tokenizers Introduce Unfairness Between Languages", measure it). Text is NFC-normalized and
encoded as ordinary text.

Words are counted where whitespace separates them; Chinese, Japanese and Thai need a segmenter
(``pip install tokenlab[words]``: jieba, janome, pythainlp), Amharic splits at ``፡`` too, and for
scripts with no segmenter here the count is empty; the ``words_by`` column says how each was
counted (``words_note`` says it in words).

The bundled corpus never changes, so its counts were made when it was built (tokens of every unit
under every encoding, words by the segmenters: ``data/udhr/counts.json.gz``, by
``scripts/build_udhr_counts.py``, checked against live counts by the tests). A text the same as
the bundled one uses them, so the premium table loads no encoding and no segmenter; any other text
is counted live.

>>> table = premiums(encodings=["o200k_base"])
>>> float(table.loc["eng", "o200k_base premium"])
1.0
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from . import registry
from ._compat import second_positional
from ._i18n import N_, _
from ._look import Look
from .corpus import Corpus, Language, load_corpus
from .tokens import count

if TYPE_CHECKING:
    from . import _table

__all__ = ["premiums", "count_words", "words_note", "MEASURES"]

MEASURES = ("tokens", "tokens/char", "tokens/byte", "tokens/word", "premium")

_WORD = re.compile(r"\w")


@second_positional("encodings")
def premiums(
    corpus: Corpus | None = None,
    *,
    encodings: Sequence[str] = registry.GENERATIONS,
    reference: str = "eng",
) -> _table.Table:
    """One row per language: its size in characters, bytes, words and tokens, and its premium.

    For each encoding (names of encodings or models) there are columns ``"<encoding> tokens"``,
    ``"... tokens/char"``, ``"... tokens/byte"``, ``"... tokens/word"`` and ``"... premium"``. Rows
    are sorted by the premium under the last encoding, cheapest first. The ``name`` and ``script``
    columns are in the language tokenlab speaks (``set_language``); the index holds the codes.
    Shown in a notebook, headers are words in that language too, and a missing value is a dash.
    """
    import pandas as pd

    corpus = load_corpus() if corpus is None else corpus
    if isinstance(encodings, str):
        encodings = [encodings]
    names = [registry.resolve(e) for e in encodings]
    if not names:
        raise ValueError(_("premiums needs at least one encoding"))
    ref = corpus[reference]
    langs = list(corpus.values())
    # Each language is compared with the reference over the units both have.
    shared = [[u for u in lang.units if u in ref.units] for lang in langs]
    rows: dict[str, dict[str, Any]] = {}
    for lang, units in zip(langs, shared, strict=True):
        words, words_by = count_words(lang, units)
        rows[lang.code] = {
            "name": lang.local_name,
            "script": lang.local_script,
            "units": len(units),
            "characters": sum(len(lang.units[u]) for u in units),
            "bytes": sum(len(lang.units[u].encode("utf-8")) for u in units),
            "words": words,
            "words_by": words_by,
        }
    for name in names:
        ref_counts = _unit_tokens(name, ref)
        for lang, units in zip(langs, shared, strict=True):
            counts = ref_counts if lang is ref else _unit_tokens(name, lang)
            tokens = sum(counts[u] for u in units)
            row = rows[lang.code]
            row[f"{name} tokens"] = tokens
            row[f"{name} tokens/char"] = tokens / row["characters"]
            row[f"{name} tokens/byte"] = tokens / row["bytes"]
            row[f"{name} tokens/word"] = tokens / row["words"] if row["words"] else None
            row[f"{name} premium"] = tokens / sum(ref_counts[u] for u in units)
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "code"
    frame["words"] = frame["words"].astype("Int64")
    for name in names:
        frame[f"{name} tokens/word"] = frame[f"{name} tokens/word"].astype("Float64")
    from . import _table

    look = dataclasses.replace(LOOK, caption_args={"reference": ref.local_name})
    return _table.table(frame.sort_values(f"{names[-1]} premium", kind="stable"), look)


# How the premium table shows itself: its columns stay codes, its headers are words.
LOOK = Look(
    columns={
        "name": N_("language"),
        "script": N_("script"),
        "units": N_("passages"),
        "characters": N_("characters"),
        "bytes": N_("UTF-8 bytes"),
        "words": N_("words"),
        "words_by": N_("words counted by"),
    },
    patterns={
        r"(.+) tokens": N_("{0} tokens"),
        r"(.+) tokens/char": N_("{0} tokens per character"),
        r"(.+) tokens/byte": N_("{0} tokens per byte"),
        r"(.+) tokens/word": N_("{0} tokens per word"),
        r"(.+) premium": N_("{0} premium"),
    },
    index=N_("code"),
    values={
        "words_by": {
            "spaces": N_("spaces"),
            "ethiopic": N_("spaces and ፡"),
            "none": N_("no segmenter"),
            "missing": N_("segmenter not installed"),
        }
    },
    missing={"words": N_("not counted")},
    caption=N_("Premium: a language's tokens divided by {reference}'s, for the same passages"),
)


def count_words(language: Language, units: Sequence[str] | None = None) -> tuple[int | None, str]:
    """How many words ``language`` has in ``units`` (all by default), and how they were found: a
    code (see ``words_note``). The count is None where words cannot be counted.
    """
    text = "\n".join(language.units[u] for u in (language.units if units is None else units))
    return _count_words(language.words, text)


def words_note(words_by: str, name: str = "") -> str:
    """What a ``words_by`` code means, in the language in use (``name``: the language's name)."""
    notes = {
        "spaces": _("words are the pieces between spaces"),
        "ethiopic": _("words split at spaces and ፡ (Ethiopic wordspace)"),
        "none": _("{name} does not separate words with spaces, and tokenlab has no segmenter for it"),
        "missing": _("{name} does not separate words with spaces; install a segmenter: pip install tokenlab[words]"),
    }
    return notes.get(words_by, _("words found by {segmenter}")).format(name=name or "?", segmenter=words_by)


def _unit_tokens(name: str, language: Language) -> dict[str, int]:
    """Tokens of each unit of ``language`` under encoding ``name``: made when the corpus was built
    where the unit's text is the bundled one, counted live (once per call) elsewhere."""
    known: dict[str, int] = _made_at_build()["tokens"].get(name, {}).get(language.code, {})
    if known:
        bundled = load_corpus().languages.get(language.code)
        same = bundled.units if bundled is not None else {}
        known = {u: n for u, n in known.items() if u in language.units and language.units[u] == same.get(u)}
    counts = {}
    for unit, text in language.units.items():
        n = known.get(unit)
        if n is None:
            # One call per unit: tiktoken's threaded batch is slower on texts this short. count(),
            # not encode_ordinary: a line of your own corpus may be a run of whitespace long
            # enough to overflow tiktoken's Rust regex.
            n = count(text, encoding=name)
        counts[unit] = n
    return counts


@functools.lru_cache(maxsize=512)  # segmenting is slow, and lessons ask for the same texts again
def _count_words(mode: str, text: str) -> tuple[int | None, str]:
    if mode == "space":
        return len(text.split()), "spaces"
    if mode == "ethiopic":
        return len(re.split(r"[\s፡]+", text.strip(" \n፡"))), "ethiopic"
    if mode == "none":
        return None, "none"
    known = _made_at_build()["words"].get(mode, {}).get(hashlib.sha256(text.encode("utf-8")).hexdigest())
    if known is not None:  # a text of the bundled corpus: segmented when it was built
        return known, mode
    return _segment_count(mode, text)


def _segment_count(mode: str, text: str) -> tuple[int | None, str]:
    """Words of ``text`` found by the segmenter ``mode``, live."""
    segments = _segmenter(mode)
    if segments is None:
        return None, "missing"
    return sum(1 for piece in segments(text) if _WORD.search(piece)), mode


_MADE_AT_BUILD: dict[str, Any] = {}


def _made_at_build() -> dict[str, Any]:
    """The bundled corpus's counts, made when it was built: ``tokens[encoding][language][unit]``
    and ``words[segmenter][sha256 of the text]``."""
    if not _MADE_AT_BUILD:
        import json

        from ._shipped import verified

        _MADE_AT_BUILD.update(json.loads(verified("udhr", "counts.json.gz")))
    return _MADE_AT_BUILD


_SEGMENTERS: dict[str, Callable[[str], list[str]] | None] = {}


def _segmenter(name: str) -> Callable[[str], list[str]] | None:
    """A function text -> word pieces, from an optional package, or None if it is not installed."""
    if name not in _SEGMENTERS:
        try:
            if name == "jieba":
                import jieba

                jieba.setLogLevel(60)
                _SEGMENTERS[name] = lambda text: jieba.lcut(text)
            elif name == "janome":
                from janome.tokenizer import Tokenizer

                tokenizer = Tokenizer()
                _SEGMENTERS[name] = lambda text: [str(piece) for piece in tokenizer.tokenize(text, wakati=True)]
            elif name == "pythainlp":
                from pythainlp.tokenize import word_tokenize

                _SEGMENTERS[name] = lambda text: word_tokenize(text, engine="newmm")
            else:
                _SEGMENTERS[name] = None
        except ImportError:
            _SEGMENTERS[name] = None
    return _SEGMENTERS[name]
