"""Figures (matplotlib): the token premium per language, what it means for context and cost, and
rate limits over time.

Every function returns a ``Chart``: a matplotlib ``Figure`` that displays itself as a PNG image in
any notebook (a fresh kernel needs no ``%matplotlib`` line), so it also shows in a saved notebook,
nbconvert HTML and on GitHub. Colors are the Okabe-Ito palette, which stays distinct under the
common color-vision deficiencies. Text from the data (language names, file names) is drawn as
text, never as math, even when it holds a ``$``.

>>> from tokenlab.languages import premiums
>>> fig = premium_chart(premiums(encodings=["o200k_base"]))
>>> fig.axes[0].get_xlabel()
'tokens for the same content, English = 1'
>>> fig._repr_png_()[0][:4]
b'\\x89PNG'
"""

from __future__ import annotations

import contextlib
import functools
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from matplotlib.figure import Figure

from . import _html
from ._checks import brief
from ._i18n import _, language, speaking
from ._memory import trim
from ._notice import Notice, notify

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "Chart",
    "premium_chart",
    "context_chart",
    "cost_chart",
    "rate_limit_chart",
    "with_fonts",
    "vocabulary_chart",
    "NoFontNotice",
    "OKABE_ITO",
]

OKABE_ITO = _html.OKABE_ITO
_SCREEN_DPI = 96  # CSS pixels per inch: the size a chart is shown at
_SHARPNESS = 1.5  # drawn at 1.5x that, so it stays sharp on high-density screens
_BASE_FAMILY = "DejaVu Sans"  # matplotlib's own font: Latin, Greek, Cyrillic and more


class Chart(Figure):
    """A matplotlib Figure that shows itself as a PNG in Jupyter, with no ``%matplotlib`` needed."""

    families: Sequence[str] = (_BASE_FAMILY,)  # the fonts its text is drawn in

    def png(self, *, dpi: float = _SCREEN_DPI * _SHARPNESS) -> bytes:
        """The chart as PNG bytes."""
        buffer = io.BytesIO()
        with _style(self.families):  # tick labels are made while drawing: they need the same fonts
            self.savefig(buffer, format="png", dpi=dpi, facecolor="white")
        self._let_pixels_go()
        return buffer.getvalue()

    def _let_pixels_go(self) -> None:
        """Each text keeps the renderer it was last drawn with, and so the whole image (10 MB for
        a chart of 52 languages) for as long as the chart lives, e.g. in a notebook's ``Out``.
        The PNG is made: let the pixels go (a text asks for a new renderer when it needs one)."""
        from matplotlib.text import Text

        for text in self.findobj(Text):
            text._renderer = None  # type: ignore[attr-defined]
        trim()

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        width, height = self.get_size_inches()
        return self.png(), {"width": round(width * _SCREEN_DPI), "height": round(height * _SCREEN_DPI)}

    def __repr__(self) -> str:
        title = next((ax.get_title(loc="left") for ax in self.axes if ax.get_title(loc="left")), "")
        return f"<Chart: {title}>" if title else "<Chart>"


_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
_CJK_FILES = ("NotoSansCJK-Regular", "NotoSansCJKsc-Regular", "NotoSansSC-Regular")
_cjk: list[str | None] = []  # the CJK family found, once looked for


class NoFontNotice(Notice):
    """A chart's text needs Chinese characters and no font with them is installed: it is drawn
    in English instead, rather than with empty boxes for every character."""

    level = "info"

    def __init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:  # in the language in use when shown
        return _(
            "No font with Chinese characters is installed, so this chart is drawn in English. To draw it in "
            "Chinese, install one (Debian or Ubuntu: sudo apt install fonts-noto-cjk) and restart the kernel."
        )


def _cjk_font() -> str | None:
    """The family of an installed CJK font, or None.

    Looked for only when a chart needs one, since a CJK font is large and English charts do
    without it. matplotlib lists the system's fonts once, in a cache; a CJK font installed after
    that is found by its file and added.
    """
    if not _cjk:
        from matplotlib import font_manager

        installed = {f.name for f in font_manager.fontManager.ttflist}
        if not installed & set(_CJK_FAMILIES):
            for path in font_manager.findSystemFonts():
                if any(name in path for name in _CJK_FILES):
                    font_manager.fontManager.addfont(path)
            installed = {f.name for f in font_manager.fontManager.ttflist}
        _cjk.append(next((name for name in _CJK_FAMILIES if name in installed), None))
    return _cjk[0]


