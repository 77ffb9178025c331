"""Streaming: a text's tokens arriving one at a time, decoded naively and incrementally, side by side.

A model writes its answer one token at a time, and a token is bytes: a character can be split over
two or three tokens (``tokenize`` draws it as a dashed box). Code that decodes each token's bytes
alone (``errors="replace"``) shows ``�`` for every piece of such a character; an incremental UTF-8
decoder (``codecs.getincrementaldecoder``) keeps the first pieces back until the character is whole.
``stream`` plays a text's tokens through both.

For your own code: the ``openai`` client hands you each chunk's text already decoded, so join the
strings (``TextStream`` does, and keeps the usage the last chunk carries); if you read raw bytes from
an HTTP response yourself, decode them with ``decode_chunks``, never chunk by chunk.

>>> s = stream("你好", encoding="r50k_base")
>>> [step.naive for step in s]
['\\ufffd', '\\ufffd', '\\ufffd', '\\ufffd']
>>> [step.incremental for step in s]
['', '你', '', '好']
"""

from __future__ import annotations

import builtins
import codecs
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, overload

from . import _html, _visible, registry
from ._checks import brief, field, whole
from ._i18n import _
from .tokens import Tokens, TokenTable, tokenize

__all__ = ["Step", "Stream", "stream", "TextStream", "decode_chunks", "REPLACEMENT"]

REPLACEMENT = "\ufffd"  # what errors="replace" puts in place of bytes that are not a whole character
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that never start a character
_BAD = (
    '<span style="background:#FCE4DC;color:#1a1a1a;border:1px solid #D55E00;border-radius:2px;padding:0 1px"'
    ' title="U+FFFD">&#xFFFD;</span>'
)
_NEW = "background:#FFF4D6;color:#1a1a1a;border-bottom:2px solid #E69F00"
_TAIL = 300  # characters of each decoded text shown, up to the current token


class Step(NamedTuple):
    """One token of a stream: what each decoder makes of it.

    ``naive`` is the token's bytes decoded alone (``errors="replace"``); ``incremental`` is what an
    incremental UTF-8 decoder gives out once it has this token (``""`` while it waits); ``pending``
    the bytes it then holds back, the start of a character not yet whole.
    """

    id: int
    bytes: bytes
    naive: str
    incremental: str
    pending: builtins.bytes


