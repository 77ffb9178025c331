"""Draw tokens: pure functions from a ``Tokens`` object to HTML, plain text or ANSI colors.

The HTML is made to survive everywhere a notebook output is shown: a live cell, a saved
(untrusted) notebook, nbconvert and GitHub. So it has no script and no random ids, and what
matters is inline: every token is a box with a pale background from a colorblind-safe palette,
dark text, and a border, so boundaries show even without color and in JupyterLab's dark theme.
A token's color comes from its id, except that two neighbours never share one. A character split
over several tokens is drawn once, in a dashed box marked with how many tokens it is made of.

This module draws; it does not tokenize (``tokens``) or display (``display``).

>>> from tokenlab import tokenize
>>> print(text(tokenize("Hello world")))
o200k_base: 2 tokens · 11 characters · 2 words · 1.00 tokens per word
Hello|·world
"""

from __future__ import annotations

import operator
from collections.abc import Collection, Sequence
from itertools import chain, compress, islice, repeat
from typing import TYPE_CHECKING, Literal, cast

from . import _html, _visible
from ._boxes import boxes
from ._encode import readable
from ._i18n import _, units

if TYPE_CHECKING:
    from .tokens import Tokens

__all__ = ["html", "text", "header", "colors", "PALETTE", "DEFAULT_MAX_TOKENS", "View", "SEPARATORS", "MARK"]

# Paul Tol's "light" scheme: distinct under the common color-vision deficiencies, and made for
# black text on top. https://personal.sron.nl/~pault/#sec:qualitative
PALETTE = ("#77AADD", "#99DDFF", "#44BBAA", "#BBCC33", "#AAAA00", "#EEDD88", "#EE8866", "#FFAABB", "#DDDDDD")
_N = len(PALETTE)
# The nearest xterm-256 colors, for terminals.
_ANSI = (110, 117, 73, 149, 142, 186, 210, 217, 253)
# Plain text puts the first of these between tokens that the text itself does not contain.
SEPARATORS = ("|", "│", "¦", "‖", "┃")

DEFAULT_MAX_TOKENS = 2000
View = Literal["text", "bytes"]

_BOX = "background:{};color:#000;border:1px solid #666;border-radius:3px;margin-right:1px"
_STYLES = tuple(_BOX.format(c) for c in PALETTE)
_SPLIT_STYLES = tuple(s + ";border-style:dashed" for s in _STYLES)
# How a marked box is drawn: a thick underline, in a color none of the boxes has.
MARK = "border-bottom:3px solid " + _html.VERMILLION
_FONT = "ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono','Noto Sans Mono CJK SC',monospace"


def html(
    tokens: Tokens,
    *,
    ids: bool = False,
    view: View = "text",
    max_tokens: int = DEFAULT_MAX_TOKENS,
    header: bool = True,
    marked: Collection[int] = (),
) -> str:
    """Colored token spans as HTML, with a header line of counts.

    ``ids=True`` writes each token's id under it; ``view="bytes"`` shows each token's bytes in hex
    instead of its text; at most ``max_tokens`` tokens are drawn (the counts stay exact).
    ``marked`` are the positions of boxes to underline thickly (in the text view, a box is a token
    or a split character, as ``Tokens.segments`` lists them; in the bytes view, a token); the
    caller says what the mark means.
    """
    _check(view, max_tokens)
    parts = []
    if header:
        parts.append(f'<div style="margin-bottom:.2em">{_html.esc(_header(tokens))}</div>')
    if view == "bytes":
        body = _bytes_boxes(tokens, max_tokens, ids, marked)
    else:
        body = _text_boxes(tokens, max_tokens, ids, marked)
    drawn, spans, has_split = body
    parts.append(
        f'<div dir="auto" style="white-space:pre-wrap;overflow-wrap:anywhere;font-family:{_FONT}">'
        f"{''.join(spans) or _html.esc(_('(empty text: 0 tokens)'))}</div>"
    )
    if has_split:
        parts.append(
            _html.note(_("dashed box: one character split over several tokens (the small number says how many)"))
        )
    if drawn < len(tokens):
        parts.append(_html.note(_not_drawn(len(tokens) - drawn, len(tokens))))
    return _html.block("tokens", "".join(parts), style="line-height:1.9")


