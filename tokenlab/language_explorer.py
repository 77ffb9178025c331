"""The language explorer widget: pick languages and encodings, see the premium table and chart.

The premiums of the whole corpus are computed once (``languages.premiums``); picking languages or
encodings only selects rows and columns, so the table and chart follow every click at once.

>>> explorer = LanguageExplorer(["eng", "cmn_hans", "hin"], ["cl100k_base", "o200k_base"])
>>> explorer
LanguageExplorer(3 languages, 2 encodings)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

import ipywidgets as w

from . import plots, registry
from .corpus import Corpus, load_corpus
from .languages import premiums
from .widgets import _follow

__all__ = ["LanguageExplorer"]

DEFAULT_LANGUAGES = ("eng", "spa", "fra", "deu", "rus", "arb", "hin", "cmn_hans", "jpn", "kor", "tha", "mya", "amh")
WORDS = {
    "languages": "Languages",
    "encodings": "Encodings",
    "pick": "Pick at least one language and one encoding.",
    "caption": "Premium: tokens for the same text, relative to {reference}. Source: {source}.",
}


class LanguageExplorer(w.VBox):
    """Choose languages and encodings; the premium table and chart update as you choose."""

    def __init__(
        self,
        languages: Sequence[str] = DEFAULT_LANGUAGES,
        encodings: Sequence[str] = ("r50k_base", "cl100k_base", "o200k_base"),
        *,
        corpus: Corpus | None = None,
        reference: str = "eng",
    ) -> None:
        self.corpus = load_corpus() if corpus is None else corpus
        self.reference = reference
        self.full = premiums(self.corpus, registry.encodings(), reference)
        self.languages = w.SelectMultiple(
            options=[(f"{lang.name} ({code})", code) for code, lang in sorted(self.corpus.items(), key=lambda kv: kv[1].name)],
            value=tuple(languages), rows=10, description=WORDS["languages"],
        )  # fmt: skip
        self.encodings = w.SelectMultiple(options=registry.encodings(), value=tuple(encodings), rows=6,
                                          description=WORDS["encodings"])  # fmt: skip
        self.table = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        super().__init__([w.HBox([self.languages, self.encodings]), self.table, self.chart])
        _follow(self.refresh, 0, picked=[self.languages, self.encodings])
        self.refresh()

    @property
    def selection(self):  # type: ignore[no-untyped-def]
        """The rows and premium columns now shown, as a DataFrame."""
        columns = ["name", "script"] + [f"{e} premium" for e in self.encodings.value]
        rows = [code for code in self.full.index if code in self.languages.value]
        return self.full.loc[rows, columns]

    def refresh(self) -> None:
        if not self.languages.value or not self.encodings.value:
            self.table.value = f"<i>{escape(WORDS['pick'])}</i>"
            self.chart.value = b""
            return
        shown = self.selection
        caption = WORDS["caption"].format(reference=self.corpus[self.reference].name, source=self.corpus.source)
        self.table.value = shown.to_html(float_format=lambda x: f"{x:.2f}") + f"<p>{escape(caption)}</p>"
        figure = plots.premium_chart(self.full.loc[shown.index], list(self.encodings.value))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=80)
        self.chart.value = buffer.getvalue()

    def __repr__(self) -> str:
        return f"LanguageExplorer({len(self.languages.value)} languages, {len(self.encodings.value)} encodings)"
