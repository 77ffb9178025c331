"""How tokens are made: train a tiny byte-level BPE on a short text and replay its merges.

Byte pair encoding starts from the 256 single bytes and, again and again, merges the pair of
neighbours seen most often into a new token. This module gives exactly the merges and tokens of
tiktoken's own teaching code (``tiktoken._educational``: ``bpe_train`` and ``bpe_encode``, ties
included), but fast enough for a widget: the teaching code rescans the whole text for every merge
and is quadratic on one long word (77 s for 1,250 x "你好世界"). Here each distinct word is trained
once, pairs are counted with numpy, and the text is encoded once with every merge, remembering
when each boundary between two bytes went away, so the tokens after any number of merges are
one comparison away.

It is for small texts (a paragraph, a few hundred merges): real encodings are trained the same
way on terabytes.

>>> steps = train("low lower lowest", merges=3)
>>> [m.token for m in steps.merges]
[b'lo', b'low', b' low']
>>> str(steps.merges[2])
"'·' + 'low' → '·low'"
>>> [t.text for t in steps.tokenize(after=3)]
['low', ' low', 'e', 'r', ' low', 'e', 's', 't']
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, NamedTuple

from ._checks import whole
from ._encode import as_encoded, checked
from ._i18n import _, units
from .tokens import Tokens

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["train", "shown", "Merges", "Merge", "MAX_TEXT", "MAX_MERGES"]

MAX_TEXT = 5_000  # characters a lesson trains on, at most
MAX_MERGES = 500
_NEVER = 2**31 - 1  # a boundary between two bytes that no merge removes (or between two words)


class Merge(NamedTuple):
    """One step of training: ``left`` + ``right`` became ``token`` (its id is ``rank``)."""

    rank: int
    left: bytes
    right: bytes
    token: bytes

    def __str__(self) -> str:
        return f"{shown(self.left)} + {shown(self.right)} → {shown(self.token)}"


class Merges:
    """A tiny BPE trained on ``text``: its merges in order, and the text's tokens after each."""

    def __init__(self, text: str, ranks: dict[bytes, int], pat_str: str, pairs: dict[int, Merge]) -> None:
        import regex

        self.text = text
        self.pat_str = pat_str
        self.ranks = ranks
        self.table = [b""] * (max(ranks.values()) + 1)
        for token, rank in ranks.items():
            self.table[rank] = token
        self.merges = [pairs[rank] for rank in range(256, len(ranks)) if rank in pairs]
        pieces = [p.encode("utf-8") for p in regex.findall(pat_str, as_encoded(text)[0])]
        self._bytes = b"".join(pieces)
        self._gone = _boundaries(pieces, ranks)

    def __len__(self) -> int:
        return len(self.merges)

    def tokenize(self, *, after: int | None = None) -> Tokens:
        """The text's tokens once the first ``after`` merges are learned (all by default)."""
        import numpy as np

        if after is not None and (isinstance(after, bool) or not isinstance(after, int)):
            raise TypeError(_("after is a number of merges, not {name}").format(name=type(after).__name__))
        k = len(self.merges) if after is None else max(0, min(after, len(self.merges)))
        # With only the merges below rank K, tiktoken's bpe_encode stops at the first step that
        # needed a later merge: so a boundary stays if it went at a step at or past K.
        ends = np.flatnonzero(self._gone >= 256 + k) + 1
        data, ranks, start, ids = self._bytes, self.ranks, 0, []
        for end in ends.tolist():
            ids.append(ranks[data[start:end]])
            start = end
        return Tokens(self.text, _("toy BPE after {k}").format(k=units(k, "merge")), ids, table=self.table)

    def __repr__(self) -> str:
        return f"<Merges: {len(self.merges)} merges learned from {len(self.text)} characters>"


def train(text: str, merges: int = 20, *, encoding: str = "cl100k_base") -> Merges:
    """Train a byte-level BPE on ``text`` with up to ``merges`` merges.

    The text is first split with ``encoding``'s regex pattern, as real tokenizers do, so no token
    crosses a word boundary. Training stops early when no pair is left to merge.
    """
    from . import registry

    text = checked(text)
    if not text:
        raise ValueError(_("train needs some text to learn from"))
    if len(text) > MAX_TEXT:
        raise ValueError(
            _("train on at most {max_text:,} characters (this text has {n_text:,})").format(
                max_text=MAX_TEXT, n_text=len(text)
            )
        )
    try:
        merges = whole(merges, "merges", high=MAX_MERGES)
    except ValueError:
        raise ValueError(
            _("merges must be between 0 and {max_merges}, not {merges:,}").format(max_merges=MAX_MERGES, merges=merges)
        ) from None
    info = registry.encoding_info(encoding)  # its regex, without loading it
    if info.splits != 1:
        raise ValueError(
            _("{name} cuts text with {n} regexes one after another; train with a one-regex encoding, e.g. qwen").format(
                name=info.name, n=info.splits
            )
        )
    pat_str = info.pattern
    ranks, pairs = _train(as_encoded(text)[0], merges, pat_str)
    return Merges(text, ranks, pat_str, pairs)