def text(
    tokens: Tokens,
    *,
    ids: bool = False,
    view: View = "text",
    max_tokens: int = DEFAULT_MAX_TOKENS,
    color: bool = False,
    header: bool = True,
) -> str:
    """Token spans as text: separated by ``|`` (or, when the text holds a ``|``, by the first of
    ``SEPARATORS`` it does not hold), or in ANSI background colors with ``color=True``.

    A split character shows once, with a superscript count: ``你²``.
    """
    _check(view, max_tokens)
    drawn_boxes = _boxes(tokens, max_tokens, view)
    cells, previous = [], -1
    for shown, token_ids in drawn_boxes:
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
    separator = "" if color else next((s for s in SEPARATORS if not any(s in c for c in cells)), SEPARATORS[0])
    lines.append(separator.join(cells) if cells else _("(empty text: 0 tokens)"))
    drawn = sum(len(b[1]) for b in drawn_boxes)
    if drawn < len(tokens):
        lines.append(_not_drawn(len(tokens) - drawn, len(tokens)))
    return "\n".join(lines)


def header(tokens: Tokens) -> str:
    """The line above the tokens: how many tokens, characters and words, and tokens per word.

    Words are counted only where spaces separate them (see ``Counts.words``).
    """
    return _header(tokens)


def _header(tokens: Tokens) -> str:
    c = tokens.counts
    parts = [tokens.encoding + ": " + units(c.tokens, "token"), units(c.characters, "character")]
    if c.words is not None:
        parts.append(units(c.words, "word"))
        per_word = f"{c.tokens_per_word:.2f}" if c.tokens_per_word is not None else "–"
        parts.append(_("{n} tokens per word").format(n=per_word))
    return " · ".join(parts)


def _not_drawn(hidden: int, total: int) -> str:
    return _("… {n:,} more tokens not drawn (the counts are exact); draw more with max_tokens={total}").format(
        n=hidden, total=total
    )


def _check(view: str, max_tokens: int) -> None:
    if view not in ("text", "bytes"):
        raise ValueError(f"view must be 'text' or 'bytes', not {view!r}")
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 0:
        raise ValueError(f"max_tokens must be a whole number ≥ 0, not {max_tokens!r}")


def _boxes(tokens: Tokens, limit: int, view: View) -> list[tuple[str, tuple[int, ...]]]:
    """What to draw: (shown text, token ids) per box, for at least the first ``limit`` tokens."""
    if view == "bytes":
        table = tokens.table
        return [(table[i].hex(" "), (i,)) for i in tokens.ids[:limit]]
    texts, groups, _split = boxes(tokens.ids, tokens.table, limit)
    return [(t, g if isinstance(g, tuple) else (g,)) for t, g in zip(texts, groups, strict=True)]


def colors(first_ids: Sequence[int]) -> list[int]:
    """The palette index of each box, from the id of its (first) token: ``id % 9``, moved on by
    one where it would equal its left neighbour's, so that neighbours always differ.

    >>> colors([0, 9, 18, 4])
    [0, 1, 0, 4]
    """
    mods = list(map(operator.mod, first_ids, repeat(_N)))
    # The comparisons are lazy, so each sees the moves made to its left. Only where a box equals
    # its neighbour (about one pair in nine) is there Python work to do.
    for i in compress(range(1, len(mods)), map(operator.eq, mods, islice(mods, 1, None))):
        mods[i] = (mods[i] + 1) % _N
    return mods


