"""Where displays cut a run of tokens into boxes: one per token, or one per split character.

A character split over several tokens (e.g. 你 as ``e4 bd`` + ``a0`` in r50k_base) is drawn once,
as one box holding all its tokens. ``boxes`` finds them for the first ``limit`` tokens, working on
all the tokens' bytes at once: it is the hot path of every display. Private to tokenlab's core:
``tokens`` (segments) and ``render`` (drawing) both build on it.

>>> table = {1: b"Hi", 2: b"\\xe4\\xbd", 3: b"\\xa0"}
>>> boxes([1, 2, 3], table, 3)
(['Hi', '你'], [1, (2, 3)], True)

``box_keys`` finds the same boxes faster, as strings, for displays that look each box up in a cache
(a text repeats its tokens and characters): each box is its token ids, one character per id.

>>> box_keys([1, 2, 3], Pieces(table), 3)
(['\\x01', '\\x02\\x03'], 3)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

__all__ = ["boxes", "box_keys", "Pieces", "Group"]

Group = int | tuple[int, ...]  # one token id, or the ids of the tokens that share a split character

_START = "\U0010ffff"  # begins each box in a string of token ids (no token id is this high)
_FOLD_CONTINUATION = bytes(0x80 if 0x80 <= b < 0xC0 else b for b in range(256))
_BOX_BOUNDARY = re.compile(b"\xff(?![\x80-\xbf])")  # a token mark not followed by a continuation byte


class _Table(Protocol):
    def __getitem__(self, token_id: int, /) -> bytes: ...


def boxes(ids: Sequence[int], table: _Table, limit: int) -> tuple[list[str], list[Group], bool]:
    """The text and the token id (or ids, for a split character) of each box to draw.

    Covers the first ``limit`` tokens, and past them to the end of a split character; the flag says
    whether any character is split. Makes no object per token where it can.
    """
    n = len(ids)
    limit = max(0, min(limit, n))
    while limit < n and table[ids[limit]][:1] and table[ids[limit]][0] & 0xC0 == 0x80:  # finish a split character
        limit += 1
    if not limit:
        return [], [], False
    head = list(ids[:limit])
    marked = b"\xff".join(map(table.__getitem__, head))  # 0xFF never occurs in UTF-8: it marks where each token ends
    # A token that starts with a continuation byte is the tail of a split character. (Folding all 64
    # of them into 0x80 first makes the search a plain substring test: ~10x faster.)
    if b"\xff\x80" not in marked.translate(_FOLD_CONTINUATION):
        return marked.decode("utf-8", "surrogateescape").split("\udcff"), list(head), False
    # Cut only at marks followed by a byte that starts a character: each piece is one box.
    texts: list[str] = []
    groups: list[Group] = []
    i = 0
    for piece in _BOX_BOUNDARY.split(marked):
        size = piece.count(b"\xff") + 1
        if size == 1:
            texts.append(piece.decode("utf-8"))
            groups.append(head[i])
        else:
            texts.append(piece.replace(b"\xff", b"").decode("utf-8"))
            groups.append(tuple(head[i : i + size]))
        i += size
    return texts, groups, True


class Pieces(dict[int, str]):
    """Token id -> the id as one character, after a box mark unless the token's bytes begin with a
    UTF-8 continuation byte (it then goes on the character of the token before). Filled on use."""

    def __init__(self, table: _Table) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, token_id: int) -> str:
        raw = self.table[token_id]
        piece = chr(token_id) if raw[:1] and raw[0] & 0xC0 == 0x80 else _START + chr(token_id)
        if len(self) > 50_000:  # bounded: far more tokens than any lesson draws
            self.clear()
        self[token_id] = piece
        return piece


def box_keys(ids: Sequence[int], pieces: Pieces, limit: int) -> tuple[list[str], int]:
    """The boxes ``boxes`` finds, each as the string of its token ids (``chr(id)`` each), and how
    many tokens they hold. Every step runs in C: a join, a split, and one dict lookup per token."""
    n = len(ids)
    limit = max(0, min(limit, n))
    while limit < n and not pieces[ids[limit]].startswith(_START):  # finish a split character
        limit += 1
    if not limit:
        return [], 0
    joined = "".join(map(pieces.__getitem__, ids[:limit]))
    if not joined.startswith(_START):  # the first token always begins a box
        joined = _START + joined
    return joined.split(_START)[1:], limit
