"""How tokens are made: train a tiny byte-level BPE on a short text and replay its merges.

Byte pair encoding starts from the 256 single bytes and, again and again, merges the pair of
neighbours seen most often into a new token. The training and the encoding here are tiktoken's
own teaching code (``tiktoken._educational``: ``bpe_train`` and ``bpe_encode``); this module
only keeps the merges in order, so that a lesson can step through them, and hands each stage's
tokens to ``Tokens`` so they draw like any other encoding's.

It is for small texts (a paragraph, a few hundred merges): real encodings are trained the same
way on terabytes.

>>> steps = train("low lower lowest", merges=3)
>>> [m.token for m in steps.merges]
[b'lo', b'low', b' low']
>>> [t.text for t in steps.tokenize(after=3)]
['low', ' low', 'e', 'r', ' low', 'e', 's', 't']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .tokens import Tokens

__all__ = ["train", "shown", "Merges", "Merge", "MAX_TEXT", "MAX_MERGES"]

MAX_TEXT = 5_000  # characters a lesson trains on, at most (training time grows with both)
MAX_MERGES = 500


class Merge(NamedTuple):
    """One step of training: ``left`` + ``right`` became ``token`` (its id is ``rank``)."""

    rank: int
    left: bytes
    right: bytes
    token: bytes


class Merges:
    """A tiny BPE trained on ``text``: its merges in order, and the text's tokens after each."""

    def __init__(self, text: str, ranks: dict[bytes, int], pat_str: str) -> None:
        from tiktoken._educational import bpe_encode

        self.text = text
        self.pat_str = pat_str
        self.ranks = ranks
        self.table = [b""] * len(ranks)
        for token, rank in ranks.items():
            self.table[rank] = token
        self.merges: list[Merge] = []
        for rank in range(256, len(ranks)):
            token = self.table[rank]
            # Replaying the merges made before this one splits the new token into its pair.
            before = {t: r for t, r in ranks.items() if r < rank}
            left, right = (self.table[i] for i in bpe_encode(before, token, visualise=None))
            self.merges.append(Merge(rank, left, right, token))

    def __len__(self) -> int:
        return len(self.merges)

    def tokenize(self, *, after: int | None = None) -> Tokens:
        """The text's tokens once the first ``after`` merges are learned (all by default)."""
        import regex
        from tiktoken._educational import bpe_encode

        k = len(self.merges) if after is None else max(0, min(after, len(self.merges)))
        ranks = {t: r for t, r in self.ranks.items() if r < 256 + k}
        ids = [
            i
            for piece in regex.findall(self.pat_str, self.text)
            for i in bpe_encode(ranks, piece.encode("utf-8"), visualise=None)
        ]
        return Tokens(self.text, f"toy BPE after {k} merges", ids, table=self.table)

    def __repr__(self) -> str:
        return f"<Merges: {len(self.merges)} merges learned from {len(self.text)} characters>"


def train(text: str, merges: int = 20, *, encoding: str = "cl100k_base") -> Merges:
    """Train a byte-level BPE on ``text`` with up to ``merges`` merges.

    The text is first split with ``encoding``'s regex pattern, as real tokenizers do, so no token
    crosses a word boundary. Training stops early when no pair is left to merge.
    """
    from tiktoken._educational import bpe_train

    from . import registry

    if not isinstance(text, str) or not text:
        raise ValueError("train needs some text to learn from")
    if len(text) > MAX_TEXT:
        raise ValueError(f"train on at most {MAX_TEXT:,} characters (this text has {len(text):,})")
    if not 0 <= merges <= MAX_MERGES:
        raise ValueError(f"merges must be between 0 and {MAX_MERGES}")
    pat_str = registry.get_encoding(encoding)._pat_str
    ranks = _train_at_most(text, merges, pat_str, bpe_train)
    return Merges(text, ranks, pat_str)


def _train_at_most(
    text: str, merges: int, pat_str: str, bpe_train: Callable[..., dict[bytes, int]]
) -> dict[bytes, int]:
    # bpe_train fails (max() of nothing) once every word is one token: then find, by bisection,
    # the most merges this text allows.
    low, high = 0, merges
    try:
        return bpe_train(text, 256 + merges, pat_str, visualise=None)
    except ValueError:
        pass
    best = bpe_train(text, 256, pat_str, visualise=None)
    while low < high - 1:
        mid = (low + high) // 2
        try:
            best, low = bpe_train(text, 256 + mid, pat_str, visualise=None), mid
        except ValueError:
            high = mid
    return best


def shown(raw: bytes) -> str:
    """A token's bytes as a student reads them: its text in quotes, with spaces as ``·`` and bytes
    that are only part of a character as ``⟨e4 bd⟩``.

    >>> shown(b" low"), shown(b"\\xe4\\xbd")
    ("'·low'", "'⟨e4 bd⟩'")
    """
    import re

    from ._encode import readable
    from ._visible import plain

    marked = re.sub(r"⟨[0-9a-f ]+⟩|[^⟨]+", lambda m: m[0] if m[0].startswith("⟨") else plain(m[0]), readable(raw))
    return "'" + marked + "'"