def _wide(texts: Iterable[object]) -> bool:
    """Whether any text has East Asian wide characters (Chinese, Japanese, Korean)."""
    return any(unicodedata.east_asian_width(ch) in "WF" for text in texts for ch in str(text))


@contextlib.contextmanager
def _style(families: Sequence[str]) -> Iterator[None]:
    import warnings

    import matplotlib

    with (
        matplotlib.rc_context({"font.family": list(families), "text.parse_math": False, "axes.titlesize": "medium"}),
        warnings.catch_warnings(),
    ):
        # A character no font has is drawn as a box; say so once (NoFontNotice), not per glyph.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        yield


_Draw = TypeVar("_Draw", bound=Callable[..., "Chart"])


def _fonted(draw: _Draw) -> _Draw:
    """Draw with the fonts the chart's text needs: a CJK font for Chinese titles or names, only
    then. Where none is installed, the chart is drawn in English (names too) with a NoFontNotice."""

    @functools.wraps(draw)
    def drawn(table: pd.DataFrame, *args: Any, **kwargs: Any) -> Chart:
        names = table["name"] if "name" in getattr(table, "columns", ()) else ()
        families = [_BASE_FAMILY]
        if language() != "en" or _wide(names):
            cjk = _cjk_font()
            if cjk is None:
                notify(NoFontNotice(), stacklevel=2)
                with speaking("en"), _style(families):
                    chart = draw(_english_names(table), *args, **kwargs)
                chart.families = families
                return chart
            families.append(cjk)
        with _style(families):
            chart = draw(table, *args, **kwargs)
        chart.families = families
        return chart

    return drawn  # type: ignore[return-value]


def with_fonts(draw: _Draw) -> _Draw:
    """The font choice of these charts, for charts drawn elsewhere (``tokenlab.classroom``'s): a CJK
    font when the language in use needs one, else English with a ``NoFontNotice``. ``draw`` takes
    the data first and returns a ``Chart``; it looks its words up when called, so that in English
    they are English."""
    return _fonted(draw)


def _english_names(table: pd.DataFrame) -> pd.DataFrame:
    """The table with the bundled languages' English names."""
    if "name" not in getattr(table, "columns", ()):
        return table
    from .corpus import load_corpus

    bundled = load_corpus()
    english = [
        bundled[code].name if code in bundled else name for code, name in zip(table.index, table["name"], strict=True)
    ]
    return table.assign(name=english)


def _literal(text: object) -> str:
    """Text for a chart: never read as math (matplotlib reads ``$...$`` as mathtext)."""
    return str(text)


def _labels(table: pd.DataFrame) -> list[str]:
    return [_literal(f"{name} ({code})") for code, name in zip(table.index, table["name"], strict=True)]


def _reference(table: pd.DataFrame, encoding: str) -> str:
    rows = table[table[f"{encoding} premium"] == 1.0]
    return _literal(rows["name"].iloc[0]) if len(rows) else _("the reference")


def _figure(rows: int) -> tuple[Chart, Axes]:
    fig = Chart(figsize=(9, 1.2 + 0.24 * rows), layout="constrained")
    return fig, fig.add_subplot()


def _columns(table: pd.DataFrame, encodings: Sequence[str] | None) -> list[str]:
    found = [c.removesuffix(" premium") for c in table.columns if str(c).endswith(" premium")]
    chosen = list(encodings) if encodings is not None else found
    if not chosen:
        raise ValueError(_("the table has no premium columns: make it with tokenlab.languages.premiums"))
    missing = [e for e in chosen if e not in found]
    if missing:
        shown = ", ".join(map(brief, missing))
        raise ValueError(
            _("the table has no premium column for {shown}; it has: {value}").format(
                shown=shown, value=", ".join(found)
            )
        )
    return chosen


