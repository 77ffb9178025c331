"""Draw tokens: pure functions from a ``Tokens`` object to HTML, plain text or ANSI colors.

The HTML is made to survive everywhere a notebook output is shown: a live cell, a saved
(untrusted) notebook, nbconvert and GitHub. So it has no script and no random ids, and what
matters is inline: every token is a box with a pale background from a colorblind-safe palette
(stable per token id), dark text, and a border, so boundaries show even without color and in
JupyterLab's dark theme. A character split over several tokens is drawn once, in a dashed box
marked with how many tokens it is made of.

This module draws; it does not tokenize (``tokens``) or display (``display``).

>>> from tokenlab import tokenize
>>> print(text(tokenize("Hello world")))
o200k_base: 2 tokens · 11 characters · 2 words · 1.00 tokens per word
Hello|·world
"""

from __future__ import annotations

from html import escape
from itertools import chain, repeat
from typing import TYPE_CHECKING, Literal

from . import _visible

if TYPE_CHECKING:
    from .tokens import Tokens

__all__ = ["html", "text", "PALETTE", "color_of", "DEFAULT_MAX_TOKENS"]

# Paul Tol's "light" scheme: distinct under the common color-vision deficiencies, and made for
# black text on top. https://personal.sron.nl/~pault/#sec:qualitative
PALETTE = ("#77AADD", "#99DDFF", "#44BBAA", "#BBCC33", "#AAAA00",
           "#EEDD88", "#EE8866", "#FFAABB", "#DDDDDD")  # fmt: skip
# The nearest xterm-256 colors, for terminals.
_ANSI = (110, 117, 73, 149, 142, 186, 210, 217, 253)

DEFAULT_MAX_TOKENS = 2000
View = Literal["text", "bytes"]

# The user-facing words of this module, in one place for translation.
WORDS = {
    "token": "token",
    "tokens": "tokens",
    "character": "character",
    "characters": "characters",
    "word": "word",
    "words": "words",
    "per_word": "tokens per word",
    "not_drawn": "… {n:,} more tokens not drawn (the counts are exact); draw more with max_tokens={total}",
    "split_legend": "dashed box: one character split over several tokens (the small number says how many)",
    "split_title": "{text} = {n} tokens: {parts}",
    "token_title": "id {id}",
    "empty": "(empty text: 0 tokens)",
}

_BOX = "background:{};color:#000;border:1px solid #666;border-radius:3px;margin-right:1px"
_STYLES = tuple(_BOX.format(c) for c in PALETTE)
_SPLIT_STYLES = tuple(s + ";border-style:dashed" for s in _STYLES)
_FONT = "ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono','Noto Sans Mono CJK SC',monospace"
_NOTE = '<div style="font-size:.85em;opacity:.8;margin-top:.3em">{}</div>'


def color_of(token_id: int) -> str:
    """The palette color of a token id: the same id always gets the same color.

    >>> color_of(0) == color_of(len(PALETTE))
    True
    """
    return PALETTE[token_id % len(PALETTE)]


def html(
    tokens: Tokens,
    *,
    ids: bool = False,
    view: View = "text",
    max_tokens: int = DEFAULT_MAX_TOKENS,
    header: bool = True,
) -> str:
    """Colored token spans as HTML, with a header line of counts.

    ``ids=True`` writes each token's id under it; ``view="bytes"`` shows each token's bytes in hex
    instead of its text; at most ``max_tokens`` tokens are drawn (the counts stay exact).
    """
    _check(view, max_tokens)
    parts = ['<div class="tokenlab-tokens" style="line-height:1.9">']
    if header:
        parts.append(f'<div style="margin-bottom:.2em">{escape(_header(tokens))}</div>')
    body = _bytes_boxes(tokens, max_tokens, ids) if view == "bytes" else _text_boxes(tokens, max_tokens, ids)
    drawn, spans, has_split = body
    parts.append(
        f'<div dir="auto" style="white-space:pre-wrap;overflow-wrap:anywhere;font-family:{_FONT}">'
        f"{''.join(spans) or escape(WORDS['empty'])}</div>"
    )
    if has_split:
        parts.append(_NOTE.format(escape(WORDS["split_legend"])))
    if drawn < len(tokens):
        parts.append(_NOTE.format(escape(WORDS["not_drawn"].format(n=len(tokens) - drawn, total=len(tokens)))))
    parts.append("</div>")
    return "".join(parts)


def text(
    tokens: Tokens,
    *,
    ids: bool = False,
    view: View = "text",
    max_tokens: int = DEFAULT_MAX_TOKENS,
    color: bool = False,
    header: bool = True,
) -> str:
    """Token spans as text: ``|``-separated, or ANSI background colors with ``color=True``.

    A split character shows once, with a superscript count: ``你²``.
    """
    _check(view, max_tokens)
    boxes = _boxes(tokens, max_tokens, view)
    cells, previous = [], -1
    for shown, token_ids in boxes:
        cell = _visible.plain(shown) if view == "text" else shown
        if len(token_ids) > 1:
            cell += _superscript(len(token_ids))
        if ids:
            cell += "[" + "+".join(map(str, token_ids)) + "]"
        if color:
            # Colors have no borders in a terminal: never give two neighbours the same one.
            k = token_ids[0] % len(_ANSI)
            k = previous = (k + 1) % len(_ANSI) if k == previous else k
            underline = ";4" if len(token_ids) > 1 else ""
            cell = f"\x1b[48;5;{_ANSI[k]};38;5;16{underline}m{cell}\x1b[0m"
        cells.append(cell)
    lines = [_header(tokens)] if header else []
    lines.append(("" if color else "|").join(cells) if cells else WORDS["empty"])
    drawn = sum(len(b[1]) for b in boxes)
    if drawn < len(tokens):
        lines.append(WORDS["not_drawn"].format(n=len(tokens) - drawn, total=len(tokens)))
    return "\n".join(lines)