class Stream(Sequence[Step]):
    """A text's tokens as a stream, decoded both ways; displays up to ``upto`` tokens in Jupyter.

    Nothing is decoded ahead: a step, or the text shown after ``k`` tokens, is worked out when asked,
    from the text's bytes and per-token facts computed once for the distinct ids (with numpy), so a
    megabyte of text costs little more than tokenizing it.
    """

    def __init__(self, tokens: Tokens, *, upto: int | None = None, rows: int = 12) -> None:
        self.tokens = tokens
        self.text, self.encoding, self.ids = tokens.text, tokens.encoding, tokens.ids
        self._token_bytes = tokens.table
        self._index: _Index | None = None
        self.upto = len(self.ids) if upto is None else whole(upto, "upto", high=len(self.ids))
        self.rows = whole(rows, "rows", low=1, high=200)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> list[Step]: ...
    def __getitem__(self, index: int | slice) -> Step | list[Step]:
        if isinstance(index, slice):
            positions = range(*index.indices(len(self)))
            return self._steps(positions.start, positions.stop)[:: positions.step] if positions else []
        i = range(len(self))[index]
        return self._steps(i, i + 1)[0]

    def _raw(self, i: int) -> bytes:
        return self._token_bytes[self.ids[i]]

    def _steps(self, first: int, stop: int) -> list[Step]:
        """Steps ``first`` to ``stop - 1``, decoding from the last character boundary before ``first``."""
        start = first
        while start > 0 and self._raw(start)[0] & 0xC0 == 0x80:
            start -= 1  # a token that begins inside a character: start one token earlier
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        steps = []
        for i in range(start, stop):
            raw = self._raw(i)
            out = decoder.decode(raw)
            if i >= first:
                steps.append(Step(self.ids[i], raw, raw.decode("utf-8", "replace"), out, decoder.getstate()[0]))
        return steps

    def _facts(self) -> _Index:
        if self._index is None:
            text, encoding = self.text, self.encoding
            self._index = _Index(
                self.ids, self._token_bytes, lambda: registry.as_encoded(encoding, text)[0].encode("utf-8")
            )
        return self._index

    def pending(self, upto: int) -> bytes:
        """The bytes the incremental decoder holds back after ``upto`` tokens."""
        return self._decoded(self._upto(upto))[1]

    def _decoded(self, n: int) -> tuple[str, bytes]:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        text = decoder.decode(self._facts().prefix(n))
        return text, decoder.getstate()[0]

    def naive_text(self, upto: int | None = None) -> str:
        """The text shown by decoding each token alone, after ``upto`` tokens (all by default)."""
        return "".join(self._raw(i).decode("utf-8", "replace") for i in range(self._upto(upto)))

    def incremental_text(self, upto: int | None = None) -> str:
        """The text shown by the incremental decoder after ``upto`` tokens (all by default)."""
        return self._decoded(self._upto(upto))[0]

    def replacements(self, upto: int | None = None) -> int:
        """How many more ``�`` the naive decoding shows than the incremental one, after ``upto`` tokens."""
        return self._facts().extra(self._upto(upto))

    def _upto(self, upto: int | None) -> int:
        return len(self) if upto is None else whole(upto, "upto", high=len(self))

    def to_html(self, upto: int | None = None) -> str:
        n = self.upto if upto is None else self._upto(upto)
        head = _("{encoding}: token {k:,} of {n:,}").format(encoding=self.encoding, k=n, n=len(self))
        naive, incremental = _("Each token decoded alone (naive)"), _("Decoded incrementally (codecs)")
        recent = self._steps(max(0, n - _TAIL), n)  # enough tokens for the panes' last characters
        held = recent[-1].pending if recent else b""
        waiting = (
            _html.note(_("held back, waiting for the rest of a character: {hex}").format(hex=held.hex(" ")))
            if held
            else ""
        )
        cell = 'style="text-align:left;vertical-align:top;padding:4px 8px;width:50%;border:1px solid #8888"'
        panes = (
            '<table style="border-collapse:collapse;width:100%;max-width:900px;table-layout:fixed">'
            f"<tr><th {cell}>{_html.esc(naive)}</th><th {cell}>{_html.esc(incremental)}</th></tr>"
            f"<tr><td {cell}>{self._pane(recent, n, 'naive')}</td>"
            f"<td {cell}>{self._pane(recent, n, 'incremental')}{waiting}</td></tr></table>"
        )
        count = self.replacements(n)
        summary = _html.note(
            _("So far the naive decoding shows {n:,} replacement characters (U+FFFD, in red) not in the text.").format(
                n=count
            )
        )
        return _html.block(
            "stream", f'<div style="margin-bottom:.3em">{_html.esc(head)}</div>{panes}{summary}{self._table(recent, n)}'
        )

    def _pane(self, steps: list[Step], n: int, kind: str) -> str:
        if n == 0:
            return _html.esc(_("(nothing yet)"))
        pieces = [step.naive if kind == "naive" else step.incremental for step in steps]
        text = "".join(pieces[:-1])
        more = "… " if n > len(steps) else ""
        newest = f'<span style="{_NEW}">{_marked(pieces[-1])}</span>' if pieces[-1] else ""
        return (
            '<div dir="auto" style="white-space:pre-wrap;overflow-wrap:anywhere;font-size:1.25em;'
            f'line-height:1.6;font-family:{_html.MONO}">{more}{_marked(text[-_TAIL:])}{newest}</div>'
        )

    def _table(self, recent: list[Step], n: int) -> str:
        first = max(0, n - self.rows)
        head = [_("token"), _("id"), _("bytes"), _("alone"), _("incremental gives"), _("held back")]
        rows = []
        for i, step in zip(range(first, n), recent[len(recent) - (n - first) :], strict=True):
            rows.append(
                "<tr>"
                + "".join(
                    f'<td style="padding:1px 8px;text-align:{align};font-family:{_html.MONO}">{value}</td>'
                    for value, align in (
                        (f"{i + 1:,}", "right"),
                        (str(step.id), "right"),
                        (step.bytes.hex(" "), "left"),
                        (_marked(step.naive), "left"),
                        (_marked(step.incremental) if step.incremental else "–", "left"),
                        (step.pending.hex(" ") or "–", "left"),
                    )
                )
                + "</tr>"
            )
        heading = "".join(f'<th style="padding:1px 8px;text-align:left">{_html.esc(h)}</th>' for h in head)
        earlier = _html.note(_("(the {n:,} tokens before are not listed)").format(n=first)) if first else ""
        table = f'<table style="border-collapse:collapse;margin-top:.4em"><tr>{heading}</tr>{"".join(rows)}</table>'
        return table + earlier

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return (
            f"<Stream {self.encoding}: token {self.upto:,} of {len(self):,}; "
            f"{self.replacements(self.upto):,} U+FFFD in the naive decoding>"
        )


