"""One text under several encodings, side by side, with the places they cut differently marked.

The rows are aligned by character offsets: a box (a token, or the tokens of a split character)
spans some characters of the text, and a box whose span is not a box in every encoding compared
is underlined, so a student sees where GPT-3's and GPT-4o's tokenizers disagree, not only how many
tokens each takes.

>>> c = compare("Hello world", encodings=["r50k_base", "o200k_base"])
>>> c.counts
{'r50k_base': 2, 'o200k_base': 2}
>>> compare(" ChatGPT", encodings=["r50k_base", "o200k_base"]).differences()  # ' Chat' + 'G' + 'PT'
{'r50k_base': [(5, 6), (6, 8)], 'o200k_base': [(5, 8)]}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import Any, overload

from . import _html, registry, render
from ._boxes import boxes
from ._compat import second_positional
from ._encode import AllowedSpecial
from ._i18n import _, units
from .tokens import Tokens, tokenize

__all__ = ["Comparison", "compare", "differing", "box_spans"]


class Comparison(Sequence[Tokens]):
    """The tokens of one text under several encodings; displays as a table of colored spans.

    Indexing gives each encoding's ``Tokens``, in the order asked for. With ``highlight`` (the
    default), the boxes that the encodings cut differently are underlined.
    """

    def __init__(self, text: str, tokens: list[Tokens], *, highlight: bool = True) -> None:
        self.text = text
        self.tokens = tokens
        self.highlight = highlight

    def __len__(self) -> int:
        return len(self.tokens)

    @overload
    def __getitem__(self, index: int) -> Tokens: ...
    @overload
    def __getitem__(self, index: slice) -> list[Tokens]: ...
    def __getitem__(self, index: int | slice) -> Tokens | list[Tokens]:
        return self.tokens[index]

    def __iter__(self) -> Iterator[Tokens]:
        return iter(self.tokens)

    @property
    def counts(self) -> _TokenCounts:
        """Token count per encoding, e.g. ``{'r50k_base': 12, 'o200k_base': 9}``."""
        return _TokenCounts({t.encoding: len(t) for t in self.tokens})

    def change(self, encoding: str) -> float | None:
        """How many more (+) or fewer (-) tokens ``encoding`` needs than the first, in percent."""
        first = len(self.tokens[0])
        mine = self.counts[encoding]
        return None if first == 0 else 100.0 * (mine - first) / first

    def differences(self, *, limit: int | None = None) -> dict[str, list[tuple[int, int]]]:
        """For each encoding, the character spans (``start``, ``end`` in the text) of its boxes that
        are not a box in every other encoding: where the encodings cut the text differently.

        ``limit`` looks only at each encoding's first ``limit`` tokens (all by default).
        """
        marks = differing(self.tokens, max(len(t) for t in self.tokens) if limit is None else limit)
        out = {}
        for t, marked in zip(self.tokens, marks, strict=True):
            spans = box_spans(t, len(t) if limit is None else limit)
            out[t.encoding] = [spans[n] for n in sorted(marked)]
        return out

    def to_html(self, **options: Any) -> str:
        rows = []
        first = self.tokens[0].encoding
        highlight = self.highlight and len(self.tokens) > 1
        limit = options.get("max_tokens", render.DEFAULT_MAX_TOKENS)
        marks = differing(self.tokens, limit) if highlight else [set() for _t in self.tokens]
        for t, marked in zip(self.tokens, marks, strict=True):
            change = self.change(t.encoding)
            delta = (
                ""
                if t.encoding == first or change is None
                else _("{change:+.0f}% vs {first}").format(change=change, first=first)
            )
            rows.append(
                '<tr style="border-top:1px solid #8888">'
                '<td style="text-align:left;vertical-align:top;padding:4px 8px;white-space:nowrap">'
                f"<b>{_html.esc(t.encoding)}</b><br>{_html.esc(units(len(t), 'token'))}"
                f'<br><span style="opacity:.75">{_html.esc(delta)}</span></td>'
                '<td style="text-align:left;vertical-align:top;padding:4px 8px">'
                f"{render.html(t, header=False, marked=marked, **options)}</td></tr>"
            )
        title = _("The same text under {n}").format(n=units(len(self.tokens), "encoding"))
        inner = (
            f'<div style="margin-bottom:.2em">{_html.esc(title)}</div>'
            f'<table style="border-collapse:collapse">{"".join(rows)}</table>'
        )
        if highlight:
            inner += _legend(any(marks))
        return _html.block("compare", inner)

    def to_text(self, **options: Any) -> str:
        return "\n\n".join(render.text(t, **options) for t in self.tokens)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}: {n}" for name, n in self.counts.items())
        return f"<Comparison {counts}>"


def _legend(any_marked: bool) -> str:
    if not any_marked:
        return _html.note(_("These encodings cut this text at the same places (only the ids differ)."))
    sample = (
        '<span style="display:inline-block;width:1.4em;height:.9em;vertical-align:middle;background:#DDDDDD;'
        f'border:1px solid #666;border-bottom:3px solid {_html.VERMILLION};border-radius:3px"></span>'
    )
    words = _html.esc(_("underlined: cut differently by at least one of the other encodings"))
    return f'<div style="font-size:.85em;opacity:.8;margin-top:.3em">{sample} {words}</div>'


def box_spans(tokens: Tokens, limit: int) -> list[tuple[int, int]]:
    """The character span of each box drawn for the first ``limit`` tokens, in the order drawn.

    Offsets are in the original text, the same for every encoding of it, though an encoding may
    encode a changed text (Qwen's NFC: see ``Tokens.text_offset``).
    """
    ends = list(accumulate(map(len, boxes(tokens.ids, tokens.table, limit)[0])))
    spans = list(zip([0, *ends], ends, strict=False))  # one start more than ends: the last is dropped
    if not tokens.text_changed:
        return spans
    return [tokens.text_span(start, end) for start, end in spans]


def differing(tokens: Sequence[Tokens], limit: int) -> list[set[int]]:
    """For each encoding, the positions of its boxes (among those of its first ``limit`` tokens)
    whose character span is not a box in every other encoding."""
    drawn = [box_spans(t, limit) for t in tokens]
    reach = max((spans[-1][1] for spans in drawn if spans), default=0)
    every = []  # each encoding's boxes, at least as far as any drawn box reaches
    for t, spans in zip(tokens, drawn, strict=True):
        more = limit
        while (not spans or spans[-1][1] < reach) and more < len(t):
            more = max(2 * more, 256)
            spans = box_spans(t, more)
        every.append(set(spans))
    shared = set.intersection(*every) if every else set()
    return [{n for n, span in enumerate(spans) if span not in shared} for spans in drawn]


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
    encodings: Sequence[str] = registry.GENERATIONS,
    allowed_special: AllowedSpecial = frozenset(),
    highlight: bool = True,
) -> Comparison:
    """Tokenize ``text`` under each of ``encodings`` (names of encodings or models).

    With ``highlight`` (the default) the display underlines the boxes that the encodings cut
    differently (see ``Comparison.differences``).

    >>> compare("你好", encodings=["gpt-3.5-turbo", "gpt-4o"]).counts
    {'cl100k_base': 2, 'o200k_base': 1}
    """
    if isinstance(encodings, str):
        encodings = [encodings]
    if not encodings:
        raise ValueError(_("compare needs at least one encoding, e.g. encodings=['cl100k_base', 'o200k_base']"))
    if allowed_special:
        return Comparison(
            text,
            [tokenize(text, encoding=name, allowed_special=allowed_special) for name in encodings],
            highlight=highlight,
        )
    # Encodings that differ only in their special tokens give ordinary text the same ids: encode
    # it once for both (a megabyte under every encoding is then four encodes, not six).
    done: dict[str, Tokens] = {}
    results = []
    for name in encodings:
        resolved = registry.resolve(name) if isinstance(name, str) else name
        twin = registry.ordinary_encoding(resolved).name if isinstance(resolved, str) else resolved
        if twin in done:
            results.append(Tokens(done[twin].text, resolved, done[twin].ids))
        else:
            results.append(done.setdefault(twin, tokenize(text, encoding=resolved)))
    return Comparison(text, results, highlight=highlight)
