"""Draw an ``explain.Explanation``: the regex split, then each piece's merges as a tree.

A tree is nested boxes, read from the bottom up: single bytes at the bottom, and each box one
merge of the two boxes inside it, labelled with its result, its rank and the step at which BPE
made it. The outermost boxes are the tokens, colored as ``render`` colors them. Static HTML only
(inline styles, explicit dark text on pale backgrounds, no script), and bounded: past
``MAX_NODES`` boxes the deeper merges are folded into one dashed box each (the list of steps
beside the tree stays complete).

Private to tokenlab: ``explain`` draws with it.
"""

from __future__ import annotations

import re
from collections import deque
from typing import TYPE_CHECKING

from . import _html, _visible, render
from ._encode import readable
from ._i18n import _, ngettext, units
from .bpe import shown

if TYPE_CHECKING:
    from .explain import Explanation, Node, Piece

__all__ = ["html", "text", "MAX_NODES", "MAX_TREE_NODES", "MAX_STEPS"]

MAX_TREE_NODES = 511  # boxes in one tree: every merge of a 256-byte piece
MAX_NODES = 800  # boxes in one explanation
MAX_STEPS = 400  # steps listed in one explanation (``Explanation.steps`` has them all)

_FONT = _html.MONO
_SMALL = "font-size:.68em;color:#333;white-space:nowrap;font-weight:normal"
_LEAF = (
    "display:inline-block;background:#E4E4E4;color:#000;border:1px solid #999;border-radius:3px;padding:0 3px;"
    "margin:1px"
)
_NODE = (
    "display:inline-flex;flex-direction:column;align-items:center;vertical-align:top;background:{bg};color:#000;"
    "border:1px {line} #666;border-radius:4px;padding:1px 3px 3px;margin:1px"
)
_DEPTH_BACKGROUNDS = ("#FFFFFF", "#F1F1F1")
_SPLIT = ("#EEDD88", "#99DDFF")
_CLIP = 80  # characters of a piece shown in the split and in headings


def _opened(trees: list[Node], budget: int) -> set[int]:
    """Which merges to draw open (breadth first) so that at most ``budget`` boxes are drawn."""
    queue, drawn, opened = deque(trees), len(trees), set()
    while queue:
        node = queue.popleft()
        if node.left is None or node.right is None:
            continue
        if drawn + 2 > budget:
            break
        opened.add(id(node))
        drawn += 2
        queue.extend((node.left, node.right))
    return opened


_HEX = re.compile(r"(⟨[0-9a-f ]+⟩)")


def _label(raw: bytes) -> str:
    """A part's bytes as HTML: its text with visible spaces, and partial characters as ``⟨e4 bd⟩``."""
    pieces = _HEX.split(readable(raw))
    return "".join(_html.esc(p) if i % 2 else _visible.html(p) for i, p in enumerate(pieces))


def _node_html(node: Node, opened: set[int], depth: int, background: str) -> str:
    if node.left is None or node.right is None:
        title = _html.esc(_("byte {hex}: token {id}").format(hex=node.raw.hex(), id=node.rank))
        return f'<span style="{_LEAF}" title="{title}">{_label(node.raw)}</span>'
    title = _html.esc(
        _("step {k}: {left} + {right} → {result} (rank {rank})").format(
            k=node.step, left=shown(node.left.raw), right=shown(node.right.raw), result=shown(node.raw), rank=node.rank
        )
    )
    head = (
        f'<div style="white-space:pre;font-weight:600">{_label(node.raw)}</div>'
        f'<div style="{_SMALL}">#{node.rank} · {_html.esc(_("step {k}").format(k=node.step))}</div>'
    )
    if id(node) not in opened:
        style = _NODE.format(bg=background, line="dashed")
        return f'<div style="{style}" title="{title}">{head}</div>'
    shade = _DEPTH_BACKGROUNDS[depth % 2]
    inner = _node_html(node.left, opened, depth + 1, shade) + _node_html(node.right, opened, depth + 1, shade)
    style = _NODE.format(bg=background, line="solid")
    return (
        f'<div style="{style}" title="{title}">{head}'
        f'<div style="display:flex;align-items:flex-end;gap:2px">{inner}</div></div>'
    )


