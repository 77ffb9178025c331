"""The tokens of a text: ids, bytes, character offsets, split characters and counts.

``tokenize`` encodes with tiktoken itself (so the ids are tiktoken's, exactly) and wraps the result
in a ``Tokens`` object that knows, for each token, its bytes and where it sits in the text, and
groups tokens that share a character (a character split over several tokens) into one
``Segment``, so that displays can draw it once instead of as broken bytes. Details are worked out
lazily, and only as far as a display needs them, so megabytes of text stay cheap.

Drawing is ``render``'s job; this module only describes.

>>> t = tokenize("Hello world")
>>> t.ids
[13225, 2375]
>>> [tok.text for tok in t]
['Hello', ' world']
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from operator import methodcaller
from typing import Any, NamedTuple, overload

from . import registry
from ._boxes import boxes
from ._compat import deprecated, second_positional
from ._encode import (
    LONG,
    AllowedSpecial,
    as_encoded,
    checked,
    count_ordinary,
    encode,
    encode_in_python,
    readable,
    unless_tiktoken_overflowed,
)
from ._i18n import _
from ._offsets import Offsets
from ._words import spaced_words

__all__ = ["Token", "Segment", "Counts", "Tokens", "TokenTable", "tokenize", "count"]

TokenTable = Sequence[bytes] | Mapping[int, bytes]  # each token id's bytes, indexed by id

_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that never start a character


class Token(NamedTuple):
    """One token: its id, its bytes, how it reads, and where it sits in the text.

    ``start``/``end`` index the original string. A token that holds only part of a character
    spans that whole character, so the tokens of a split character share the same offsets.
    ``text`` is the token's UTF-8 text; bytes that are only part of a character show as
    ``⟨e4 bd⟩``.
    """

    id: int
    bytes: bytes
    text: str
    start: int
    end: int

    @property
    def complete(self) -> bool:
        """Whether the token holds whole characters only (its bytes decode on their own)."""
        try:
            self.bytes.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True

    @property
    def hex(self) -> str:
        """The token's bytes in hex, e.g. ``'e4 bd a0'``."""
        return self.bytes.hex(" ")


class Segment(NamedTuple):
    """What a display draws as one box: a token, or the tokens that share split characters.

    ``text`` is the characters shown (drawn once); ``tokens`` the one or more tokens they are
    made of. ``split`` is true when a character is spread over several tokens.
    """

    text: str
    tokens: tuple[Token, ...]

    @property
    def split(self) -> bool:
        return len(self.tokens) > 1


class Counts(NamedTuple):
    """How long a text is, in tokens and in the units people know.

    ``characters`` counts Unicode code points (as ``len`` does), ``words`` whitespace-separated
    words, or None for a text in a script that does not put spaces between words (Chinese,
    Japanese, Thai, ...: see ``languages.count_words`` for those), ``bytes`` the UTF-8 bytes the
    encoder sees.
    """

    tokens: int
    characters: int
    words: int | None
    bytes: int

    @property
    def tokens_per_word(self) -> float | None:
        return self.tokens / self.words if self.words else None

    @property
    def characters_per_token(self) -> float | None:
        return self.characters / self.tokens if self.tokens else None

    @property
    def bytes_per_token(self) -> float | None:
        return self.bytes / self.tokens if self.tokens else None


