"""Where encodings cut one text differently: each encoding's box edges, and the boxes not shared.

A box (a token, or the tokens of a split character) spans some characters of the text. A box is
shared when it is a box in every encoding: both its ends are edges in every encoding and no
encoding has an edge inside it. This works on all the tokens at once with numpy, so that a
megabyte of text under ten encodings makes a few arrays, not a Python object per token, and the
spans it gives back (``Spans``) are two arrays that read as a list of ``(start, end)`` tuples.
Private to tokenlab: ``compare`` builds on it. It does not draw.

>>> from tokenlab.tokens import tokenize
>>> rows = [tokenize(" ChatGPT", encoding=e) for e in ("r50k_base", "o200k_base")]
>>> edges(rows[0], 10).tolist(), edges(rows[1], 10).tolist()
([0, 5, 6, 8], [0, 5, 8])
>>> [m.tolist() for m in differing(rows, 10)[1]]
[[False, True, True], [False, True]]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from .tokens import Tokens

    Offsets = npt.NDArray[np.int64]
    Marks = npt.NDArray[np.bool_]

__all__ = ["edges", "differing", "Spans"]

_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that never start a character


def edges(tokens: Tokens, limit: int) -> Offsets:
    """Where the boxes drawn for the first ``limit`` tokens begin and end: ``[0, end of box 1, end of
    box 2, ...]``, as offsets into the original text (the last box may reach past ``limit`` tokens,
    to finish a split character)."""
    import numpy as np

    ids, table = tokens.ids, tokens.table
    n = len(ids)
    limit = max(0, min(limit, n))
    while limit < n and table[ids[limit]][:1] and table[ids[limit]][0] & 0xC0 == 0x80:  # finish a split character
        limit += 1
    head = np.fromiter(ids[:limit], dtype=np.int64, count=limit)
    # What each token id holds: how many characters start in it, and whether its first byte goes on
    # with the character of the token before. Worked out once for each distinct id (a text repeats
    # its tokens), then looked up for all the tokens at once.
    seen = np.zeros(int(head.max()) + 1 if limit else 0, dtype=bool)
    seen[head] = True
    distinct = np.flatnonzero(seen).tolist()
    chars, goes_on = np.zeros(len(seen), dtype=np.int64), np.zeros(len(seen), dtype=bool)
    raw = list(map(table.__getitem__, distinct))
    chars[distinct] = [len(b.translate(None, _CONTINUATION)) for b in raw]
    goes_on[distinct] = [b[:1] != b"" and b[0] & 0xC0 == 0x80 for b in raw]
    # A token's end is a box's end unless the next token goes on with the same character.
    at_box_end = np.ones(limit, dtype=bool)
    at_box_end[:-1] = ~goes_on[head[1:]]
    out = np.concatenate(([0], np.cumsum(chars[head])[at_box_end]))
    if tokens.text_changed:  # offsets in the text as encoded (Qwen's NFC) -> in the text as given
        out = np.fromiter(map(tokens.text_offset, out.tolist()), dtype=np.int64, count=len(out))
    return out


def differing(tokens: Sequence[Tokens], limit: int, *, reach: int | None = None) -> tuple[list[Offsets], list[Marks]]:
    """Each encoding's box edges for its first ``limit`` tokens, and which of those boxes are not a
    box in every other encoding. ``reach`` stops looking past that character (for a display that
    draws no further): a box past it may be marked though it is shared."""
    import numpy as np

    drawn = [edges(t, limit) for t in tokens]
    far = max(int(e[-1]) for e in drawn)
    far = far if reach is None else min(far, reach)
    every = []  # each encoding's edges, at least as far as any drawn box reaches
    for t, found in zip(tokens, drawn, strict=True):
        more = limit
        enough = min(len(t), 16 * far + limit)  # a character: at most 4 bytes (3 characters after NFC)
        while found[-1] < far and more < enough:
            more = max(2 * more, 256)
            found = edges(t, more)
        every.append(found[: np.searchsorted(found, far, side="right")])
    # Every edge of any encoding, once, and in how many encodings it is an edge. (Edges come sorted:
    # a merge and a search do it; numpy's set functions would hash them all again.)
    union = np.sort(np.concatenate(every), kind="stable")
    union = union[np.concatenate(([True], union[1:] != union[:-1]))]
    shared_by = np.zeros(len(union), dtype=np.int64)
    positions = []  # where each encoding's edges are in the union
    for found in every:
        at = np.searchsorted(union, found)
        shared_by[at[np.concatenate(([True], at[1:] != at[:-1]))] if len(at) else at] += 1
        positions.append(at)
    everywhere = shared_by == len(every)
    marks = []
    for found, at in zip(drawn, positions, strict=True):
        n = min(len(found), len(at))  # the drawn edges begin every encoding's (up to ``reach``)
        start, end = at[: n - 1], at[1:n]
        marked = np.ones(len(found) - 1, dtype=bool)
        marked[: n - 1] = ~(everywhere[start] & everywhere[end] & (end == start + 1))
        marks.append(marked)
    return drawn, marks


class Spans(Sequence[tuple[int, int]]):
    """Character spans ``(start, end)``, kept as two arrays: a read-only list of tuples that costs 16
    bytes a span, not 120 (a megabyte of text can differ in a million places).

    >>> import numpy as np
    >>> spans = Spans(np.array([5, 6]), np.array([6, 8]))
    >>> spans, spans[1], spans == [(5, 6), (6, 8)]
    ([(5, 6), (6, 8)], (6, 8), True)
    """

    def __init__(self, starts: Offsets, ends: Offsets) -> None:
        self.starts, self.ends = starts, ends

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> Spans: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | Spans:
        if isinstance(index, slice):
            return Spans(self.starts[index], self.ends[index])
        return int(self.starts[index]), int(self.ends[index])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts.tolist(), self.ends.tolist(), strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Spans):
            return (
                bool((self.starts == other.starts).all() and (self.ends == other.ends).all())
                if len(self) == len(other)
                else False
            )
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a list's equality, so unhashable like a list

    def __repr__(self) -> str:
        return repr(list(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Spans, (self.starts, self.ends))