@_fonted
def premium_chart(table: pd.DataFrame, encodings: Sequence[str] | None = None) -> Chart:
    """Horizontal bars: each language's premium under each encoding, sorted by the last one.

    Drawn to follow a click in a widget (52 languages, six encodings, well under half a second):
    the bars of each encoding are one collection, not one patch each, and the margins are set
    from the width of the longest label instead of by a layout engine that draws twice.
    """
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    encodings = _columns(table, encodings)
    data = table.sort_values(f"{encodings[-1]} premium", ascending=False)
    fig = Chart(figsize=(9, 1.2 + 0.24 * len(data)))
    ax = fig.add_subplot()
    height = 0.8 / len(encodings)
    legend = []
    for i, name in enumerate(encodings):
        color = OKABE_ITO[i % len(OKABE_ITO)]
        shift = ((len(encodings) - 1) / 2 - i) * height  # the first encoding on top, as in the legend
        bars = [
            [
                (0, row + shift - height / 2),
                (0, row + shift + height / 2),
                (x, row + shift + height / 2),
                (x, row + shift - height / 2),
            ]
            for row, x in enumerate(data[f"{name} premium"].astype(float))
        ]
        ax.add_collection(PolyCollection(bars, facecolors=color, edgecolors="none", label=name))
        legend.append(Patch(color=color, label=name))
    highest = max(float(data[f"{name} premium"].max()) for name in encodings)
    ax.set_xlim(0, max(highest, 1.0) * 1.05)
    ax.axvline(1.0, color="#444444", linewidth=1, linestyle="--")
    labels = _labels(data)
    ax.set_yticks(range(len(data)), labels)
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.set_xlabel(_("tokens for the same content, {reference} = 1").format(reference=_reference(table, encodings[-1])))
    ax.set_title(_("The token premium: tokens for the same text, per language"), loc="left")
    ax.legend(handles=legend, loc="upper right", title=_("encoding"))
    ax.grid(axis="x", alpha=0.3)
    _margins(fig, labels)
    return fig


def _margins(fig: Chart, labels: Sequence[str]) -> None:
    """Room on the left for the longest tick label, and for the title and the x label."""
    from matplotlib import rcParams
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=rcParams["ytick.labelsize"])
    renderer = RendererAgg(100, 100, 72)  # type: ignore[no-untyped-call]  # 72 dpi: widths in points
    measure = renderer.get_text_width_height_descent
    widest = max((measure(label, prop, ismath=False)[0] for label in labels), default=0)  # type: ignore[no-untyped-call]
    width, height = fig.get_size_inches()
    left = min(0.6, (widest / 72 + 0.25) / width)
    fig.subplots_adjust(left=left, right=1 - 0.15 / width, top=1 - 0.45 / height, bottom=0.6 / height)


@_fonted
def context_chart(table: pd.DataFrame, *, window: int = 128_000, encoding: str = "o200k_base") -> Chart:
    """How much text a context window holds per language, as a share of what it holds of the
    reference language (100%, marked): the window is the same number of tokens for every language,
    and holds 1 / premium as much of a language's text. (Bars in tokens of the reference would pass
    the window for a language cheaper than the reference, and read as over it.)"""
    reference = _reference(table, encoding)
    chart = _per_language(
        table,
        encoding,
        lambda premium: 100 / premium,
        OKABE_ITO[0],
        _("text that fits, as a share of what fits in {reference} (100%)").format(reference=reference),
        _("How much text a {window:,}-token window holds, per language ({encoding})").format(
            window=window, encoding=encoding
        ),
        lambda x: f"{x:,.0f}%",
    )
    ax = chart.axes[0]
    ax.axvline(100, color="#444444", linewidth=1, linestyle="--")
    ax.annotate(
        _literal(_("{reference}: 100%").format(reference=reference)),
        (100, 0),  # at the bottom, beside the shortest bars: the top rows reach 100% and more
        xycoords=("data", "axes fraction"),
        xytext=(4, 4),
        textcoords="offset points",
        va="bottom",
        fontsize=8,
        color="#444444",
    )
    return chart


@_fonted
def cost_chart(table: pd.DataFrame, *, usd_per_million: float, encoding: str = "o200k_base") -> Chart:
    """What the same content costs per language at a price per 1M input tokens (give the price)."""
    return _per_language(
        table,
        encoding,
        lambda premium: usd_per_million * premium,
        OKABE_ITO[1],
        _("US dollars for content that is 1M tokens in {reference}").format(reference=_reference(table, encoding)),
        _("The same content, priced at {price} per 1M tokens ({encoding})").format(
            price=f"${usd_per_million:g}", encoding=encoding
        ),
        lambda x: f"${x:,.2f}",
    )


def _per_language(
    table: pd.DataFrame,
    encoding: str,
    value: Callable[[Any], Any],
    color: str,
    xlabel: str,
    title: str,
    tick: Callable[[float], str],
) -> Chart:
    """One bar per language, of ``value(premium)``, highest premium at the bottom."""
    _columns(table, [encoding])
    column = f"{encoding} premium"
    data = table.sort_values(column, ascending=False)
    fig, ax = _figure(len(data))
    ax.barh(range(len(data)), value(data[column]), color=color)
    ax.set_yticks(range(len(data)), _labels(data))
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.xaxis.set_major_formatter(lambda x, _pos: tick(x))
    ax.grid(axis="x", alpha=0.3)
    return fig