def _text_boxes(tokens: Tokens, limit: int, ids: bool, marked: Collection[int]) -> tuple[int, list[str], bool]:
    """HTML spans of the text view: (tokens drawn, spans, whether any character is split)."""
    texts, groups, split = boxes(tokens.ids, tokens.table, limit)
    shown = _html_each(texts)
    if not ids and not split:
        # The common case and the hot path of every display: one join, no Python code per token
        # (but where neighbours share a color, and for each marked box).
        single = cast("list[int]", groups)  # no split character: every box is one token
        keys = map(operator.add, map(operator.mul, single, repeat(_N)), colors(single))
        tags = list(map(_OPEN_TAGS.__getitem__, keys))
        for n in marked:
            if n < len(tags):
                tags[n] = _marked(tags[n])
        spans = chain.from_iterable(zip(tags, shown, repeat("</span>")))
        return len(groups), ["".join(spans)], False
    out, drawn = [], 0
    palette = colors([g if isinstance(g, int) else g[0] for g in groups])
    for n, (group, inner, raw_text, k) in enumerate(zip(groups, shown, texts, palette, strict=True)):
        if isinstance(group, int):
            drawn += 1
            label = _small("sub", str(group)) if ids else ""
            opening = _OPEN_TAGS[group * _N + k]
            closing = f"{label}</span>"
        else:
            drawn += len(group)
            opening, closing = _split_tags(tokens, group, raw_text, ids, k)
        if n in marked:
            opening = _marked(opening)
        out.append(opening + inner + closing)
    return drawn, out, split


def _marked(opening: str) -> str:
    """A box's opening tag, with the thick underline of a marked box added to its style."""
    return opening.replace('" title=', f';{MARK}" title=', 1)


_SPLIT_TAGS: dict[tuple[str, tuple[int, ...], bool, int], tuple[str, str]] = {}


def _split_tags(tokens: Tokens, group: tuple[int, ...], raw_text: str, ids: bool, k: int) -> tuple[str, str]:
    """The tags around a split character's box: its dashed style, the hover text listing each
    token's id and bytes, and the count. Made once per character for the shipped encodings, since
    a text repeats its characters (a Chinese text under r50k_base is mostly split characters)."""
    key = (tokens.encoding, group, ids, k)
    tags = _SPLIT_TAGS.get(key) if tokens.shared_table else None
    if tags is None:
        parts = " + ".join(f"id {i} ({tokens.table[i].hex(' ')})" for i in group)
        title = _html.esc(_("{text} = {n} tokens: {parts}").format(text=raw_text, n=len(group), parts=parts))
        mark = "+".join(map(str, group)) if ids else str(len(group))
        tags = (f'<span style="{_SPLIT_STYLES[k]}" title="{title}">', f"{_small('sup', mark)}</span>")
        if tokens.shared_table:
            if len(_SPLIT_TAGS) > 100_000:  # bounded: far more characters than any lesson shows
                _SPLIT_TAGS.clear()
            _SPLIT_TAGS[key] = tags
    return tags


class _OpenTags(dict[int, str]):
    """The opening tag of each box, by ``id * 9 + color``, made once, on first use."""

    def __missing__(self, key: int) -> str:
        token_id, k = divmod(key, _N)
        tag = self[key] = f'<span style="{_STYLES[k]}" title="id {token_id}">'
        return tag


_OPEN_TAGS = _OpenTags()


def _bytes_boxes(tokens: Tokens, limit: int, ids: bool, marked: Collection[int]) -> tuple[int, list[str], bool]:
    """HTML spans of the bytes view: every token its own box, its bytes in hex."""
    table = tokens.table
    head = tokens.ids[:limit]
    spans = []
    for n, (i, k) in enumerate(zip(head, colors(head), strict=True)):
        title = _html.esc(f"id {i}: {readable(table[i])}")
        label = _small("sub", str(i)) if ids else ""
        style = f"{_STYLES[k]};{MARK}" if n in marked else _STYLES[k]
        spans.append(f'<span style="{style}" title="{title}">{table[i].hex(" ")}{label}</span>')
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
