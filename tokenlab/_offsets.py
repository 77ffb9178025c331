"""Where each character of a changed text came from: a map from offsets in the text a tokenizer
really encodes back to offsets in the text it was given.

A tokenizer may change a text before it encodes it: tiktoken replaces surrogates (a pair becomes
the one character it stands for), and Qwen's tokenizers apply NFC (``e`` + U+0301 becomes ``é``;
U+0958 becomes two characters). Each change turns a *cluster* of the original text into a cluster
of the encoded text; everything between clusters is the same in both. ``Offsets`` keeps only the
clusters, as four arrays of ints (a megabyte of changed text costs megabytes, not a Python int per
character), and maps an offset of the encoded text back:

- ``offsets(i)`` (``start``): where character ``i`` starts: inside a cluster, at the cluster's start;
- ``offsets.end(i)``: where the characters before ``i`` end: inside a cluster, at its end.

So a token made of part of a cluster spans the whole cluster it came from (as a token holding part
of a UTF-8 character spans that whole character), never an empty span. ``Offsets`` pickle, and
chain (``then``) when two changes follow each other. Private to tokenlab's core.

>>> m = Offsets.of([(1, 2, 1, 3)])  # "xe\\u0301y" -> "xéy": é (1..2) came from e + U+0301 (1..3)
>>> [m(i) for i in range(4)], [m.end(i) for i in range(4)]
([0, 1, 3, 4], [0, 1, 3, 4])
>>> m = Offsets.of([(0, 2, 0, 1)])  # "\\u0958" -> "\\u0915\\u093c": one character became two
>>> m(1), m.end(1)
(0, 1)
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from operator import itemgetter

__all__ = ["Offsets", "IDENTITY"]


class Offsets:
    """A map from offsets of an encoded text back to the original's (see the module's docstring)."""

    __slots__ = ("_n_end", "_n_start", "_next", "_o_end", "_o_start")

    def __init__(
        self,
        n_start: array[int],
        n_end: array[int],
        o_start: array[int],
        o_end: array[int],
        then: Offsets | None = None,
    ) -> None:
        self._n_start, self._n_end, self._o_start, self._o_end = n_start, n_end, o_start, o_end
        self._next = then if then is not None and then.changed else None

    @classmethod
    def of(cls, clusters: Iterable[tuple[int, int, int, int]]) -> Offsets:
        """From clusters ``(start, end)`` in the encoded text and ``(start, end)`` in the original,
        in order, none overlapping: ``(n_start, n_end, o_start, o_end)`` each."""
        rows = list(clusters)
        return cls.of_columns(*(map(itemgetter(k), rows) for k in range(4)))

    @classmethod
    def of_columns(
        cls, n_start: Iterable[int], n_end: Iterable[int], o_start: Iterable[int], o_end: Iterable[int]
    ) -> Offsets:
        """The same, from the four columns."""
        return cls(array("q", n_start), array("q", n_end), array("q", o_start), array("q", o_end))

    def then(self, outer: Offsets) -> Offsets:
        """This map followed by ``outer`` (this one maps into the text ``outer`` maps from)."""
        if not outer.changed:
            return self
        if not self.changed:
            return outer
        inner = Offsets(self._n_start, self._n_end, self._o_start, self._o_end, self._next)
        inner._next = outer if inner._next is None else inner._next.then(outer)
        return inner

    def clusters(self) -> Iterator[tuple[int, int, int, int]]:
        """The changed clusters of this map (not of one it is chained to): ``(n_start, n_end, o_start, o_end)``."""
        return zip(self._n_start, self._n_end, self._o_start, self._o_end, strict=True)

    @property
    def changed(self) -> bool:
        """Whether any offset moves (False for a text encoded as it is)."""
        return bool(self._n_start) or self._next is not None

    def __call__(self, i: int) -> int:
        """Where character ``i`` of the encoded text starts in the original (``i`` may be its length)."""
        k = bisect_right(self._n_start, i) - 1
        if k < 0:
            at = i
        elif i < self._n_end[k]:
            at = self._o_start[k]
        else:
            at = self._o_end[k] + i - self._n_end[k]
        return at if self._next is None else self._next(at)

    start = __call__

    def end(self, i: int) -> int:
        """Where the characters before ``i`` end in the original: past the whole cluster ``i`` is in."""
        k = bisect_right(self._n_start, i) - 1
        if k >= 0 and self._n_start[k] < i < self._n_end[k]:
            at = self._o_end[k]
            return at if self._next is None else self._next.end(at)
        return self(i)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Offsets):
            return NotImplemented
        mine = (self._n_start, self._n_end, self._o_start, self._o_end, self._next)
        return mine == (other._n_start, other._n_end, other._o_start, other._o_end, other._next)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[Offsets], tuple[object, ...]]:
        return Offsets, (self._n_start, self._n_end, self._o_start, self._o_end, self._next)

    def __repr__(self) -> str:
        return f"<Offsets: {len(self._n_start):,} changed clusters{' then more' if self._next else ''}>"


IDENTITY = Offsets(array("q"), array("q"), array("q"), array("q"))