def _train(text: str, merges: int, pat_str: str) -> tuple[dict[bytes, int], dict[int, Merge]]:
    """``bpe_train(text, 256 + merges, pat_str)``, stopping early where it would fail."""
    import numpy as np
    import regex

    ranks = {bytes([i]): i for i in range(256)}
    pairs: dict[int, Merge] = {}
    # Identical words change identically: train on each distinct word once, in order of first
    # appearance (which keeps bpe_train's tie-break: the pair seen first in the text wins), with
    # its count as weight. Words are laid end to end, with -1 between them.
    words: dict[bytes, int] = {}
    for piece in regex.findall(pat_str, text):
        raw = piece.encode("utf-8")
        words[raw] = words.get(raw, 0) + 1
    seq = np.full(sum(len(w) + 1 for w in words), -1, dtype=np.int64)
    weight = np.zeros(len(seq), dtype=np.int64)
    at = 0
    for raw, n in words.items():
        seq[at : at + len(raw)] = np.frombuffer(raw, dtype=np.uint8)
        weight[at : at + len(raw)] = n
        at += len(raw) + 1
    token_bytes = [bytes([i]) for i in range(256)]  # by id: one id for each distinct bytes
    token_id = {t: i for i, t in enumerate(token_bytes)}
    width = 256 + merges + 1  # more ids than training can make
    while len(ranks) < 256 + merges:
        inside = np.flatnonzero((seq[:-1] >= 0) & (seq[1:] >= 0))
        if not len(inside):
            break
        codes = seq[inside] * width + seq[inside + 1]
        counts = np.bincount(codes, weights=weight[inside])
        best = np.flatnonzero(counts == counts.max())
        code = int(best[0]) if len(best) == 1 else int(codes[np.argmax(np.isin(codes, best))])
        left, right = divmod(code, width)
        new = token_bytes[left] + token_bytes[right]
        if new not in token_id:
            token_id[new] = len(token_bytes)
            token_bytes.append(new)
        rank = ranks[new] = len(ranks)
        pairs[rank] = Merge(rank, token_bytes[left], token_bytes[right], new)
        at_pair = inside[codes == code]
        if left == right:  # in a run like "aaaa", merge left to right without overlap
            at_pair = _every_other(at_pair)
        seq[at_pair] = token_id[new]
        keep = np.ones(len(seq), dtype=bool)
        keep[at_pair + 1] = False
        seq, weight = seq[keep], weight[keep]
    return ranks, pairs


def _every_other(at: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Of each run of consecutive positions, the first, third, fifth, ..."""
    import numpy as np

    run_start = np.ones(len(at), dtype=bool)
    run_start[1:] = at[1:] != at[:-1] + 1
    first = np.maximum.accumulate(np.where(run_start, np.arange(len(at)), 0))
    kept: npt.NDArray[np.int64] = at[(np.arange(len(at)) - first) % 2 == 0]
    return kept


def _boundaries(pieces: list[bytes], ranks: dict[bytes, int]) -> npt.NDArray[np.int64]:
    """For the gap after each byte of the joined pieces: the step of ``bpe_encode`` (with every
    merge) that removed it, as the highest rank merged up to then; ``_NEVER`` if none did."""
    import numpy as np

    done: dict[bytes, list[int]] = {}
    out: list[int] = []
    for piece in pieces:
        if piece not in done:
            done[piece] = _encode_steps(piece, ranks)
        out += done[piece]
    return np.array(out, dtype=np.int64)


def _encode_steps(piece: bytes, ranks: dict[bytes, int]) -> list[int]:
    # bpe_encode merges the lowest-ranked pair, leftmost on a tie, until none is left. A heap of
    # (rank, start) with stale entries skipped does the same in n log n instead of n squared.
    n = len(piece)
    end = list(range(1, n + 1))  # end of the token that starts at i (while it is alive)
    prev = list(range(-1, n - 1))
    alive = [True] * n
    gone = [_NEVER] * n
    heap: list[tuple[int, int, int, int]] = []

    def push(i: int, j: int) -> None:
        rank = ranks.get(piece[i : end[j]])
        if rank is not None:
            heapq.heappush(heap, (rank, i, j, end[j]))

    for i in range(n - 1):
        push(i, i + 1)
    highest = -1
    while heap:
        rank, i, j, j_end = heapq.heappop(heap)
        if not (alive[i] and alive[j] and end[i] == j and end[j] == j_end):
            continue
        highest = max(highest, rank)
        gone[j - 1] = highest
        end[i], alive[j] = j_end, False
        if j_end < n:
            prev[j_end] = i
            push(i, j_end)
        if prev[i] >= 0:
            push(prev[i], i)
    return gone


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
