"""One text under several encodings, side by side, with the places they cut differently marked.

The rows are aligned by character offsets: a box (a token, or the tokens of a split character)
spans some characters of the text, and a box whose span is not a box in every encoding compared
is underlined, so a student sees where GPT-3's and GPT-4o's tokenizers disagree, not only how many
tokens each takes.

Each encoding is one row, however it was named: ``gpt-4o`` and ``o200k_base`` name the same
encoding, which is shown once (the display says which names it stands for). ``counts``,
``differences()``, ``change()``, indexing and the display all have the same rows.

>>> c = compare("Hello world", encodings=["r50k_base", "o200k_base"])
>>> c.counts
{'r50k_base': 2, 'o200k_base': 2}
>>> compare(" ChatGPT", encodings=["r50k_base", "o200k_base"]).differences()  # ' Chat' + 'G' + 'PT'
{'r50k_base': [(5, 6), (6, 8)], 'o200k_base': [(5, 8)]}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from typing import Any, overload

from . import _html, registry, render
from ._boxes import boxes
from ._checks import brief, whole
from ._compat import second_positional
from ._differences import Spans, edges
from ._differences import differing as _differing
from ._encode import AllowedSpecial
from ._i18n import _, units
from .tokens import Tokens, TokenTable, tokenize

__all__ = ["Comparison", "compare", "differing", "box_spans"]


def _change_said(change: float, first: str) -> str:
    """How many more or fewer tokens than the first encoding, in words: "50% fewer than r50k_base"."""
    if round(change) == 0:
        return _("as many as {first}").format(first=first)
    if change < 0:
        return _("{n:.0f}% fewer than {first}").format(n=-change, first=first)
    return _("{n:.0f}% more than {first}").format(n=change, first=first)


class Comparison(Sequence[Tokens]):
    """The tokens of one text under several encodings; displays as a table of colored spans.

    Indexing gives each encoding's ``Tokens``, in the order asked for, by position or by name
    (``c["gpt-4o"]``). With ``highlight`` (the default), the boxes that the encodings cut
    differently are underlined. ``names`` maps each encoding to the names it was asked by.
    """

    def __init__(
        self,
        text: str,
        tokens: Sequence[Tokens],
        *,
        highlight: bool = True,
        names: Mapping[str, Sequence[str]] | None = None,
        allowed_special: AllowedSpecial = frozenset(),
    ) -> None:
        rows = list(tokens) if isinstance(tokens, Iterable) and not isinstance(tokens, (str, Mapping)) else None
        if not rows or not all(isinstance(t, Tokens) for t in rows):
            raise TypeError(_("a Comparison holds a list of Tokens of one text; use tokenlab.compare(text, ...)"))
        if any(t.text is not text and t.text != text for t in rows):
            raise ValueError(_("a Comparison holds the tokens of one text: these are of different texts"))
        encodings = [t.encoding for t in rows]
        if len(set(encodings)) < len(encodings):
            raise ValueError(
                _("each encoding is one row of a Comparison, but {names} came twice").format(
                    names=", ".join(sorted({e for e in encodings if encodings.count(e) > 1}))
                )
            )
        self.text = text
        self.tokens = rows
        self.highlight = bool(highlight)
        self.names = {e: _asked(names, e) for e in encodings}
        self.allowed_special = allowed_special

    def __len__(self) -> int:
        return len(self.tokens)

    @overload
    def __getitem__(self, index: int | str) -> Tokens: ...
    @overload
    def __getitem__(self, index: slice) -> list[Tokens]: ...
    def __getitem__(self, index: int | str | slice) -> Tokens | list[Tokens]:
        if isinstance(index, str):
            return self._row(index)
        if isinstance(index, int) and not -len(self.tokens) <= index < len(self.tokens):
            raise IndexError(
                _("no row {index}: this comparison has {n}").format(index=brief(index), n=units(len(self), "encoding"))
            )
        return self.tokens[index]

    def __iter__(self) -> Iterator[Tokens]:
        return iter(self.tokens)

    def __contains__(self, value: object) -> bool:
        if isinstance(value, str):
            try:
                self._row(value)
            except ValueError:
                return False
            return True
        return value in self.tokens

    @property
    def encodings(self) -> list[str]:
        """The encodings compared, one per row, in order."""
        return [t.encoding for t in self.tokens]

    @property
    def counts(self) -> _TokenCounts:
        """Token count per encoding, e.g. ``{'r50k_base': 12, 'o200k_base': 9}``."""
        return _TokenCounts({t.encoding: len(t) for t in self.tokens})

    def change(self, encoding: str) -> float | None:
        """How many more (+) or fewer (-) tokens ``encoding`` (or a model name that uses it) needs
        than the first row, in percent; None when the text has no tokens.

        >>> compare("你好世界", encodings=["gpt-4", "gpt-4o"]).change("gpt-4o")  # 5 tokens, then 2
        -60.0
        """
        first = len(self.tokens[0])
        mine = len(self._row(encoding))
        return None if first == 0 else 100.0 * (mine - first) / first

    def _row(self, name: str) -> Tokens:
        """The row of an encoding, or of a name it was asked by, or of a model name that uses it."""
        if not isinstance(name, str):
            raise TypeError(_("a row is named by its encoding (a string), not {name}").format(name=type(name).__name__))
        key = name.strip()
        for t in self.tokens:
            if key == t.encoding or key in self.names[t.encoding]:
                return t
        try:
            resolved = registry.resolve(key)
        except (ValueError, TypeError):
            resolved = None
        for t in self.tokens:
            if resolved == t.encoding:
                return t
        raise ValueError(
            _("{brief} is not in this comparison; it compares {names}").format(
                brief=brief(name), names=", ".join(self.encodings)
            )
        )

    def differences(self, *, limit: int | None = None) -> dict[str, Spans]:
        """For each encoding, the character spans (``start``, ``end`` in the text) of its boxes that
        are not a box in every other encoding: where the encodings cut the text differently. Each is
        a read-only list of ``(start, end)`` tuples (kept as two arrays: a megabyte of text may
        differ in a million places).

        ``limit`` looks only at each encoding's first ``limit`` tokens (all by default).
        """
        if limit is not None:
            whole(limit, "limit")
        bound = max(len(t) for t in self.tokens) if limit is None else limit
        drawn, marks = _differing(self.tokens, bound)
        out = {}
        for t, found, marked in zip(self.tokens, drawn, marks, strict=True):
            starts, ends = found[:-1], found[1:]
            empty = starts == ends  # a token made of part of a character NFC made (Devanagari nukta letters)
            if empty.any():
                marked = marked.copy()
                for i in empty.nonzero()[0].tolist():  # its mark goes to the box that holds the character
                    if marked[i] and i + 1 < len(marked):
                        marked[i + 1] = True
                marked &= ~empty
            out[t.encoding] = Spans(starts[marked], ends[marked])
        return out

    def to_html(self, *, max_tokens: int = render.DEFAULT_MAX_TOKENS, **options: Any) -> str:
        """The rows as HTML: ``max_tokens`` per row, and ``max_chars`` characters shared among the
        rows (``render.DEFAULT_MAX_CHARS`` by default), so that the table stays light however many
        rows it has; other options as ``render.html``."""
        per_row = self._per_row(options)
        highlight = self.highlight and len(self.tokens) > 1
        whole(max_tokens, "max_tokens")
        if highlight:  # only as far as a row can draw (NFC may fold a few characters into one)
            found = _differing(self.tokens, max_tokens, reach=4 * per_row + 64)[1]
            marks = [set(m.nonzero()[0].tolist()) for m in found]
        else:
            marks = [set() for _t in self.tokens]
        if options.get("view") == "bytes":  # a box of the text view is one token or more: mark each
            marks = [_token_marks(t, m, max_tokens) for t, m in zip(self.tokens, marks, strict=True)]
        rows = []
        first = self.tokens[0].encoding
        for t, marked in zip(self.tokens, marks, strict=True):
            change = self.change(t.encoding)
            delta = "" if t.encoding == first or change is None else _change_said(change, first)
            asked = [n for n in self.names[t.encoding] if n != t.encoding]
            alias = f'<br><span style="opacity:.75">({_html.esc(", ".join(asked))})</span>' if asked else ""
            drawn = render.html(t, header=False, marked=marked, max_tokens=max_tokens, max_chars=per_row, **options)
            rows.append(
                '<tr style="border-top:1px solid #8888">'
                '<td style="text-align:left;vertical-align:top;padding:4px 8px;white-space:nowrap">'
                f"<b>{_html.esc(t.encoding)}</b>{alias}<br>{_html.esc(units(len(t), 'token'))}"
                f'<br><span style="opacity:.75">{_html.esc(delta)}</span></td>'
                '<td style="text-align:left;vertical-align:top;padding:4px 8px">'
                f"{drawn}</td></tr>"
            )
        title = _("The same text under {n}").format(n=units(len(self.tokens), "encoding"))
        inner = (
            f'<div style="margin-bottom:.2em">{_html.esc(title)}</div>'
            f'<table style="border-collapse:collapse">{"".join(rows)}</table>'
        )
        for encoding, names in self.names.items():
            if len(names) > 1:
                inner += _html.note(
                    _("{names} use the same encoding, {encoding}: it is shown once.").format(
                        names=", ".join(names), encoding=encoding
                    )
                )
        if highlight:
            inner += _legend(any(marks))
        return _html.block("compare", inner)

    def to_text(self, **options: Any) -> str:
        """The rows as plain text (``max_chars`` shared among the rows, as in ``to_html``)."""
        per_row = self._per_row(options)
        return "\n\n".join(render.text(t, max_chars=per_row, **options) for t in self.tokens)

    def _per_row(self, options: dict[str, Any]) -> int:
        max_chars = whole(options.pop("max_chars", render.DEFAULT_MAX_CHARS), "max_chars")
        return -(-max_chars // len(self.tokens))

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}: {n}" for name, n in self.counts.items())
        return f"<Comparison {counts}>"

    def __reduce__(self) -> tuple[Any, ...]:
        # What a comparison is (its text, and each row's ids), not what it has worked out: the rows
        # rebuild their offsets on loading, whatever the encoding keeps to map them.
        rows = [(t.encoding, t.ids, None if t.shared_table else t.table) for t in self.tokens]
        return (_rebuilt, (self.text, rows, self.highlight, self.names, self.allowed_special))


def _asked(names: object, encoding: str) -> tuple[str, ...]:
    """The names an encoding was asked by, from ``Comparison(names=...)``: itself if none."""
    if names is None:
        return (encoding,)
    given = names.get(encoding, ()) if isinstance(names, Mapping) else None
    if isinstance(given, str):
        given = (given,)
    if not isinstance(given, (list, tuple)) or not all(isinstance(name, str) for name in given):
        raise TypeError(
            _(
                "names maps each encoding to the names it was asked by, e.g. {{'o200k_base': ['gpt-4o']}}; not {brief}"
            ).format(brief=brief(names))
        )
    return tuple(given) or (encoding,)


def _rebuilt(
    text: str,
    rows: list[tuple[str, list[int], TokenTable | None]],
    highlight: bool,
    names: dict[str, tuple[str, ...]],
    allowed_special: AllowedSpecial,
) -> Comparison:
    tokens = [Tokens(text, e, ids, table=table, allowed_special=allowed_special) for e, ids, table in rows]
    return Comparison(text, tokens, highlight=highlight, names=names, allowed_special=allowed_special)


def _legend(any_marked: bool) -> str:
    if not any_marked:
        return _html.note(_("These encodings cut this text at the same places (only the ids differ)."))
    sample = (
        '<span style="display:inline-block;width:1.4em;height:.9em;vertical-align:middle;background:#DDDDDD;'
        f'border:1px solid #666;border-bottom:3px solid {_html.VERMILLION};border-radius:3px"></span>'
    )
    words = _html.esc(_("underlined: cut differently by at least one of the other encodings"))
    return f'<div style="font-size:.85em;opacity:.8;margin-top:.3em">{sample} {words}</div>'


def _token_marks(tokens: Tokens, marked: set[int], limit: int) -> set[int]:
    """The bytes view draws each token alone: the tokens of the marked boxes of the text view."""
    if not marked:
        return marked
    out: set[int] = set()
    at = 0
    for n, group in enumerate(boxes(tokens.ids, tokens.table, limit)[1]):
        size = 1 if isinstance(group, int) else len(group)
        if n in marked:
            out.update(range(at, at + size))
        at += size
    return out


def box_spans(tokens: Tokens, limit: int) -> list[tuple[int, int]]:
    """The character span of each box drawn for the first ``limit`` tokens, in the order drawn.

    Offsets are in the original text, the same for every encoding of it, though an encoding may
    encode a changed text (Qwen's NFC: see ``Tokens.text_offset``).
    """
    return list(pairwise(edges(tokens, limit).tolist()))


def differing(tokens: Sequence[Tokens], limit: int) -> list[set[int]]:
    """For each encoding, the positions of its boxes (among those of its first ``limit`` tokens)
    whose character span is not a box in every other encoding."""
    if not tokens:
        return []
    return [set(m.nonzero()[0].tolist()) for m in _differing(tokens, limit)[1]]


class _TokenCounts(dict[str, int]):
    """A dict; calling it (``counts()``, the older spelling) still works, with a warning."""

    def __call__(self) -> dict[str, int]:
        from ._compat import deprecated

        deprecated("Comparison.counts()", "Comparison.counts (a property)")
        return dict(self)


@second_positional("encodings")
def compare(
    text: str,
    *,
    encodings: Sequence[str] | None = registry.GENERATIONS,
    allowed_special: AllowedSpecial = frozenset(),
    highlight: bool = True,
) -> Comparison:
    """Tokenize ``text`` under each of ``encodings`` (names of encodings or models; None: GPT-2's,
    GPT-4's and GPT-4o's, ``registry.GENERATIONS``).

    Names that mean the same encoding (``gpt-4o`` and ``o200k_base``) give it one row, which says
    the names it stands for. With ``highlight`` (the default) the display underlines the boxes that
    the encodings cut differently (see ``Comparison.differences``).

    >>> compare("你好", encodings=["gpt-3.5-turbo", "gpt-4o"]).counts
    {'cl100k_base': 2, 'o200k_base': 1}
    >>> compare("你好", encodings=["gpt-4o", "o200k_base"]).names
    {'o200k_base': ('gpt-4o', 'o200k_base')}
    """
    names = _names(encodings)
    if allowed_special:
        rows = [tokenize(text, encoding=name, allowed_special=allowed_special) for name in names]
        return Comparison(text, rows, highlight=highlight, names=names, allowed_special=allowed_special)
    # Encodings that differ only in their special tokens give ordinary text the same ids: encode
    # it once for both (a megabyte under every encoding is then eight encodes, not ten).
    done: dict[str, Tokens] = {}
    results = []
    for name in names:
        twin = registry.ordinary_encoding(name).name
        if twin in done:
            results.append(Tokens(done[twin].text, name, done[twin].ids))
        else:
            results.append(done.setdefault(twin, tokenize(text, encoding=name)))
    return Comparison(text, results, highlight=highlight, names=names)


def _names(encodings: object) -> dict[str, tuple[str, ...]]:
    """Each encoding meant by ``encodings``, in order, with the names it was given by."""
    if encodings is None:  # as tokenize(encoding=None): the default
        encodings = registry.GENERATIONS
    if isinstance(encodings, str):
        encodings = [encodings]
    if isinstance(encodings, (bytes, bytearray, Mapping)) or not isinstance(encodings, Iterable):
        raise TypeError(
            _("encodings is a list of names such as ['cl100k_base', 'gpt-4o'], not {name}").format(
                name=type(encodings).__name__
            )
        )
    given = list(encodings)
    if not given:
        raise ValueError(_("compare needs at least one encoding, e.g. encodings=['cl100k_base', 'o200k_base']"))
    out: dict[str, list[str]] = {}
    for name in given:
        if not isinstance(name, str):
            raise TypeError(_("encodings is a list of names (strings); it holds {brief}").format(brief=brief(name)))
        names = out.setdefault(registry.resolve(name), [])
        if name.strip() not in names:
            names.append(name.strip())
    return {encoding: tuple(names) for encoding, names in out.items()}
