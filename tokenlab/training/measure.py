"""Measuring a tokenizer on the held-out half: each language's premium, and compression.

The premium is computed as ``languages.premiums`` computes it (a language's tokens over the
reference language's, on the units both have), on the held-out half only, and without counting
words (segmenting Chinese, Japanese and Thai takes seconds; a widget retrains in less).

>>> table = held_out_premiums(["o200k_base"], languages=["eng", "cmn_hans"])
>>> list(table.columns), float(table.loc["eng", "o200k_base premium"])
(['name', 'script', 'units', 'bytes', 'o200k_base tokens', 'o200k_base premium'], 1.0)

The table keeps codes; shown, its headers are words in the language in use (``languages.LOOK``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .. import registry
from .._i18n import N_, _
from ..corpus import Corpus
from .halves import held_out

if TYPE_CHECKING:
    from .._table import Table

__all__ = ["held_out_premiums", "premiums_with", "bytes_per_token"]


def held_out_premiums(
    encodings: Sequence[str],
    *,
    corpus: Corpus | None = None,
    languages: Sequence[str] | None = None,
    reference: str = "eng",
) -> Table:
    """One row per language of the held-out half: its bytes and, for each encoding (a name, yours
    or a shipped one), its tokens and premium. Sorted by the premium under the last encoding."""
    import pandas as pd

    from ..tokens import count

    if isinstance(encodings, str):
        encodings = [encodings]
    names = [registry.resolve(e) for e in encodings]
    if not names:
        raise ValueError(_("premiums needs at least one encoding"))
    test = held_out(corpus)
    codes = list(test) if languages is None else [test[code].code for code in languages]
    columns = {}
    for name in names:

        def tokens_of(text: str, name: str = name) -> int:
            return count(text, encoding=name)

        columns[name] = premiums_with(tokens_of, test, codes, reference)
    rows = {}
    for code in codes:
        lang = test[code]
        shared = [unit for unit in lang.units if unit in test[reference].units]
        rows[code] = {"name": lang.local_name, "script": lang.local_script, "units": len(shared)}
        rows[code]["bytes"] = sum(len(lang.units[unit].encode("utf-8")) for unit in shared)
        for name in names:
            rows[code][f"{name} tokens"], rows[code][f"{name} premium"] = columns[name][code]
    import dataclasses

    from .. import _table
    from ..languages import LOOK

    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "code"
    look = dataclasses.replace(
        LOOK,
        caption=_HELD_OUT_CAPTION,
        caption_args={"reference": test[reference].local_name},
    )
    return _table.table(table.sort_values(f"{names[-1]} premium", kind="stable"), look)


_HELD_OUT_CAPTION = N_(
    "Premium on the held-out half: a language's tokens divided by {reference}'s, for the same articles"
)


def premiums_with(
    tokens_of: Callable[[str], int], test: Corpus, codes: Sequence[str], reference: str
) -> dict[str, tuple[int, float]]:
    """Each language's (tokens, premium) on ``test``, counting with ``tokens_of``."""
    ref = test[reference].units
    ref_tokens = {unit: tokens_of(text) for unit, text in ref.items()}
    out = {}
    for code in codes:
        units = test[code].units
        shared = [unit for unit in units if unit in ref]
        tokens = sum(tokens_of(units[unit]) for unit in shared)
        out[code] = (tokens, tokens / sum(ref_tokens[u] for u in shared))
    return out


def bytes_per_token(count_batch: Callable[[list[str]], int], texts: Sequence[str]) -> float:
    """Compression: the texts' UTF-8 bytes divided by their tokens (``count_batch`` counts all)."""
    return sum(len(text.encode("utf-8")) for text in texts) / max(1, count_batch(list(texts)))