def _tree_html(piece: Piece, budget: int) -> tuple[str, int]:
    """A piece's trees side by side, and how many boxes they took."""
    trees = piece.trees()
    opened = _opened(trees, min(budget, MAX_TREE_NODES))
    colors = render.colors([t.rank or 0 for t in trees])
    boxes = [
        _node_html(t, opened, 0, render.PALETTE[k]) if t.left is not None else _root_byte(t, render.PALETTE[k])
        for t, k in zip(trees, colors, strict=True)
    ]
    row = (
        f'<div style="display:flex;flex-wrap:wrap;align-items:flex-end;gap:4px;overflow-x:auto;font-family:{_FONT}">'
        f"{''.join(boxes)}</div>"
    )
    return row, len(trees) + 2 * len(opened)


def _root_byte(node: Node, background: str) -> str:
    """A token that is one byte: no merge made it."""
    style = _NODE.format(bg=background, line="solid")
    return (
        f'<div style="{style}"><div style="white-space:pre;font-weight:600">{_label(node.raw)}</div>'
        f'<div style="{_SMALL}">#{node.rank} · {_html.esc(_("one byte"))}</div></div>'
    )


def _steps_html(piece: Piece, limit: int) -> str:
    """The piece's steps as a numbered list, the first ``limit`` of them."""
    items = "".join(
        f"<li>{_html.esc(shown(s.left))} + {_html.esc(shown(s.right))} → <b>{_html.esc(shown(s.result))}</b>"
        f' <span style="opacity:.75">#{s.rank}</span></li>'
        for s in piece.steps[:limit]
    )
    if not items:
        return ""
    style = f"columns:17em;column-gap:2em;font-size:.85em;margin:.3em 0 .2em 2.2em;padding:0;font-family:{_FONT}"
    more = len(piece.steps) - limit
    note = _html.note(_("… {n:,} more steps not listed (explanation.steps has them all)").format(n=more))
    return f'<ol style="{style}">{items}</ol>' + (note if more > 0 else "")


def _tokens_phrase(piece: Piece) -> str:
    ids = ", ".join(str(i) for i in piece.ids[:24]) + (", …" if len(piece.ids) > 24 else "")
    return ngettext("token {ids}", "{n} tokens: {ids}", len(piece.ids)).format(n=len(piece.ids), ids=ids)


def _clipped(raw: bytes) -> str:
    """``shown(raw)``, cut after about 80 characters."""
    quoted = shown(raw[:_CLIP])
    return quoted[:-1] + "…'" if len(raw) > _CLIP else quoted


def _piece_html(number: int | None, piece: Piece, budget: list[int]) -> str:
    """A piece: its heading, its trees and its steps, within ``budget`` (boxes, steps) left, which
    it lowers."""
    heading = f'<span style="font-family:{_FONT}">{_html.esc(_clipped(piece.raw))}</span>'
    heading += " → " + _html.esc(_tokens_phrase(piece))
    if number is not None:
        heading = f"<b>{_html.esc(_('piece {n}').format(n=number))}</b> {heading}"
    parts = [f'<div style="margin-top:.6em">{heading}</div>']
    if not piece.explained:
        parts.append(
            _html.note(
                _("{n:,} bytes: too long to replay here; tiktoken's tokens for it are above").format(n=len(piece.raw))
            )
        )
        return "".join(parts)
    if budget[0] >= len(piece.raw) - len(piece.steps):  # room for at least its tokens
        tree, used = _tree_html(piece, budget[0])
        parts.append(tree)
        budget[0] -= used
    else:
        parts.append(_html.note(_("(tree not drawn: this explanation is large already; explain this piece alone)")))
    parts.append(_steps_html(piece, max(budget[1], 0)))
    budget[1] -= len(piece.steps)
    if piece.direct:
        parts.append(
            _html.note(
                _(
                    "tiktoken looks a piece up whole before merging: this piece is token {id}, though no "
                    "sequence of merges builds it"
                ).format(id=piece.ids[0])
            )
        )
    return "".join(parts)


def _split_html(explanation: Explanation) -> str:
    spans = "".join(
        f'<span style="background:{_SPLIT[i % 2]};color:#000;border:1px solid #666;border-radius:3px;'
        f'margin-right:2px;padding:0 1px">{_visible.html(_clip(p.text))}</span>'
        for i, p in enumerate(explanation.pieces)
    )
    more = " …" if explanation.cut else ""
    return (
        f'<div style="white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.9;font-family:{_FONT}">'
        f"{spans}{more}</div>"
    )


def _clip(text: str) -> str:
    return text if len(text) <= _CLIP else text[:_CLIP] + "…"


