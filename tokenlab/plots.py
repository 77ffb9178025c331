"""Figures (matplotlib): the token premium per language, and what it means for context and cost.

Every function takes a table from ``languages.premiums`` and returns a ``matplotlib`` Figure; none
displays anything (a notebook shows the returned figure). Colors are the Okabe-Ito palette, which
stays distinct under the common color-vision deficiencies; labels are English language names with
their codes, which every default font can draw.

>>> from tokenlab.languages import premiums
>>> fig = premium_chart(premiums(encodings=["o200k_base"]))
>>> fig.axes[0].get_xlabel()
'tokens for the same content, English = 1'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["premium_chart", "context_chart", "cost_chart", "rate_limit_chart", "OKABE_ITO"]

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

WORDS = {
    "premium_x": "tokens for the same content, {reference} = 1",
    "premium_title": "The token premium: tokens for the same text, per language",
    "reference": "{reference}",
    "context_x": "content that fits, in {reference} tokens",
    "context_title": "How much a {window:,}-token window holds, per language ({encoding})",
    "cost_x": "US$ for content that is 1M tokens in {reference}",
    "cost_title": "The same content, priced at ${price:g} per 1M tokens ({encoding})",
    "rate_title": "Rate limits: {rpm:,} requests and {tpm:,} tokens per {window:g} s",
    "rate_tokens": "tokens in the last minute",
    "rate_requests": "requests in the last minute",
    "rate_time": "seconds",
    "accepted": "accepted",
    "refused": "refused (429)",
    "limit": "limit",
}


def _labels(table: pd.DataFrame) -> list[str]:
    return [f"{name} ({code})" for code, name in zip(table.index, table["name"])]


def _reference(table: pd.DataFrame, encoding: str) -> str:
    rows = table[table[f"{encoding} premium"] == 1.0]
    return str(rows["name"].iloc[0]) if len(rows) else "reference"


def _figure(rows: int) -> tuple[Figure, object]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 1.2 + 0.24 * rows), layout="constrained")
    return fig, fig.add_subplot()


def premium_chart(table: pd.DataFrame, encodings: Sequence[str] | None = None) -> Figure:
    """Horizontal bars: each language's premium under each encoding, sorted by the last one."""
    encodings = list(encodings or [c.removesuffix(" premium") for c in table.columns if c.endswith(" premium")])
    if not encodings:
        raise ValueError("the table has no premium columns: make it with tokenlab.languages.premiums")
    data = table.sort_values(f"{encodings[-1]} premium", ascending=False)
    fig, ax = _figure(len(data))
    height = 0.8 / len(encodings)
    for i, name in enumerate(encodings):
        positions = [row + (i - (len(encodings) - 1) / 2) * height for row in range(len(data))]
        ax.barh(positions, data[f"{name} premium"], height=height, color=OKABE_ITO[i % len(OKABE_ITO)], label=name)
    reference = _reference(table, encodings[-1])
    ax.axvline(1.0, color="#444444", linewidth=1, linestyle="--")
    ax.set_yticks(range(len(data)), _labels(data))
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.set_xlabel(WORDS["premium_x"].format(reference=reference))
    ax.set_title(WORDS["premium_title"], loc="left")
    ax.legend(loc="upper right", title="encoding")
    ax.grid(axis="x", alpha=0.3)
    return fig


def context_chart(table: pd.DataFrame, window: int = 128_000, encoding: str = "o200k_base") -> Figure:
    """How much content a context window holds per language: the window divided by the premium."""
    return _per_language(
        table, encoding, lambda premium: window / premium, OKABE_ITO[0],
        WORDS["context_x"].format(reference=_reference(table, encoding)),
        WORDS["context_title"].format(window=window, encoding=encoding), "{:,.0f}",
    )  # fmt: skip


def cost_chart(table: pd.DataFrame, usd_per_million: float, encoding: str = "o200k_base") -> Figure:
    """What the same content costs per language at a price per 1M input tokens (give the price)."""
    return _per_language(
        table, encoding, lambda premium: usd_per_million * premium, OKABE_ITO[1],
        WORDS["cost_x"].format(reference=_reference(table, encoding)),
        WORDS["cost_title"].format(price=usd_per_million, encoding=encoding), "${:,.2f}",
    )  # fmt: skip


def _per_language(table, encoding, value, color, xlabel, title, tick) -> Figure:  # type: ignore[no-untyped-def]
    """One bar per language, of ``value(premium)``, highest premium at the bottom."""
    column = f"{encoding} premium"
    data = table.sort_values(column, ascending=False)
    fig, ax = _figure(len(data))
    ax.barh(range(len(data)), value(data[column]), color=color)
    ax.set_yticks(range(len(data)), _labels(data))
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.xaxis.set_major_formatter(lambda x, _: tick.format(x))
    ax.grid(axis="x", alpha=0.3)
    return fig


def rate_limit_chart(run: pd.DataFrame) -> Figure:
    """Two panels over time: tokens and requests in the window against the TPM and RPM limits,
    each request marked as accepted (circle) or refused with 429 (cross). ``run`` comes from
    ``ratelimits.simulate``."""
    from matplotlib.figure import Figure

    rpm, tpm, window = run.attrs["rpm"], run.attrs["tpm"], run.attrs["window"]
    fig = Figure(figsize=(9, 5), layout="constrained")
    tokens_ax, requests_ax = fig.subplots(2, 1, sharex=True)
    ok = run["status"] == "ok"
    for ax, column, limit, label in ((tokens_ax, "tokens_in_window", tpm, WORDS["rate_tokens"]),
                                     (requests_ax, "requests_in_window", rpm, WORDS["rate_requests"])):  # fmt: skip
        ax.step(run["at_s"], run[column], where="post", color=OKABE_ITO[0], linewidth=1)
        ax.scatter(run.loc[ok, "at_s"], run.loc[ok, column], color=OKABE_ITO[2], marker="o", label=WORDS["accepted"], zorder=3)
        ax.scatter(run.loc[~ok, "at_s"], run.loc[~ok, column], color=OKABE_ITO[5], marker="x", s=60,
                   label=WORDS["refused"], zorder=3)  # fmt: skip
        ax.axhline(limit, color="#444444", linestyle="--", linewidth=1, label=WORDS["limit"])
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    tokens_ax.yaxis.set_major_formatter(lambda x, _: f"{x:,.0f}")
    tokens_ax.legend(loc="upper left")
    tokens_ax.set_title(WORDS["rate_title"].format(rpm=rpm, tpm=tpm, window=window), loc="left")
    requests_ax.set_xlabel(WORDS["rate_time"])
    return fig
