"""Train at several vocabulary sizes and measure each tokenizer on text it saw and text it did not.

For each size, ``sweep`` trains a byte-level BPE on the training half (``train_bpe``) and measures:

- **compression**, in bytes per token, on the training half and on the held-out half. The two stay
  close while the tokenizer learns patterns of the languages; when it starts to learn its training
  text by heart, the training half gains and the held-out half does not;
- each language's **premium** on the held-out half: its tokens divided by the reference language's
  for the same units, as ``languages.premiums`` measures it.

The tokenizers are measured, not kept or registered (train one with ``train_bpe`` to use it).

>>> table = sweep([300, 1000], mix={"eng": 1, "cmn_hans": 1}, languages=["eng", "cmn_hans"])
>>> list(table.columns)  # doctest: +NORMALIZE_WHITESPACE
['learned', 'seconds', 'training bytes/token', 'held-out bytes/token', 'eng premium', 'cmn_hans premium']
>>> bool(table.loc[1000, "held-out bytes/token"] > table.loc[300, "held-out bytes/token"])
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .._i18n import N_, _
from .._look import Look
from ..corpus import Corpus
from .halves import held_out, training_half
from .measure import bytes_per_token, premiums_with
from .trained import TrainedEncoding

if TYPE_CHECKING:
    from .._table import Table

__all__ = ["sweep", "MAX_SIZES"]

MAX_SIZES = 12  # trainings in one sweep


def sweep(
    vocab_sizes: Sequence[int],
    *,
    mix: Mapping[str, float] | None = None,
    corpus: Corpus | None = None,
    languages: Sequence[str] | None = None,
    reference: str = "eng",
    pattern: str = "o200k_base",
) -> Table:
    """One row per vocabulary size asked: tokens learned, seconds, bytes per token on each half,
    and each of ``languages``' premium on the held-out half (every language of the corpus by default)."""
    import pandas as pd

    from .bpe import checked_vocab_size, learn_merges
    from .halves import check_mix, mixed_texts

    if isinstance(vocab_sizes, (str, int)) or not isinstance(vocab_sizes, Sequence):
        raise TypeError(_("vocab_sizes is a list of sizes, e.g. [500, 1000, 4000]"))
    if not 0 < len(vocab_sizes) <= MAX_SIZES:
        raise ValueError(_("sweep takes 1 to {most} vocabulary sizes").format(most=MAX_SIZES))
    sizes = [checked_vocab_size(size) for size in vocab_sizes]
    train, test = training_half(corpus), held_out(corpus)
    codes = list(test) if languages is None else [test[code].code for code in languages]
    test[reference]  # a clear error for an unknown reference
    weights = check_mix(mix, train)
    # Training is deterministic: the same sweep of the bundled corpus is measured once per process
    # (a prediction's reveal asks again what the lesson's cell just measured).
    key = (tuple(sizes), tuple(weights.items()), tuple(codes), reference, pattern) if corpus is None else None
    if key is not None and key in _MEASURED:
        return _MEASURED[key].copy()
    readings = mixed_texts(weights, corpus=corpus)
    read = [code for code, weight in weights.items() if weight > 0]
    seen = [text for code in read for text in train[code].units.values()]
    unseen = [text for code in read for text in test[code].units.values()]
    pattern_str = _pattern(pattern)
    rows = {}
    for size in sizes:
        import time

        start = time.perf_counter()
        merges = learn_merges(readings, size, pattern_str)
        seconds = time.perf_counter() - start
        encoding = TrainedEncoding("sweep", pattern=pattern_str, merges=merges, trained={})

        def batch(texts: list[str], encoding: TrainedEncoding = encoding) -> int:
            return sum(map(len, encoding.encode_ordinary_batch(texts, num_threads=2)))

        def tokens_of(text: str, encoding: TrainedEncoding = encoding) -> int:
            return len(encoding.encode_ordinary(text))

        row: dict[str, float] = {
            "learned": 256 + len(merges),
            "seconds": round(seconds, 2),
            "training bytes/token": bytes_per_token(batch, seen),
            "held-out bytes/token": bytes_per_token(batch, unseen),
        }
        measured = premiums_with(tokens_of, test, codes, reference)
        for code in codes:
            row[f"{code} premium"] = measured[code][1]
        rows[size] = row
    from .. import _table

    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "vocab_size"
    table["learned"] = table["learned"].astype(int)
    shown = _table.table(table, LOOK)
    if key is not None:
        _MEASURED[key] = shown.copy()
    return shown


_MEASURED: dict[tuple[object, ...], Table] = {}


# How a sweep shows itself: its columns stay codes, its headers are words in the language in use.
LOOK = Look(
    columns={
        "learned": N_("tokens learned"),
        "seconds": N_("seconds"),
        "training bytes/token": N_("bytes per token, training half"),
        "held-out bytes/token": N_("bytes per token, held-out half"),
    },
    patterns={r"(.+) premium": N_("{0} premium")},
    index=N_("vocabulary size asked"),
)


def _pattern(name: str) -> str:
    from .. import registry

    info = registry.encoding_info(name)
    if info.splits != 1:
        raise ValueError(_("train with a one-regex encoding's pattern, e.g. o200k_base; not {name}").format(name=name))
    return info.pattern
