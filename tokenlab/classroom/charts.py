"""The class in two charts (matplotlib, drawn as ``tokenlab.plots`` draws: a ``Chart`` that shows
itself, Okabe-Ito colors, a CJK font when the language in use needs one).

- ``guesses_chart``: one small panel per question: a number's guesses as dots against its answer
  (a green line; a log scale when the guesses span orders of magnitude), a choice's guesses as
  bars, the right one green.
- ``exercises_chart``: per exercise, the students who solved it, who tried and have not, and who
  have not tried, those most stuck first.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from matplotlib.ticker import MaxNLocator

from .._i18n import _
from ..plots import OKABE_ITO, Chart, with_fonts

if TYPE_CHECKING:
    import pandas as pd

    from .view import ClassView

__all__ = ["guesses_chart", "exercises_chart"]

GREEN, VERMILLION, BLUE, GREY = OKABE_ITO[2], OKABE_ITO[5], OKABE_ITO[0], "#BBBBBB"
_COLUMNS = 2
_CLOSERS = set("，。、：；！？）》」』】”’,.:;!?)]")
MAX_PANELS = 12  # a lesson's questions; more would be too small to read


def _wrap(text: str, width: int, *, lines: int = 3) -> str:
    """At most ``lines`` lines of about ``width`` columns: a Chinese character takes two and a line
    may break between two of them; Latin words are kept whole. An emoji, which no chart font draws,
    is written as its code point (never an empty box)."""
    text = "".join(f"U+{ord(ch):X}" if ord(ch) >= 0x1F000 else ch for ch in text)
    pieces = re.findall(r"[\u2e80-\uffef]|[^\s\u2e80-\uffef]+|\s+", text)
    out, line, used = [], "", 0
    for piece in pieces:
        size = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in piece)
        if used + size > width and line.strip() and piece not in _CLOSERS:  # no line starts with 。or ）
            out.append(line.rstrip())
            line, used = ("", 0) if piece.isspace() else (piece, size)
            continue
        line, used = line + piece, used + size
    out.append(line.rstrip())
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, len(out[-1]) - 1)] + "…"
    return "\n".join(out)


def _frame(view: ClassView, ids: list[str]) -> pd.DataFrame:
    """The labels a chart draws, in a ``name`` column: ``plots.with_fonts`` picks the fonts by them."""
    import pandas as pd

    from .view import describe

    frame = pd.DataFrame({"name": [describe(i)[0] for i in ids]}, index=ids)
    frame.attrs["view"] = view
    return frame


def guesses_chart(view: ClassView, *, lesson: str | None = None, ids: list[str] | None = None) -> Chart:
    """Each question's guesses against its answer (``lesson="01"`` or ``ids``: only those)."""
    chosen = (
        ids
        if ids is not None
        else sorted({i for s in view.records.values() for i in s["predictions"] if view.guesses(i)})
    )
    if lesson is not None:
        chosen = [i for i in chosen if i.startswith(f"{lesson}.")]
    frame = _frame(view, chosen[:MAX_PANELS])
    frame.attrs["total"] = len(chosen)
    return _guesses(frame)


@with_fonts
def _guesses(frame: pd.DataFrame) -> Chart:
    from .view import describe

    ids = list(frame.index)
    rows = max(1, math.ceil(len(ids) / _COLUMNS))
    height = 1.0 + 2.5 * rows
    fig = Chart(figsize=(10, height))
    if not ids:
        ax = fig.add_subplot()
        ax.axis("off")
        ax.text(0.5, 0.5, _("No guesses yet."), ha="center", va="center")
        return fig
    view = frame.attrs["view"]
    axes = fig.subplots(rows, _COLUMNS, squeeze=False).ravel()
    for ax, id_ in zip(axes, ids, strict=False):
        question, kind, label = describe(id_)  # looked up here: in English when no CJK font is installed
        guesses, truth = view.guesses(id_), view.truth(id_)
        judged = [
            e["right"] for s in view.records.values() if (e := s["predictions"].get(id_)) and e["right"] is not None
        ]
        head = [id_]
        if judged:
            head.append(_("{p:.0%} right").format(p=sum(judged) / len(judged)))
        if kind == "number" and truth is not None:
            head.append(_("answer: {value}").format(value=label(truth)))
        ax.set_title(" · ".join(head) + "\n" + _wrap(question, 52), loc="left", fontsize="small")
        if kind == "choice":
            _choice_panel(ax, id_, guesses, truth)
        else:
            _number_panel(ax, guesses, truth)
    for ax in axes[len(ids) :]:
        ax.axis("off")
    total = int(frame.attrs["total"])
    title = _("Guesses against the answer (green) for {n} questions").format(n=len(ids))
    if total > len(ids):
        title += " · " + _("the first {n} of {total}: pick a lesson to see the others").format(n=len(ids), total=total)
    fig.suptitle(title, x=0.01, y=1 - 0.12 / height, ha="left", va="top")
    # Margins set by hand: a layout engine over a dozen panels takes seconds to draw.
    fig.subplots_adjust(left=0.17, right=0.98, top=1 - 1.15 / height, bottom=0.4 / height, hspace=1.05, wspace=0.55)
    return fig