def _header(tokens: Tokens) -> str:
    c = tokens.counts
    per_word = f"{c.tokens_per_word:.2f}" if c.tokens_per_word is not None else "–"
    return (
        f"{tokens.encoding}: {_n(c.tokens, 'token')} · {_n(c.characters, 'character')}"
        f" · {_n(c.words, 'word')} · {per_word} {WORDS['per_word']}"
    )


def _n(count: int, unit: str) -> str:
    """``'1 token'``, ``'1,234 tokens'``: a count with its unit's word from WORDS."""
    return f"{count:,} {WORDS[unit if count == 1 else unit + 's']}"


def _check(view: str, max_tokens: int) -> None:
    if view not in ("text", "bytes"):
        raise ValueError(f"view must be 'text' or 'bytes', not {view!r}")
    if not isinstance(max_tokens, int) or max_tokens < 0:
        raise ValueError(f"max_tokens must be a whole number ≥ 0, not {max_tokens!r}")


def _boxes(tokens: Tokens, limit: int, view: View) -> list[tuple[str, tuple[int, ...]]]:
    """What to draw: (shown text, token ids) per box, for at least the first ``limit`` tokens."""
    if view == "bytes":
        table = tokens.table
        return [(table[i].hex(" "), (i,)) for i in tokens.ids[:limit]]
    texts, groups, _ = tokens._boxes(limit)
    return [(t, g if isinstance(g, tuple) else (g,)) for t, g in zip(texts, groups)]


def _text_boxes(tokens: Tokens, limit: int, ids: bool) -> tuple[int, list[str], bool]:
    """HTML spans of the text view: (tokens drawn, spans, whether any character is split)."""
    texts, groups, split = tokens._boxes(limit)
    shown = _html_each(texts)
    if not ids and not split:
        # The common case and the hot path of every display: one join, no Python code per token.
        spans = chain.from_iterable(zip(map(_OPEN_TAGS.__getitem__, groups), shown, repeat("</span>")))
        return len(groups), ["".join(spans)], False
    spans, drawn = [], 0
    for group, inner, raw_text in zip(groups, shown, texts):
        if type(group) is int:
            drawn += 1
            label = _small("sub", str(group)) if ids else ""
            spans.append(f"{_OPEN_TAGS[group]}{inner}{label}</span>")
            continue
        drawn += len(group)
        opening, closing = _split_tags(tokens, group, raw_text, ids)
        spans.append(opening + inner + closing)
    return drawn, spans, split


_SPLIT_TAGS: dict[tuple[str, tuple[int, ...], bool], tuple[str, str]] = {}


def _split_tags(tokens: Tokens, group: tuple[int, ...], raw_text: str, ids: bool) -> tuple[str, str]:
    """The tags around a split character's box: its dashed style, the hover text listing each
    token's id and bytes, and the count. Made once per character for the shipped encodings, since
    a text repeats its characters (a Chinese text under r50k_base is mostly split characters)."""
    key = (tokens.encoding, group, ids)
    tags = _SPLIT_TAGS.get(key) if tokens.shared_table else None
    if tags is None:
        parts = " + ".join(f"id {i} ({tokens.table[i].hex(' ')})" for i in group)
        title = escape(WORDS["split_title"].format(text=raw_text, n=len(group), parts=parts))
        mark = "+".join(map(str, group)) if ids else str(len(group))
        tags = (f'<span style="{_SPLIT_STYLES[group[0] % len(PALETTE)]}" title="{title}">', f'{_small("sup", mark)}</span>')
        if tokens.shared_table:
            if len(_SPLIT_TAGS) > 100_000:  # bounded: far more characters than any lesson shows
                _SPLIT_TAGS.clear()
            _SPLIT_TAGS[key] = tags
    return tags


class _OpenTags(dict[int, str]):
    """The opening tag of each token id's box, made once per id, on first use."""

    def __missing__(self, token_id: int) -> str:
        tag = self[token_id] = f'<span style="{_STYLES[token_id % len(PALETTE)]}" title="id {token_id}">'
        return tag


_OPEN_TAGS = _OpenTags()


def _bytes_boxes(tokens: Tokens, limit: int, ids: bool) -> tuple[int, list[str], bool]:
    """HTML spans of the bytes view: every token its own box, its bytes in hex."""
    from ._encode import readable

    table, n = tokens.table, len(PALETTE)
    spans = []
    for i in tokens.ids[:limit]:
        title = escape(f"id {i}: {readable(table[i])}")
        label = _small("sub", str(i)) if ids else ""
        spans.append(f'<span style="{_STYLES[i % n]}" title="{title}">{table[i].hex(" ")}{label}</span>')
    return len(spans), spans, False


def _html_each(texts: list[str]) -> list[str]:
    """``_visible.html`` of each text, done in one pass over them all (much faster)."""
    if not texts:
        return []
    shown = _visible.html(_SEP.join(texts)).split(_SEP)
    if len(shown) != len(texts):  # a text held U+E000 itself: no shortcut
        shown = [_visible.html(t) for t in texts]
    return shown


def _small(tag: str, inner: str) -> str:
    return f'<{tag} style="font-size:.62em;color:#333">{inner}</{tag}>'


_SEP = _visible.SEPARATOR
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _superscript(n: int) -> str:
    return str(n).translate(_SUPERSCRIPT)