class Tokens(Sequence[Token]):
    """A text split into tokens by one encoding. Displays itself as colored spans in Jupyter.

    Each ``Token`` is worked out only when asked for (the first ``n`` by a display that draws ``n``),
    so a megabyte of text costs its ids, not an object per token. Tokens pickle (their encoding by
    name, not its tables).

    >>> t = tokenize("tokens!", encoding="cl100k_base")
    >>> len(t), t.ids, t.counts.words
    (2, [31666, 0], 1)
    """

    def __init__(
        self,
        text: str,
        encoding: str,
        ids: list[int],
        *,
        table: TokenTable | None = None,
        allowed_special: AllowedSpecial = frozenset(),
    ) -> None:
        self.text = text
        self.encoding = encoding
        self.ids = ids
        self._table = table  # each id's bytes; by default the encoding's (see registry.token_bytes)
        self.shared_table = table is None  # the encoding's own table, the same for every text
        # What the tokens' bytes spell: the text after tiktoken's surrogate fix-up (and, for Qwen,
        # NFC), with Offsets back to the text's. Only a table of the encoding's own needs it.
        self._clean: str
        self._index: Offsets
        if table is None:
            self._clean, self._index = registry.as_encoded(encoding, text, allowed_special)
        else:
            self._clean, self._index = as_encoded(text)
        self._tokens: list[Token] = []  # the first tokens, worked out so far
        self._chars = 0  # characters of the encoded text that they begin

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_tokens"], state["_chars"] = [], 0  # worked out again when asked
        if self.shared_table:
            state["_table"] = None  # the encoding's own: looked up again by name
        return state

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Token: ...
    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...
    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if isinstance(index, slice):
            stop = index.stop
            needed = len(self.ids) if stop is None or stop < 0 or (index.step or 1) < 0 else stop
        else:
            index = operator.index(index)  # a TypeError for anything but a whole number, as a list's
            needed = len(self.ids) if index < 0 else index + 1
        self._describe(needed)
        return self._tokens[index]

    def __iter__(self) -> Iterator[Token]:
        i = 0
        while i < len(self.ids):
            self._describe(min(len(self.ids), max(2 * i, 256)))
            yield from self._tokens[i:]
            i = len(self._tokens)

    def text_offset(self, i: int) -> int:
        """Where character ``i`` of the text as encoded starts in ``text`` (``i`` may be its length).

        The two differ only where the tokenizer changed the text first: a lone surrogate (U+FFFD for
        all), or Qwen's NFC normalization (``e`` + U+0301 is encoded as ``é``). A character made
        from several (é from e + U+0301), or one of several made from one, starts where they start.
        """
        return self._index(i)

    def text_span(self, start: int, end: int) -> tuple[int, int]:
        """The characters of ``text`` that characters ``start`` to ``end`` of the text as encoded came
        from: whole clusters, so never empty when ``start < end``."""
        return self._index(start), self._index.end(end)

    def start_of(self, i: int) -> int:
        """Where token ``i`` starts in ``text`` (its ``Token.start``; ``i`` may be ``len(self)``, the
        text's end), worked out without the tokens before it: cheap anywhere in a long text."""
        ids, table = self.ids, self.table
        if not 0 <= i <= len(ids):
            raise IndexError(_("no token {i}: these tokens are numbered 0 to {n}").format(i=i, n=len(ids) - 1))
        begun = methodcaller("translate", None, _CONTINUATION)  # the bytes that begin a character
        if i <= len(ids) // 2:
            chars = sum(map(len, map(begun, map(table.__getitem__, ids[:i]))))
        else:
            chars = len(self._clean) - sum(map(len, map(begun, map(table.__getitem__, ids[i:]))))
        if i < len(ids) and table[ids[i]][:1] != b"" and table[ids[i]][0] & 0xC0 == 0x80:
            chars -= 1  # it begins inside a character: at that character
        return self._index(chars)

    @property
    def text_changed(self) -> bool:
        """Whether offsets in the text as encoded differ from the text's (see ``text_offset``): rarely.
        (A character NFC replaces by one other, such as U+F900, changes the text but no offset.)"""
        return self._index.changed

    @property
    def table(self) -> TokenTable:
        """The bytes of every token id of this encoding, indexed by id."""
        if self._table is None:
            self._table = registry.token_bytes(self.encoding)
        return self._table

    @cached_property
    def counts(self) -> Counts:
        """Tokens, characters, words and bytes of the whole text (always exact)."""
        return Counts(
            tokens=len(self.ids),
            characters=len(self.text),
            words=spaced_words(self.text),
            bytes=len(self._clean.encode("utf-8")),
        )

    def segments(self, limit: int | None = None) -> list[Segment]:
        """The boxes a display draws, for the first ``limit`` tokens (all by default).

        Each character split over several tokens is one segment, however many tokens it takes, and
        so are tokens that share characters of the text (made from one character NFC changed). A
        segment is never cut, so the last one may reach a little past ``limit``.
        """
        n = len(self.ids)
        limit = n if limit is None else max(0, min(limit, n))
        while True:
            texts, groups, _split = boxes(self.ids, self.table, limit)
            covered = sum(1 if isinstance(g, int) else len(g) for g in groups)
            tokens = self[:covered]
            if not self._index.changed or covered >= n or self[covered].start >= tokens[-1].end:
                break
            limit = covered + max(16, covered)  # the last box shares characters with the next token
        out: list[Segment] = []
        i = 0
        for text, group in zip(texts, groups, strict=True):
            size = 1 if isinstance(group, int) else len(group)
            mine = tuple(tokens[i : i + size])
            if out and mine[0].start < out[-1].tokens[-1].end:  # they share characters: one box
                out[-1] = Segment(out[-1].text + text, out[-1].tokens + mine)
            else:
                out.append(Segment(text, mine))
            i += size
        return out

    def to_html(self, **options: Any) -> str:
        """The colored-span HTML (see ``render.html`` for the options)."""
        from . import render

        return render.html(self, **options)

    def to_text(self, **options: Any) -> str:
        """Plain text, or ANSI colors with ``color=True`` (see ``render.text``)."""
        from . import render

        return render.text(self, **options)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        from . import render

        return {"text/html": render.html(self), "text/plain": render.text(self, max_tokens=200)}

    def __repr__(self) -> str:
        c = self.counts
        return f"<Tokens {self.encoding}: {c.tokens} tokens, {c.characters} characters>"

    def _describe(self, upto: int) -> None:
        """Work out the bytes, text and offsets of the first ``upto`` tokens (those not done yet)."""
        ids, tokens = self.ids, self._tokens
        upto = min(upto, len(ids))
        if len(tokens) >= upto:
            return
        table, clean, start_of, end_of = self.table, self._clean, self._index, self._index.end
        n, chars = len(ids), self._chars
        for i in range(len(tokens), upto):
            token_id = ids[i]
            raw = table[token_id]
            # Characters begin at every byte that is not a UTF-8 continuation byte.
            starts_inside = raw[:1] != b"" and raw[0] & 0xC0 == 0x80
            start = chars - 1 if starts_inside else chars
            chars += len(raw.translate(None, _CONTINUATION))
            following = table[ids[i + 1]][:1] if i + 1 < n else b""
            ends_inside = following != b"" and following[0] & 0xC0 == 0x80
            text = clean[start:chars] if not (starts_inside or ends_inside) else readable(raw)
            tokens.append(Token(token_id, raw, text, start_of(start), end_of(chars)))
        self._chars = chars


