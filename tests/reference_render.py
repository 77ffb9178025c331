"""tokenlab's drawing as it was before it was made faster (render.py and _boxes.py at 5e6c0fd),
kept unchanged so that tests can prove the faster code draws exactly the same bytes.

Only what changed is kept here: cutting tokens into boxes and drawing the spans. It takes each
token's bytes from a table given by the test (built from tiktoken's own Encoding), not from
tokenlab's registry, so that it depends on nothing the speed work touched.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from itertools import chain, compress, islice, repeat

from tokenlab import _html, _visible
from tokenlab._encode import readable
from tokenlab._i18n import _, ngettext, units

PALETTE = ("#77AADD", "#99DDFF", "#44BBAA", "#BBCC33", "#AAAA00", "#EEDD88", "#EE8866", "#FFAABB", "#DDDDDD")
_N = len(PALETTE)
_ANSI = (110, 117, 73, 149, 142, 186, 210, 217, 253)
SEPARATORS = ("|", "│", "¦", "‖", "┃")
_BOX = "background:{};color:#000;border:1px solid #666;border-radius:3px;margin-right:1px"
_STYLES = tuple(_BOX.format(c) for c in PALETTE)
_SPLIT_STYLES = tuple(s + ";border-style:dashed" for s in _STYLES)
MARK = "border-bottom:3px solid " + _html.VERMILLION
_FONT = "ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono','Noto Sans Mono CJK SC',monospace"
_FOLD_CONTINUATION = bytes(0x80 if 0x80 <= b < 0xC0 else b for b in range(256))
_BOX_BOUNDARY = re.compile(b"\xff(?![\x80-\xbf])")


def boxes(ids, table, limit):
    n = len(ids)
    limit = max(0, min(limit, n))
    while limit < n and table[ids[limit]][:1] and table[ids[limit]][0] & 0xC0 == 0x80:
        limit += 1
    if not limit:
        return [], [], False
    head = list(ids[:limit])
    marked = b"\xff".join(map(table.__getitem__, head))
    if b"\xff\x80" not in marked.translate(_FOLD_CONTINUATION):
        return marked.decode("utf-8", "surrogateescape").split("\udcff"), list(head), False
    texts, groups, i = [], [], 0
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


def colors(first_ids: Sequence[int]) -> list[int]:
    mods = list(map(operator.mod, first_ids, repeat(_N)))
    for i in compress(range(1, len(mods)), map(operator.eq, mods, islice(mods, 1, None))):
        mods[i] = (mods[i] + 1) % _N
    return mods


def html(tokens, table, *, ids=False, view="text", max_tokens=2000, header=True, marked=()):
    parts = []
    if header:
        parts.append(f'<div style="margin-bottom:.2em">{_html.esc(_header(tokens))}</div>')
    draw = _bytes_boxes if view == "bytes" else _text_boxes
    drawn, spans, has_split = draw(tokens, table, max_tokens, ids, marked)
    parts.append(
        f'<div dir="auto" style="white-space:pre-wrap;overflow-wrap:anywhere;font-family:{_FONT}">'
        # (changed since: a text with nothing drawn, max_tokens=0, is no longer called empty)
        f"{''.join(spans) or ('' if len(tokens) else _html.esc(_('(empty text: 0 tokens)')))}</div>"
    )
    if has_split:
        parts.append(
            _html.note(_("dashed box: one character split over several tokens (the small number says how many)"))
        )
    if drawn < len(tokens.ids):
        parts.append(_html.note(_not_drawn(len(tokens.ids) - drawn, len(tokens.ids))))
    return _html.block("tokens", "".join(parts), style="line-height:1.9")


def text(tokens, table, *, ids=False, view="text", max_tokens=2000, color=False, header=True):
    drawn_boxes = _boxes(tokens, table, max_tokens, view)
    cells, previous = [], -1
    for shown, token_ids in drawn_boxes:
        cell = _visible.plain(shown) if view == "text" else shown
        if len(token_ids) > 1:
            cell += str(len(token_ids)).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
        if ids:
            cell += "[" + "+".join(map(str, token_ids)) + "]"
        if color:
            k = token_ids[0] % len(_ANSI)
            k = previous = (k + 1) % len(_ANSI) if k == previous else k
            underline = ";4" if len(token_ids) > 1 else ""
            cell = f"\x1b[48;5;{_ANSI[k]};38;5;16{underline}m{cell}\x1b[0m"
        cells.append(cell)
    lines = [_header(tokens)] if header else []
    separator = "" if color else next((s for s in SEPARATORS if not any(s in c for c in cells)), SEPARATORS[0])
    if cells or not len(tokens):  # (changed since, as above)
        lines.append(separator.join(cells) if cells else _("(empty text: 0 tokens)"))
    drawn = sum(len(b[1]) for b in drawn_boxes)
    if drawn < len(tokens.ids):
        lines.append(_not_drawn(len(tokens.ids) - drawn, len(tokens.ids)))
    return "\n".join(lines)


def _header(tokens):
    c = tokens.counts
    parts = [tokens.encoding + ": " + units(c.tokens, "token"), units(c.characters, "character")]
    if c.words is not None:
        parts.append(units(c.words, "word"))
        per_word = f"{c.tokens_per_word:.2f}" if c.tokens_per_word is not None else "–"
        parts.append(_("{n} tokens per word").format(n=per_word))
    return " · ".join(parts)


def _not_drawn(hidden, total):
    return ngettext(  # (changed since: "1 more token" in the singular)
        "… {n:,} more token not drawn (the counts are exact); draw more with max_tokens={total}",
        "… {n:,} more tokens not drawn (the counts are exact); draw more with max_tokens={total}",
        hidden,
    ).format(n=hidden, total=total)


def _boxes(tokens, table, limit, view):
    if view == "bytes":
        return [(table[i].hex(" "), (i,)) for i in tokens.ids[:limit]]
    texts, groups, _split = boxes(tokens.ids, table, limit)
    return [(t, g if isinstance(g, tuple) else (g,)) for t, g in zip(texts, groups, strict=True)]


def _text_boxes(tokens, table, limit, ids, marked):
    texts, groups, split = boxes(tokens.ids, table, limit)
    shown = _html_each(texts)
    if not ids and not split:
        single = groups
        keys = map(operator.add, map(operator.mul, single, repeat(_N)), colors(single))
        tags = list(map(_open_tag, keys))
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
            opening = _open_tag(group * _N + k)
            closing = f"{label}</span>"
        else:
            drawn += len(group)
            opening, closing = _split_tags(table, group, raw_text, ids, k)
        if n in marked:
            opening = _marked(opening)
        out.append(opening + inner + closing)
    return drawn, out, split


def _marked(opening):
    return opening.replace('" title=', f';{MARK}" title=', 1)


def _split_tags(table, group, raw_text, ids, k):
    parts = " + ".join(f"id {i} ({table[i].hex(' ')})" for i in group)
    title = _html.esc(_("{text} = {n} tokens: {parts}").format(text=raw_text, n=len(group), parts=parts))
    mark = "+".join(map(str, group)) if ids else str(len(group))
    return f'<span style="{_SPLIT_STYLES[k]}" title="{title}">', f"{_small('sup', mark)}</span>"


def _open_tag(key):
    token_id, k = divmod(key, _N)
    return f'<span style="{_STYLES[k]}" title="id {token_id}">'


def _bytes_boxes(tokens, table, limit, ids, marked):
    head = tokens.ids[:limit]
    spans = []
    for n, (i, k) in enumerate(zip(head, colors(head), strict=True)):
        title = _html.esc(f"id {i}: {readable(table[i])}")
        label = _small("sub", str(i)) if ids else ""
        style = f"{_STYLES[k]};{MARK}" if n in marked else _STYLES[k]
        spans.append(f'<span style="{style}" title="{title}">{table[i].hex(" ")}{label}</span>')
    return len(spans), spans, False


def _html_each(texts):
    if not texts:
        return []
    shown = _visible.html(_visible.SEPARATOR.join(texts)).split(_visible.SEPARATOR)
    if len(shown) != len(texts):
        shown = [_visible.html(t) for t in texts]
    return shown


def _small(tag, inner):
    return f'<{tag} style="font-size:.62em;color:#333">{inner}</{tag}>'


def table_of(encoding) -> list[bytes]:
    """Every id's bytes, as tokenlab's registry built them at 2beed1c: from the ranks, then the
    special tokens in their order (so where two special tokens share an id, the last one wins)."""
    table = [b""] * (encoding.max_token_value + 1)
    for raw, rank in encoding._mergeable_ranks.items():
        table[rank] = raw
    for special, rank in encoding._special_tokens.items():
        table[rank] = special.encode("utf-8")
    return table