@_fonted
def rate_limit_chart(run: pd.DataFrame) -> Chart:
    """Two panels over time: tokens and requests in the window against the TPM and RPM limits,
    each request marked as accepted (circle) or refused with 429 (cross). ``run`` comes from
    ``ratelimits.simulate``."""
    if not {"rpm", "tpm", "window"} <= set(getattr(run, "attrs", {})):
        raise TypeError(_("rate_limit_chart draws the table that tokenlab.ratelimits.simulate returns"))
    rpm, tpm, window = run.attrs["rpm"], run.attrs["tpm"], run.attrs["window"]
    fig = Chart(figsize=(9, 5), layout="constrained")
    tokens_ax, requests_ax = fig.subplots(2, 1, sharex=True)
    ok = run["status"] == "ok"
    for ax, column, limit, label in (
        (tokens_ax, "tokens_in_window", tpm, _("tokens in the last minute")),
        (requests_ax, "requests_in_window", rpm, _("requests in the last minute")),
    ):
        ax.step(run["at_s"], run[column], where="post", color=OKABE_ITO[0], linewidth=1)
        ax.scatter(
            run.loc[ok, "at_s"], run.loc[ok, column], color=OKABE_ITO[2], marker="o", label=_("accepted"), zorder=3
        )
        ax.scatter(
            run.loc[~ok, "at_s"],
            run.loc[~ok, column],
            color=OKABE_ITO[5],
            marker="x",
            s=60,
            label=_("refused (429)"),
            zorder=3,
        )
        ax.axhline(limit, color="#444444", linestyle="--", linewidth=1, label=_("limit"))
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    tokens_ax.yaxis.set_major_formatter(lambda x, _pos: f"{x:,.0f}")
    tokens_ax.legend(loc="upper left")
    tokens_ax.set_title(
        _("Rate limits: {rpm:,} requests and {tpm:,} tokens per {window:g} s").format(rpm=rpm, tpm=tpm, window=window),
        loc="left",
    )
    requests_ax.set_xlabel(_("seconds"))
    return fig


@_fonted
def vocabulary_chart(sweep: pd.DataFrame, *, measure: str = "compression", languages: Sequence[str] = ()) -> Chart:
    """What a bigger vocabulary buys, from ``tokenlab.training.sweep``: ``measure="compression"``
    draws bytes per token on the training and the held-out half; ``measure="premium"`` draws each
    language's premium on the held-out half (``languages``: which, all by default). The x axis is
    the number of tokens learned, on a log scale."""
    from .corpus import load_corpus

    if "held-out bytes/token" not in getattr(sweep, "columns", ()):
        raise TypeError(_("vocabulary_chart draws the table that tokenlab.training.sweep returns"))
    found = [str(c).removesuffix(" premium") for c in sweep.columns if str(c).endswith(" premium")]
    fig = Chart(figsize=(8, 4.2), layout="constrained")
    ax = fig.add_subplot()
    x = sweep["learned"].astype(int)
    if measure == "compression":
        lines = [
            ("training bytes/token", _("training half (text it learned from)"), "-"),
            ("held-out bytes/token", _("held-out half (text it never saw)"), "--"),
        ]
        ax.set_ylabel(_("bytes per token (more: fewer tokens)"))
        ax.set_title(_("Compression against vocabulary size"), loc="left")
    elif measure == "premium":
        codes = list(languages) or found
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValueError(
                _("the sweep measured no premium for {codes}").format(codes=", ".join(map(brief, missing)))
            )
        bundled = load_corpus()
        lines = [
            (f"{c} premium", _literal(f"{bundled[c].local_name if c in bundled else c} ({c})"), "-") for c in codes
        ]
        ax.axhline(1.0, color="#444444", linewidth=1, linestyle=":")
        ax.set_ylabel(_("premium on the held-out half (reference = 1)"))
        ax.set_title(_("Each language's premium against vocabulary size"), loc="left")
    else:
        raise ValueError(_("measure is 'compression' or 'premium', not {value}").format(value=brief(measure)))
    for i, (column, label, style) in enumerate(lines):
        ax.plot(x, sweep[column], style, marker="o", color=OKABE_ITO[i % len(OKABE_ITO)], label=label)
    ax.set_xscale("log", base=2)
    ax.set_xticks(list(x), [f"{n:,}" for n in x])
    ax.minorticks_off()
    ax.set_xlabel(_("tokens in the vocabulary (learned)"))
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return fig