@second_positional("encoding")
def tokenize(
    text: str,
    *,
    encoding: str | None = None,
    model: str | None = None,
    allowed_special: AllowedSpecial = frozenset(),
) -> Tokens:
    """Split ``text`` into tokens with an encoding (default ``o200k_base``) or a model's encoding.

    Special-token strings such as ``<|endoftext|>`` are ordinary text unless you allow them with
    ``allowed_special`` (a set of them, or ``"all"``), as in tiktoken.

    >>> tokenize("Hello world", model="gpt-4").ids
    [9906, 1917]
    >>> tokenize("<|endoftext|>", allowed_special="all").ids
    [199999]
    """
    name = registry.resolve(encoding, model=model)
    enc = registry.get_encoding(name) if allowed_special else registry.ordinary_encoding(name)
    return Tokens(checked(text), name, encode(enc, text, allowed_special), allowed_special=allowed_special)


def count(
    text: str,
    *old: str,
    encoding: str | None = None,
    model: str | None = None,
    allowed_special: AllowedSpecial = frozenset(),
) -> int:
    """The number of tokens in ``text``, exactly as tiktoken counts them.

    >>> count("Hello world")
    2
    >>> count("你好，世界", model="gpt-3.5-turbo")
    6
    """
    if old:  # count(text, "cl100k_base"): the older spelling (no decorator: count is a hot path)
        encoding = _old_encoding("count", old, encoding)
    if allowed_special:
        return len(encode(registry.get_encoding(encoding, model=model), checked(text), allowed_special))
    enc = registry.ordinary_encoding(encoding, model=model)
    if type(text) is not str or len(text) >= LONG:  # LONG: see _encode.overflows
        return count_ordinary(enc, checked(text))
    try:  # the common case, inlined: count() should cost what encode_ordinary() costs
        return len(enc.encode_ordinary(text))
    except BaseException as error:
        unless_tiktoken_overflowed(error)
    return len(encode_in_python(enc, text, frozenset()))


def _old_encoding(name: str, old: tuple[str, ...], encoding: str | None) -> str:
    if len(old) > 1 or encoding is not None:
        raise TypeError(_("{name}() takes one positional argument; give encoding= by keyword").format(name=name))
    deprecated(f"{name}(text, {old[0]!r})", f"{name}(text, encoding={old[0]!r})", stacklevel=4)
    return old[0]