class _Index:
    """Where each token's bytes end in the text's bytes, and how many more ``�`` decoding it alone
    shows, for every token: worked out for the distinct ids only, then spread with numpy.

    A token cut out of valid UTF-8 is: continuation bytes ending a character begun before it, whole
    characters, and the start of a character that goes on after it. Decoded alone, each leading
    continuation byte is one ``�`` and the unfinished start one more (Python's decoder replaces a
    maximal unfinished sequence once); the incremental decoder shows none of them.
    """

    def __init__(self, ids: list[int], table: TokenTable, whole: Callable[[], bytes]) -> None:
        import numpy as np

        array = np.asarray(ids, dtype=np.int64)
        seen = np.zeros(int(array.max()) + 1 if len(ids) else 1, dtype=bool)
        seen[array] = True  # no sort: ids are below the vocabulary's size
        length, leading = np.zeros(len(seen), dtype=np.int64), np.zeros(len(seen), dtype=np.int64)
        for token_id in np.flatnonzero(seen).tolist():
            raw = table[token_id]
            length[token_id], leading[token_id] = len(raw), len(raw) - len(raw.lstrip(_CONTINUATION))
        lengths, leads = length[array], leading[array]
        self._ends = np.cumsum(lengths)
        starts_inside = leads > 0
        unfinished = (leads < lengths) & np.append(starts_inside[1:], False)  # the next token ends its character
        self._extra = np.concatenate(([0], np.cumsum(leads + unfinished)))
        self._whole: bytes | None = None
        self._text_bytes = whole
        self._ids, self._table = ids, table

    def prefix(self, n: int) -> bytes:
        """The bytes of the first ``n`` tokens: a slice of the text's own bytes (which the tokens spell)."""
        if self._whole is None:
            whole = self._text_bytes()
            if len(self._ends) and len(whole) != int(self._ends[-1]):  # never, but then: the tokens' own bytes
                whole = b"".join(map(self._table.__getitem__, self._ids))
            self._whole = whole
        return self._whole[: int(self._ends[n - 1])] if n else b""

    def extra(self, n: int) -> int:
        return int(self._extra[n])


def _marked(text: str) -> str:
    """Escaped text, invisible characters made visible, and U+FFFD drawn as a marked box."""
    return _visible.html(text).replace(REPLACEMENT, _BAD)


def stream(
    text: str,
    *,
    encoding: str | None = None,
    model: str | None = None,
    upto: int | None = None,
    rows: int = 12,
) -> Stream:
    """``text``'s tokens under an encoding (or a model's), as a stream decoded both ways.

    The display shows the stream after ``upto`` tokens (all by default) and the last ``rows``
    tokens in a table.

    >>> s = stream("你好", encoding="r50k_base")
    >>> s.naive_text(1), s.incremental_text(1), s.pending(1)
    ('\ufffd', '', b'\xe4\xbd')
    """
    return Stream(tokenize(text, encoding=encoding, model=model), upto=upto, rows=rows)


class TextStream:
    """The text of a chat-completions stream from the ``openai`` client, as it arrives.

    Iterate over it to get each piece of text (each chunk's ``choices[0].delta.content``, already a
    whole string: the client decodes the bytes); afterwards ``text`` is the whole answer and
    ``usage`` the token usage of the last chunk, which the API sends when asked with
    ``stream_options={"include_usage": True}`` (its ``choices`` is empty). Chunks may be the client's
    objects or plain dicts.

    >>> chunks = [{"choices": [{"delta": {"content": "你"}}]}, {"choices": [{"delta": {"content": "好"}}]},
    ...           {"choices": [], "usage": {"completion_tokens": 1}}]
    >>> answer = TextStream(chunks)
    >>> list(answer), answer.text, answer.usage
    (['你', '好'], '你好', {'completion_tokens': 1})
    """

    def __init__(self, chunks: Iterable[Any]) -> None:
        if isinstance(chunks, (str, bytes)) or not isinstance(chunks, Iterable):
            raise TypeError(
                _("a stream is the chunks the client returns with stream=True, not {brief}").format(brief=brief(chunks))
            )
        self._chunks = chunks
        self.pieces: list[str] = []
        self.usage: Any = None

    def __iter__(self) -> Iterator[str]:
        for chunk in self._chunks:
            usage = field(chunk, "usage")
            if usage is not None:
                self.usage = usage
            for choice in field(chunk, "choices") or ():
                if (field(choice, "index") or 0) != 0:
                    continue
                content = field(field(choice, "delta"), "content")
                if content:
                    self.pieces.append(content)
                    yield content

    @property
    def text(self) -> str:
        """The text received so far."""
        return "".join(self.pieces)

    def __repr__(self) -> str:
        return f"<TextStream: {len(self.pieces):,} pieces, {len(self.text):,} characters>"


def decode_chunks(chunks: Iterable[bytes]) -> Iterator[str]:
    """Decode UTF-8 that arrives in chunks (an HTTP response's bytes), keeping a split character's
    first bytes until the rest arrives. A stream cut inside a character ends with one ``�``.

    >>> raw = "你好".encode()
    >>> list(decode_chunks([raw[:2], raw[2:4], raw[4:]]))
    ['你', '好']
    """
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    for chunk in chunks:
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise TypeError(_("decode_chunks takes chunks of bytes, not {name}").format(name=type(chunk).__name__))
        text = decoder.decode(bytes(chunk))
        if text:
            yield text
    rest = decoder.decode(b"", final=True)
    if rest:
        yield rest
