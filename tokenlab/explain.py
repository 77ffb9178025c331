"""Why a token is what it is: the byte-pair merges that build it, in a real encoding.

tiktoken first splits a text with the encoding's regular expression, so that no token crosses a
word boundary. Then it builds each piece from its single bytes: again and again it merges the two
neighbouring parts whose joined bytes have the lowest rank (the token learned earliest), until no
neighbouring pair is a token. ``explain`` replays that for a token id, or for each piece of a short
text, and keeps every step: the two parts, the result and its rank, in the order BPE applies them.
The rule is ``tiktoken._educational.bpe_encode``'s, and the tests check each step against it and
the tokens against tiktoken's.

Ranks are asked of the encoding itself (``encode_single_token``), so any encoding the registry
loads can be explained and no table is copied. Drawing is ``_merge_tree``'s job.

>>> e = explain(" lower", encoding="cl100k_base")
>>> [(s.left, s.right, s.result) for s in e.steps]  # doctest: +NORMALIZE_WHITESPACE
[(b'e', b'r', b'er'), (b' ', b'l', b' l'), (b'o', b'w', b'ow'), (b'ow', b'er', b'ower'),
 (b' l', b'ower', b' lower')]
>>> e.ids == get_encoding("cl100k_base").encode(" lower")
True
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from collections.abc import Callable
from typing import Any, NamedTuple

from . import registry
from ._encode import checked, readable
from ._i18n import _, units
from .registry import get_encoding

__all__ = ["explain", "Explanation", "Piece", "Step", "Node", "MAX_PIECES", "MAX_PIECE_BYTES"]

MAX_PIECES = 24  # pieces of a text explained at most: enough for a sentence
MAX_PIECE_BYTES = 256  # a longer piece (a run of 10,000 spaces, say) is tokenized but not replayed


class Step(NamedTuple):
    """One merge: ``left`` + ``right`` became ``result``, the token whose rank (id) is ``rank``.

    ``at`` is where ``left`` stood among the piece's parts just before the merge.
    """

    left: bytes
    right: bytes
    result: bytes
    rank: int
    at: int


class Piece(NamedTuple):
    """One piece of the regex split, and how BPE builds it from single bytes.

    ``start``/``end`` are character offsets in the explained text. ``ids`` are tiktoken's tokens for
    the piece. ``direct`` is true when the whole piece is a token that the merges do not reach:
    tiktoken looks a piece up whole before it merges. ``explained`` is false for a piece longer
    than ``MAX_PIECE_BYTES`` (its ``ids`` are still exact; it has no steps).
    """

    text: str
    raw: bytes
    start: int
    end: int
    byte_ranks: tuple[int | None, ...]
    steps: tuple[Step, ...]
    ids: tuple[int, ...]
    direct: bool = False
    explained: bool = True

    @property
    def parts(self) -> list[bytes]:
        """The parts left when no neighbouring pair can be merged any more."""
        return [tree.raw for tree in self.trees()]

    def trees(self) -> list[Node]:
        """The merges as trees, one per part left: each step's result with its two parts inside
        (none for a piece that was not replayed)."""
        if not self.explained:
            return []
        nodes = [Node(bytes([b]), r, 0) for b, r in zip(self.raw, self.byte_ranks, strict=True)]
        for k, s in enumerate(self.steps, 1):
            nodes[s.at : s.at + 2] = [Node(s.result, s.rank, k, nodes[s.at], nodes[s.at + 1])]
        return nodes


@dataclasses.dataclass(frozen=True, eq=False)
class Node:
    """A node of a merge tree: a single byte (``step`` 0), or what step ``step`` made of ``left``
    and ``right``; ``rank`` is its token id."""

    raw: bytes
    rank: int | None
    step: int
    left: Node | None = None
    right: Node | None = None


class Explanation:
    """The merges behind a token, or behind each piece of a short text. Displays as a tree.

    ``pieces`` are the regex split's pieces, in order (one, for a token id); ``cut`` is true when
    the text had more pieces than ``MAX_PIECES`` and only the first are here.
    """

    def __init__(
        self,
        encoding: str,
        pieces: list[Piece],
        *,
        text: str | None = None,
        token: int | None = None,
        special: bool = False,
        cut: bool = False,
    ) -> None:
        self.encoding, self.pieces, self.text, self.token = encoding, pieces, text, token
        self.special, self.cut = special, cut

    @property
    def ids(self) -> list[int]:
        """The tokens of everything explained, in order (for a token id: that id)."""
        if self.token is not None:
            return [self.token]
        return [i for piece in self.pieces for i in piece.ids]

    @property
    def steps(self) -> list[Step]:
        """Every merge, piece after piece, in the order BPE applies them."""
        return [s for piece in self.pieces for s in piece.steps]

    def to_html(self) -> str:
        """The split, then each piece's merges as a tree of nested boxes (static HTML)."""
        from . import _merge_tree

        return _merge_tree.html(self)

    def to_text(self) -> str:
        """The same as plain text: the split, each piece's steps, and its tree in brackets."""
        from . import _merge_tree

        return _merge_tree.text(self)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": self.to_text()}

    def __repr__(self) -> str:
        what = f"token {self.token}" if self.token is not None else units(len(self.pieces), "piece")
        return f"<Explanation {self.encoding}: {what}, {units(len(self.steps), 'merge')}>"


