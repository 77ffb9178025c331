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
from bisect import bisect_right
from collections.abc import Collection, Sequence
from itertools import accumulate, compress, islice, repeat
from typing import TYPE_CHECKING, Literal, NamedTuple

from . import _html, _visible
from ._boxes import Pieces, box_keys, boxes
from ._checks import brief
from ._encode import readable
from ._i18n import _, ngettext, units

if TYPE_CHECKING:
    from .tokens import Tokens, TokenTable

__all__ = [
    "html",
    "text",
    "extent",
    "header",
    "colors",
    "PALETTE",
    "DEFAULT_MAX_TOKENS",
    "DEFAULT_MAX_CHARS",
    "HTML_PER_CHAR",
    "View",
    "SEPARATORS",
    "MARK",
]

# Paul Tol's "light" scheme: distinct under the common color-vision deficiencies, and made for
# black text on top. https://personal.sron.nl/~pault/#sec:qualitative
PALETTE = ("#77AADD", "#99DDFF", "#44BBAA", "#BBCC33", "#AAAA00", "#EEDD88", "#EE8866", "#FFAABB", "#DDDDDD")
_N = len(PALETTE)
# The nearest xterm-256 colors, for terminals.
_ANSI = (110, 117, 73, 149, 142, 186, 210, 217, 253)
# Plain text puts the first of these between tokens that the text itself does not contain.
SEPARATORS = ("|", "│", "¦", "‖", "┃")

DEFAULT_MAX_TOKENS = 2000
# A drawing is bounded in size too, not only in tokens: 2,000 tokens of 128 spaces each are 256,000
# characters and megabytes of HTML, which a notebook is slow to save and to open. 2,000 tokens of
# prose are about 9,000 characters, so the bound leaves an ordinary drawing whole.
DEFAULT_MAX_CHARS = 10_000
# And the HTML of the boxes stays under this many bytes per character allowed (1 MB by default; never
# under 64 kB): prose takes about 40 bytes a character, Chinese cut into bytes by r50k_base about 400.
HTML_PER_CHAR = 100
_HTML_FLOOR = 64_000
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
    max_chars: int = DEFAULT_MAX_CHARS,
    header: bool = True,
    marked: Collection[int] = (),
) -> str:
    """Colored token spans as HTML, with a header line of counts.

    ``ids=True`` writes each token's id under it; ``view="bytes"`` shows each token's bytes in hex
    instead of its text. At most ``max_tokens`` tokens and ``max_chars`` characters of the text are
    drawn, in at most ``HTML_PER_CHAR * max_chars`` bytes of HTML (or 64 kB); a note says what was left out
    (the counts stay exact). ``marked`` are the positions of boxes to underline thickly (in the
    text view, a box is a token or a split character, as ``Tokens.segments`` lists them; in the
    bytes view, a token); the caller says what the mark means.
    """
    _check(view, max_tokens, tokens, max_chars)
    parts = []
    if header:
        parts.append(f'<div style="margin-bottom:.2em">{_html.esc(_header(tokens))}</div>')
    bound = _Bound(max_tokens, max_chars)
    if view == "bytes":
        body = _bytes_boxes(tokens, bound, ids, marked)
    else:
        body = _text_boxes(tokens, bound, ids, marked)
    drawn, spans, has_split = body
    parts.append(
        f'<div dir="auto" style="white-space:pre-wrap;overflow-wrap:anywhere;font-family:{_FONT}">'
        f"{''.join(spans) or ('' if len(tokens) else _html.esc(_('(empty text: 0 tokens)')))}</div>"
    )
    if has_split:
        parts.append(
            _html.note(_("dashed box: one character split over several tokens (the small number says how many)"))
        )
    if drawn < len(tokens):
        parts.append(_html.note(_not_drawn(tokens, drawn, bound)))
    return _html.block("tokens", "".join(parts), style="line-height:1.9")