def html(explanation: Explanation) -> str:
    """The explanation as static HTML."""
    e = explanation
    parts = []
    if e.token is not None:
        piece = e.pieces[0]
        title = _("How {encoding} builds token {id}, {token}").format(
            encoding=e.encoding, id=e.token, token=shown(piece.raw)
        )
        parts.append(f"<div><b>{_html.esc(title)}</b></div>")
        if e.special:
            parts.append(_special_note(piece.text))
            return _html.block("explain", "".join(parts))
        parts.append(_html.note(_how_to_read()))
        parts.append(_piece_html(None, piece, [MAX_NODES, MAX_STEPS]))
        return _html.block("explain", "".join(parts))
    title = _("How {encoding} builds the tokens of this text").format(encoding=e.encoding)
    parts.append(f"<div><b>{_html.esc(title)}</b></div>")
    split = _("1. The regex split: before BPE, the text is cut into {n}; no token crosses a cut.").format(
        n=units(len(e.pieces), "piece") + (" +" if e.cut else "")
    )
    parts.append(f'<div style="margin-top:.3em">{_html.esc(split)}</div>')
    parts.append(_split_html(e))
    parts.append(f'<div style="margin-top:.5em">{_html.esc(_("2. BPE, piece by piece."))}</div>')
    parts.append(_html.note(_how_to_read()))
    budget = [MAX_NODES, MAX_STEPS]
    for n, piece in enumerate(e.pieces, 1):
        parts.append(_piece_html(n, piece, budget))
    if e.cut:
        parts.append(
            _html.note(
                _("The text goes on: only its first {n} are explained here. Explain a shorter text.").format(
                    n=units(len(e.pieces), "piece")
                )
            )
        )
    if not e.pieces:
        parts.append(_html.note(_("(empty text: nothing to explain)")))
    return _html.block("explain", "".join(parts))


def _how_to_read() -> str:
    return _(
        "Read each tree from the bottom up: single bytes at the bottom; each box is the merge of the two boxes "
        "inside it, with its rank (#) and the step at which BPE made it. BPE always makes the merge with the "
        "lowest rank first."
    )


def _special_note(token_text: str) -> str:
    return _html.notice(
        _(
            "{token} is a special token: it was added to the vocabulary whole, not learned by merging bytes. "
            "tiktoken turns text into it only where you allow special tokens."
        ).format(token=token_text),
        level="info",
    )


def _brackets(node: Node, budget: list[int]) -> str:
    """A tree in brackets: ``[[l o] w]``; past the budget, a merge shows as its result in quotes."""
    if node.left is None or node.right is None:
        return _visible.plain(readable(node.raw))
    if budget[0] <= 0:
        return shown(node.raw)
    budget[0] -= 1
    return f"[{_brackets(node.left, budget)} {_brackets(node.right, budget)}]"


def text(explanation: Explanation) -> str:
    """The explanation as plain text: the split, and each piece's steps and trees."""
    e = explanation
    lines = []
    if e.token is not None:
        lines.append(
            _("How {encoding} builds token {id}, {token}").format(
                encoding=e.encoding, id=e.token, token=shown(e.pieces[0].raw)
            )
        )
        if e.special:
            return "\n".join([*lines, _("a special token: added whole, not made by merges")])
    else:
        lines.append(_("How {encoding} builds the tokens of this text").format(encoding=e.encoding))
        split = "|".join(_visible.plain(_clip(p.text)) for p in e.pieces) + (" …" if e.cut else "")
        lines.append(_("regex split ({n}): {split}").format(n=units(len(e.pieces), "piece"), split=split))
    left = MAX_STEPS
    for n, piece in enumerate(e.pieces, 1):
        label = "" if e.token is not None else _("piece {n}").format(n=n) + " "
        lines.append(f"{label}{_clipped(piece.raw)} → {_tokens_phrase(piece)}")
        if not piece.explained:
            lines.append("  " + _("too long to replay here ({n:,} bytes)").format(n=len(piece.raw)))
            continue
        for k, s in enumerate(piece.steps[: max(left, 0)], 1):
            lines.append(f"  {k}. {shown(s.left)} + {shown(s.right)} → {shown(s.result)} (#{s.rank})")
        if len(piece.steps) > left:
            lines.append("  " + _("… {n:,} more steps not listed").format(n=len(piece.steps) - max(left, 0)))
        left -= len(piece.steps)
        budget = [MAX_TREE_NODES // 2]
        trees = "  ".join(_brackets(t, budget) for t in piece.trees())
        lines.append("  " + _("{label}: {value}").format(label=_("tree"), value=trees))
    if e.cut:
        lines.append(_("… the text goes on: only its first {n} are explained").format(n=units(len(e.pieces), "piece")))
    return "\n".join(lines)