def explain(what: str | int, *, encoding: str | None = None, model: str | None = None) -> Explanation:
    """The byte-pair merges that build a token id, or each token of a short text.

    For a text: the regex split that comes before BPE, then each piece's merges (the first
    ``MAX_PIECES`` pieces). Special-token strings such as ``<|endoftext|>`` are read as text.

    >>> e = explain(9906, encoding="cl100k_base")  # the token 'Hello'
    >>> [s.result for s in e.steps]
    [b'el', b'lo', b'ello', b'Hello']
    >>> explain("Hi you", model="gpt-4o")
    <Explanation o200k_base: 2 pieces, 4 merges>
    """
    name = registry.resolve(encoding, model=model)
    enc = get_encoding(name)
    if not all(hasattr(enc, hook) for hook in ("encode_single_token", "_encode_single_piece", "_pat_str")):
        raise ValueError(
            _(
                "explain replays tiktoken's byte-pair encoding; {name} is not a tiktoken encoding (its merges are "
                "pairs in a tokenizer.json): try a tiktoken one, e.g. qwen or o200k_base"
            ).format(name=name)
        )
    rank = _ranker(enc)
    if isinstance(what, int) and not isinstance(what, bool):
        return _explain_token(name, enc, what, rank)
    if isinstance(what, str):
        return _explain_text(name, enc, what, rank)
    if isinstance(what, (bytes, bytearray)):
        checked(what)  # says how to decode it
    raise TypeError(_("explain takes a text (str) or a token id (int), not {name}").format(name=type(what).__name__))


def _explain_token(name: str, enc: Any, token: int, rank: Callable[[bytes], int | None]) -> Explanation:
    try:
        raw = enc.decode_single_token_bytes(token)
    except (KeyError, OverflowError, ValueError):
        raise ValueError(
            _(
                "{name} has no token {token!r}: its ids go from 0 to {max_token_value:,} (and a few ids in between "
                "may be unused)"
            ).format(name=name, token=token, max_token_value=enc.max_token_value)
        ) from None
    if token in _special_ids(enc):
        piece = Piece(raw.decode("utf-8"), raw, 0, 0, (), (), (token,), explained=False)
        return Explanation(name, [piece], token=token, special=True)
    text = readable(raw)
    return Explanation(name, [_piece(enc, raw, text, 0, 0, rank)], token=token)


def _explain_text(name: str, enc: Any, text: str, rank: Callable[[bytes], int | None]) -> Explanation:
    import regex

    clean, index = registry.as_encoded(name, text)
    pieces: list[Piece] = []
    cut = False
    for match in regex.finditer(enc._pat_str, clean):  # the split tiktoken makes before BPE
        if len(pieces) == MAX_PIECES:
            cut = True
            break
        piece = match.group()
        pieces.append(_piece(enc, piece.encode("utf-8"), piece, index(match.start()), index(match.end()), rank))
    return Explanation(name, pieces, text=text, cut=cut)


def _piece(enc: Any, raw: bytes, text: str, start: int, end: int, rank: Callable[[bytes], int | None]) -> Piece:
    whole = rank(raw)
    if len(raw) > MAX_PIECE_BYTES:
        ids = (whole,) if whole is not None else tuple(enc._encode_single_piece(raw))
        return Piece(text, raw, start, end, (), (), ids, explained=False)
    parts = [bytes([b]) for b in raw]
    byte_ranks = tuple(map(rank, parts))
    steps: list[Step] = []
    # The rank of each neighbouring pair (_NONE if it is no token), kept up to date as parts merge.
    pairs = [_or_none(rank(a + b)) for a, b in itertools.pairwise(parts)]
    while pairs:
        # The merge BPE makes next: the leftmost of the pairs with the lowest rank.
        i = min(range(len(pairs)), key=pairs.__getitem__)
        if pairs[i] == _NONE:
            break
        merged = parts[i] + parts[i + 1]
        steps.append(Step(parts[i], parts[i + 1], merged, pairs[i], i))
        parts[i : i + 2] = [merged]
        del pairs[i]
        if i > 0:
            pairs[i - 1] = _or_none(rank(parts[i - 1] + merged))
        if i < len(pairs):
            pairs[i] = _or_none(rank(merged + parts[i + 1]))
    # tiktoken looks the whole piece up before it merges; else its tokens are the parts left.
    found = [whole] if whole is not None else [rank(p) for p in parts]
    if None in found:  # a byte that is no token (not byte-level BPE): ask tiktoken
        found = enc._encode_single_piece(raw)
    ids = tuple(i for i in found if i is not None)
    return Piece(text, raw, start, end, byte_ranks, tuple(steps), ids, direct=whole is not None and len(parts) > 1)


_NONE = sys.maxsize  # the rank of a pair that is no token: never the lowest


def _or_none(rank: int | None) -> int:
    return _NONE if rank is None else rank


def _ranker(enc: Any) -> Callable[[bytes], int | None]:
    """The rank of some bytes in ``enc`` (None if they are no token), remembered for one explanation.

    Asks ``encode_single_token``, which also knows special tokens: those are never merges.
    """
    specials = _special_ids(enc) | getattr(enc, "never_merged", frozenset())  # Qwen 3.6's tokens no merge makes
    seen: dict[bytes, int | None] = {}
    lookup = enc.encode_single_token

    def rank(raw: bytes) -> int | None:
        if raw in seen:
            return seen[raw]
        try:
            found: int | None = lookup(raw)
        except KeyError:
            found = None
        if found in specials:
            found = None
        seen[raw] = found
        return found

    return rank


_SPECIALS: dict[str, frozenset[int]] = {}


def _special_ids(enc: Any) -> frozenset[int]:
    ids = _SPECIALS.get(enc.name)
    if ids is None:
        ids = _SPECIALS[enc.name] = frozenset(enc.encode_single_token(s) for s in enc.special_tokens_set)
    return ids