def text(
    tokens: Tokens,
    *,
    ids: bool = False,
    view: View = "text",
    max_tokens: int = DEFAULT_MAX_TOKENS,
    max_chars: int = DEFAULT_MAX_CHARS,
    color: bool = False,
    header: bool = True,
) -> str:
    """Token spans as text: separated by ``|`` (or, when the text holds a ``|``, by the first of
    ``SEPARATORS`` it does not hold), or in ANSI background colors with ``color=True``.

    A split character shows once, with a superscript count: ``你²``. At most ``max_tokens`` tokens
    and ``max_chars`` characters of the text are drawn, as in ``html``.
    """
    _check(view, max_tokens, tokens, max_chars)
    bound = _Bound(max_tokens, max_chars)
    drawn_boxes = _boxes(tokens, bound, view)
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
    if cells or not len(tokens):
        lines.append(separator.join(cells) if cells else _("(empty text: 0 tokens)"))
    drawn = sum(len(b[1]) for b in drawn_boxes)
    if drawn < len(tokens):
        lines.append(_not_drawn(tokens, drawn, bound))
    return "\n".join(lines)


def extent(
    tokens: Tokens,
    *,
    ids: bool = False,
    view: View = "text",
    max_tokens: int = DEFAULT_MAX_TOKENS,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> int:
    """How many of the tokens ``html`` draws with these options (a split character's tokens all,
    or none): a widget that lets a student pick a drawn token offers no more.

    >>> from tokenlab import tokenize
    >>> extent(tokenize(" " * 20_000), max_tokens=100)  # tokens of 128 spaces: 10,000 characters
    78
    """
    _check(view, max_tokens, tokens, max_chars)
    bound = _Bound(max_tokens, max_chars)
    boxes_of = _bytes_boxes if view == "bytes" else _text_boxes
    return boxes_of(tokens, bound, ids, ())[0]


def header(tokens: Tokens) -> str:
    """The line above the tokens: how many tokens, characters and words, and tokens per word.

    Words are counted only where spaces separate them (see ``Counts.words``).
    """
    _check("text", 0, tokens, 0)
    return _header(tokens)


def _header(tokens: Tokens) -> str:
    c = tokens.counts
    parts = [
        _("{label}: {value}").format(label=tokens.encoding, value=units(c.tokens, "token")),
        units(c.characters, "character"),
    ]
    if c.words is not None:
        parts.append(units(c.words, "word"))
        per_word = f"{c.tokens_per_word:.2f}" if c.tokens_per_word is not None else "–"
        parts.append(_("{n} tokens per word").format(n=per_word))
    return " · ".join(parts)


class _Bound:
    """How much a drawing may hold, and, once drawn, which bound stopped it (``cut``)."""

    def __init__(self, tokens: int, chars: int) -> None:
        self.tokens, self.chars, self.html = tokens, chars, max(HTML_PER_CHAR * chars, _HTML_FLOOR)
        self.cut = "tokens"

    def boxes(self, chars_through: Sequence[int], html_through: Sequence[int] | None = None) -> int:
        """How many boxes fit, given the characters (and the bytes of HTML) up to the end of each."""
        n = bisect_right(chars_through, self.chars)
        if n < len(chars_through):
            self.cut = "chars"
        if html_through is not None:
            fit = bisect_right(html_through, self.html, 0, n)
            if fit < n:
                n, self.cut = fit, "html"
        return n


def _not_drawn(tokens: Tokens, drawn: int, bound: _Bound) -> str:
    hidden, total = len(tokens) - drawn, len(tokens)
    if bound.cut == "chars":
        return ngettext(
            "… {n:,} more token not drawn (the counts are exact): a drawing shows at most {chars:,} characters "
            "of the text, to keep the notebook light (max_chars)",
            "… {n:,} more tokens not drawn (the counts are exact): a drawing shows at most {chars:,} characters "
            "of the text, to keep the notebook light (max_chars)",
            hidden,
        ).format(n=hidden, chars=bound.chars)
    if bound.cut == "html":
        return ngettext(
            "… {n:,} more token not drawn (the counts are exact): a drawing is kept under {kb:,} kB, so that "
            "the notebook stays quick to save and to open",
            "… {n:,} more tokens not drawn (the counts are exact): a drawing is kept under {kb:,} kB, so that "
            "the notebook stays quick to save and to open",
            hidden,
        ).format(n=hidden, kb=bound.html // 1000)
    return ngettext(
        "… {n:,} more token not drawn (the counts are exact); draw more with max_tokens={total}",
        "… {n:,} more tokens not drawn (the counts are exact); draw more with max_tokens={total}",
        hidden,
    ).format(n=hidden, total=total)


def _check(view: str, max_tokens: int, tokens: object = None, max_chars: int = 0) -> None:
    if not (hasattr(tokens, "ids") and hasattr(tokens, "counts")):  # render sits below tokens: no isinstance
        raise TypeError(
            _("draws the tokens of a text (tokenlab.tokenize(...)), not {name}").format(name=type(tokens).__name__)
        )
    if not isinstance(view, str) or view not in ("text", "bytes"):
        raise ValueError(_("view must be 'text' or 'bytes', not {brief}").format(brief=brief(view)))
    for name, value in (("max_tokens", max_tokens), ("max_chars", max_chars)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(_("{name} must be a whole number ≥ 0, not {brief}").format(name=name, brief=brief(value)))


def _boxes(tokens: Tokens, bound: _Bound, view: View) -> list[tuple[str, tuple[int, ...]]]:
    """What to draw: (shown text, token ids) per box, within the bound."""
    if view == "bytes":
        counts, table = _spans(tokens, False).chars, tokens.table
        head = tokens.ids[: bound.tokens]
        n = bound.boxes(list(accumulate(map(counts.__getitem__, head))))
        return [(table[i].hex(" "), (i,)) for i in head[:n]]
    texts, groups, _split = boxes(tokens.ids, tokens.table, bound.tokens)
    drawn = [(t, g if isinstance(g, tuple) else (g,)) for t, g in zip(texts, groups, strict=True)]
    n = bound.boxes(list(accumulate(map(len, texts))))
    return drawn[:n]


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


def _text_boxes(tokens: Tokens, bound: _Bound, ids: bool, marked: Collection[int]) -> tuple[int, list[str], bool]:
    """HTML spans of the text view: (tokens drawn, spans, whether any character is split).

    The hot path of every display. Each box is looked up, in its color, in a cache of whole spans
    (a text repeats its tokens, and Chinese its characters), so that drawing is a few C loops over
    the tokens, with Python work only for a box not drawn before."""
    spans = _spans(tokens, ids)
    keys, drawn = box_keys(tokens.ids, spans.pieces, bound.tokens)
    # Cut where the characters or the HTML would pass their bound (each box's are summed in C).
    chars = list(accumulate(map(spans.chars.__getitem__, tokens.ids[:drawn])))
    through = list(accumulate(map(len, keys)))  # tokens up to the end of each box
    split = len(keys) < drawn
    firsts = list(map(ord, map(operator.itemgetter(0), keys))) if split else tokens.ids[:drawn]
    in_color = map(spans.colored.__getitem__, colors(firsts))
    out = list(map(_Spans.__getitem__, in_color, keys))
    for k in sorted(m for m in marked if isinstance(m, int) and 0 <= m < len(out)) if marked else ():
        out[k] = _marked(out[k])
    n = bound.boxes([chars[t - 1] for t in through], list(accumulate(map(len, out))))
    if n < len(out):
        del out[n:]
        drawn = through[n - 1] if n else 0
        split = any(len(key) > 1 for key in keys[:n])
    return drawn, out, split


def _marked(span: str) -> str:
    """A box's span, with the thick underline of a marked box added to its style."""
    return span.replace('" title=', f';{MARK}" title=', 1)


class _Spans(dict[str, str]):
    """The whole span of each box in one color, by the box's ids (one character each, see
    ``_boxes.box_keys``). Made once, on first use."""

    def __init__(self, table: TokenTable, ids: bool, k: int) -> None:
        super().__init__()
        self.table, self.ids, self.k = table, ids, k

    def __missing__(self, box: str) -> str:
        group, k, table = [ord(c) for c in box], self.k, self.table
        if len(group) == 1:
            (token_id,) = group
            inner = _visible.html(table[token_id].decode("utf-8", "surrogateescape"))
            label = _small("sub", str(token_id)) if self.ids else ""
            span = f'<span style="{_STYLES[k]}" title="id {token_id}">{inner}{label}</span>'
        else:  # a character split over several tokens: drawn once, in a dashed box
            text = b"".join(table[i] for i in group).decode("utf-8")
            parts = " + ".join(f"id {i} ({table[i].hex(' ')})" for i in group)
            title = _html.esc(_("{text} = {n} tokens: {parts}").format(text=text, n=len(group), parts=parts))
            mark = "+".join(map(str, group)) if self.ids else str(len(group))
            span = f'<span style="{_SPLIT_STYLES[k]}" title="{title}">{_visible.html(text)}{_small("sup", mark)}</span>'
        if len(self) > 2_000:  # bounded (a few hundred kB): more boxes than a lesson draws in one color
            self.clear()
        self[box] = span
        return span


class _Chars(dict[int, int]):
    """Token id -> how many characters start in its bytes (a split character counts in the token
    that holds its first byte). Filled on use, and bounded."""

    def __init__(self, table: TokenTable) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, token_id: int) -> int:
        n = len(self.table[token_id].translate(None, _CONTINUATION))
        if len(self) > 50_000:
            self.clear()
        self[token_id] = n
        return n


_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that never start a character


class _SpanCache(NamedTuple):
    pieces: Pieces  # each token id as a piece of a box key
    colored: list[_Spans]  # the spans in each color of the palette
    chars: _Chars  # each token id's characters


_SPANS: dict[tuple[str, bool], _SpanCache] = {}


def _spans(tokens: Tokens, ids: bool) -> _SpanCache:
    """The span cache for these tokens: one per encoding (its table is the same for every text), and
    a fresh one for tokens with a table of their own (a toy BPE)."""
    spans = _SPANS.get((tokens.encoding, ids)) if tokens.shared_table else None
    if spans is None:
        table = tokens.table
        spans = _SpanCache(Pieces(table), [_Spans(table, ids, k) for k in range(_N)], _Chars(table))
        if tokens.shared_table:
            _SPANS[(tokens.encoding, ids)] = spans
    return spans


def _bytes_boxes(tokens: Tokens, bound: _Bound, ids: bool, marked: Collection[int]) -> tuple[int, list[str], bool]:
    """HTML spans of the bytes view: every token its own box, its bytes in hex."""
    table = tokens.table
    head = tokens.ids[: bound.tokens]
    spans = []
    for n, (i, k) in enumerate(zip(head, colors(head), strict=True)):
        title = _html.esc(f"id {i}: {readable(table[i])}")
        label = _small("sub", str(i)) if ids else ""
        style = f"{_STYLES[k]};{MARK}" if n in marked else _STYLES[k]
        spans.append(f'<span style="{style}" title="{title}">{table[i].hex(" ")}{label}</span>')
    chars = _spans(tokens, False).chars
    n = bound.boxes(list(accumulate(map(chars.__getitem__, head))), list(accumulate(map(len, spans))))
    return n, spans[:n], False


def _small(tag: str, inner: str) -> str:
    return f'<{tag} style="font-size:.62em;color:#333">{inner}</{tag}>'


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _superscript(n: int) -> str:
    return str(n).translate(_SUPERSCRIPT)
