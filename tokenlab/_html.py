"""The small pieces every static display is made of: a root block, tables, bars, notes, notices.

Each display must read the same in a live notebook, a saved (untrusted) one, nbconvert HTML and
GitHub, in the light and the dark theme. So: no script, no ``<style>``, no ids; styles inline;
every pale background comes with an explicit dark text color; and every root carries the classes
that keep MathJax away, because JupyterLab typesets text between two ``$`` as math in HTML outputs
too (a price list would turn into italics).

Private to tokenlab: the displays of ``render``, ``compare``, ``chat``, ``cost``, ``limits``,
``usage`` and the widgets build on it.

>>> block("demo", "5 < 6")
'<div class="tokenlab-demo tex2jax_ignore mathjax_ignore">5 < 6</div>'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

__all__ = [
    "esc",
    "block",
    "table",
    "note",
    "notice",
    "bar",
    "swatch",
    "error",
    "quote",
    "OKABE_ITO",
    "BLUE",
    "ORANGE",
    "GREEN",
    "VERMILLION",
    "SKY",
    "GREY",
    "MONO",
]

# Okabe and Ito's palette: distinct under the common color-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BLUE, ORANGE, GREEN, PINK, SKY, VERMILLION = (
    OKABE_ITO[0],
    OKABE_ITO[1],
    OKABE_ITO[2],
    OKABE_ITO[3],
    OKABE_ITO[4],
    OKABE_ITO[5],
)
GREY = "#666666"
# Monospace, with a CJK fallback, for token text.
MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono','Noto Sans Mono CJK SC',monospace"

# MathJax 2 (nbconvert, classic notebook) skips "tex2jax_ignore"; JupyterLab's MathJax 3 skips both.
NO_MATH = "tex2jax_ignore mathjax_ignore"
_CELL = "padding:2px 8px;text-align:{}"
_LEVELS = {  # background, border: a pale box with dark text, readable in both themes
    "info": ("#E8F1FA", BLUE),
    "warning": ("#FFF4D6", ORANGE),
    "error": ("#FCE4DC", VERMILLION),
    "success": ("#E3F4EC", GREEN),
}


def esc(value: object) -> str:
    """``value`` as HTML text, quotes included (safe inside attributes too)."""
    return escape(str(value), quote=True)


def block(kind: str, inner: str, *, style: str = "") -> str:
    """The root of a display: ``<div class="tokenlab-<kind> ...">``; ``inner`` is HTML already."""
    styled = f' style="{style}"' if style else ""
    return f'<div class="tokenlab-{kind} {NO_MATH}"{styled}>{inner}</div>'


def table(
    rows: Iterable[Sequence[object]],
    *,
    head: Sequence[object] = (),
    align: str = "",
    total: Sequence[object] | None = None,
) -> str:
    """A plain table; cells are escaped. ``align`` has one letter per column, ``l`` or ``r``.

    >>> table([["a", 1]], head=["name", "n"], align="lr")  # doctest: +ELLIPSIS
    '<table style="border-collapse:collapse"><tr><th style="padding:2px 8px;text-align:left">name</th>...'
    """

    def cells(values: Sequence[object], tag: str) -> str:
        out = []
        for i, value in enumerate(values):
            side = "right" if align[i : i + 1] == "r" else "left"
            shown = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value  # 2,280
            out.append(f'<{tag} style="{_CELL.format(side)}">{esc(shown)}</{tag}>')
        return "".join(out)

    parts = ['<table style="border-collapse:collapse">']
    if head:
        parts.append(f"<tr>{cells(head, 'th')}</tr>")
    parts += [f"<tr>{cells(row, 'td')}</tr>" for row in rows]
    if total is not None:
        parts.append(f'<tr style="border-top:2px solid #888;font-weight:bold">{cells(total, "td")}</tr>')
    parts.append("</table>")
    return "".join(parts)


def note(text: str) -> str:
    """A small, muted line under a display (``text`` is escaped)."""
    return f'<div style="font-size:.85em;opacity:.8;margin-top:.3em">{esc(text)}</div>'


def notice(text: str, *, level: str = "warning", title: str = "") -> str:
    """A boxed message a student should not miss: ``level`` is info, warning, error or success.

    >>> "background:#FFF4D6" in notice("budget past 50%")
    True
    """
    background, border = _LEVELS[level]
    sign = {"info": "ℹ", "warning": "⚠", "error": "✖", "success": "✔"}[level]
    heading = f"<b>{esc(title)}</b> " if title else ""
    inner = (
        f'<div style="background:{background};color:#1a1a1a;border-left:4px solid {border};'
        f'padding:6px 10px;margin:4px 0;border-radius:3px">{sign} {heading}{esc(text)}</div>'
    )
    return block("notice", inner)


def error(text: str) -> str:
    """A one-line error, as a widget shows it in place of its output."""
    return notice(text, level="error")


def bar(segments: Sequence[tuple[float, str]], *, marks: Sequence[float] = (), height: int = 18) -> str:
    """A horizontal bar of colored segments, each ``(share of the whole, color)``; ``marks`` are
    thin black lines at shares of the whole (e.g. where a limit is). Shares are clamped to 0..1."""
    inner, left = [], 0.0
    for share, color in segments:
        width = max(0.0, min(share, 1.0 - left))
        inner.append(
            f'<div style="position:absolute;left:{100 * left:.2f}%;top:0;bottom:0;width:{100 * width:.2f}%;'
            f'background:{color}"></div>'
        )
        left += width
    for mark in marks:
        inner.append(
            f'<div style="position:absolute;left:{100 * max(0.0, min(mark, 1.0)):.2f}%;top:-2px;bottom:-2px;'
            'border-left:2px solid #000"></div>'
        )
    return (
        f'<div style="position:relative;height:{height}px;background:#E8E8E8;border:1px solid {GREY};'
        f'border-radius:3px;max-width:640px">{"".join(inner)}</div>'
    )


def swatch(color: str) -> str:
    """A small colored square for a legend."""
    return f'<span style="color:{color}">■</span>'


def quote(text: str, *, limit: int = 2_000) -> str:
    """A student's text shown as typed (escaped, line breaks kept), cut after ``limit`` characters."""
    shown = text if len(text) <= limit else text[:limit] + " …"
    return (
        '<div style="white-space:pre-wrap;overflow-wrap:anywhere;border-left:3px solid #999;'
        f'padding:2px 8px;margin:4px 0;opacity:.9">{esc(shown)}</div>'
    )