def _choice_panel(ax: Any, id_: str, guesses: list[Any], truth: Any) -> None:
    from .view import cached_prediction

    try:
        choices = cached_prediction(id_).choices()
    except (ValueError, TypeError, KeyError):
        choices = [(str(g), str(g)) for g in dict.fromkeys(guesses)]
    counts = [sum(1 for g in guesses if str(g) == code) for code, _label in choices]
    colors = [GREEN if code == truth else BLUE for code, _label in choices]
    ax.barh(range(len(choices)), counts, color=colors)
    ax.set_yticks(range(len(choices)), [_wrap(label, 26) for _code, label in choices], fontsize="x-small")
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", labelsize="x-small")
    ax.grid(axis="x", alpha=0.3)


def _number_panel(ax: Any, guesses: list[Any], truth: Any) -> None:
    import numpy as np

    values = np.array([float(g) for g in guesses], dtype=float)
    points = np.append(values, float(truth)) if truth is not None else values
    if len(points) and bool((points > 0).all()) and points.max() / points.min() > 50:
        ax.set_xscale("log")
    elif len(points) and abs(points).max() >= 1000:
        ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:,.0f}")
    else:  # plain decimals (0.0000075), never an offset or 1e-5 under the axis
        ax.xaxis.set_major_formatter(lambda x, _pos: np.format_float_positional(x, precision=8, trim="-"))
    jitter = np.random.default_rng(0).uniform(-0.3, 0.3, len(values))  # fixed: the chart is the same every time
    ax.scatter(values, jitter, s=18, color=BLUE, alpha=0.7)
    if truth is not None:
        ax.axvline(float(truth), color=GREEN, linewidth=2.5)
    if ax.get_xscale() == "linear":
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))  # long decimals must not run into each other
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([])
    ax.tick_params(axis="x", labelsize="x-small")
    ax.grid(axis="x", alpha=0.3)


def exercises_chart(view: ClassView) -> Chart:
    """Per exercise: solved, tried and not solved, not tried (of the students in the view)."""
    struggles = view.struggles()
    frame = _frame(view, list(struggles.index))
    frame["title"] = [struggles.loc[i, "title"] for i in frame.index] if len(frame) else []
    return _exercises(frame)


@with_fonts
def _exercises(frame: pd.DataFrame) -> Chart:
    from .view import exercise_title

    ids = list(frame.index)
    fig = Chart(figsize=(10, 1.3 + 0.45 * max(1, len(ids))), layout="constrained")  # one axes: quick
    ax = fig.add_subplot()
    if not ids:
        ax.axis("off")
        ax.text(0.5, 0.5, _("No exercise checked yet."), ha="center", va="center")
        return fig
    view = frame.attrs["view"]
    struggles = view.struggles()
    solved = struggles["solved"].astype(int).to_numpy()
    stuck = struggles["stuck"].astype(int).to_numpy()
    untried = [max(0, view.students - int(t)) for t in struggles["tried"]]
    rows = range(len(ids))
    ax.barh(rows, solved, color=GREEN, label=_("solved"))
    ax.barh(rows, stuck, left=solved, color=VERMILLION, label=_("tried, not solved yet"))
    ax.barh(rows, untried, left=solved + stuck, color=GREY, label=_("not tried"))
    ax.set_yticks(list(rows), [_wrap(f"{i} · {exercise_title(i)}", 50) for i in ids], fontsize="small")
    ax.invert_yaxis()
    ax.set_xlabel(_("students"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3, frameon=False, fontsize="small")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(_("Which exercises the class is stuck on"), loc="left")
    return fig
