"""The language explorer: pick languages and encodings, see the premium table and chart.

The premiums of the whole corpus are computed once (``languages.premiums``); picking languages or
encodings only selects rows and columns, so the table and chart follow every click at once.

>>> explorer = LanguageExplorer(["eng", "cmn_hans", "hin"], ["cl100k_base", "o200k_base"])
>>> explorer
LanguageExplorer(3 languages, 2 encodings)
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import TYPE_CHECKING

import ipywidgets as w

from .. import _html, registry
from .._i18n import _, units
from ..corpus import Corpus, load_corpus
from ..languages import premiums
from ._base import LessonWidget, follow, one_of, some_of

if TYPE_CHECKING:
    from .._table import Table

__all__ = ["LanguageExplorer", "DEFAULT_LANGUAGES"]

DEFAULT_LANGUAGES = ("eng", "spa", "fra", "deu", "rus", "arb", "hin", "cmn_hans", "jpn", "kor", "tha", "mya", "amh")


class LanguageExplorer(LessonWidget):
    """Choose languages and encodings; the premium table and chart update as you choose.

    With your own ``corpus``, the languages shown first are those of ``DEFAULT_LANGUAGES`` it has
    (all of its languages if it has none of them), and the reference is English if it has it,
    else its first language.
    """

    def __init__(
        self,
        languages: Sequence[str] | None = None,
        encodings: Sequence[str] = registry.GENERATIONS,
        *,
        corpus: Corpus | None = None,
        reference: str | None = None,
    ) -> None:
        if corpus is not None and not isinstance(corpus, Corpus):
            raise TypeError(
                _("corpus is a Corpus (from tokenlab.corpus.load_corpus), not {name}").format(
                    name=type(corpus).__name__
                )
            )
        self.corpus = load_corpus() if corpus is None else corpus
        if languages is None:
            languages = [code for code in DEFAULT_LANGUAGES if code in self.corpus] or list(self.corpus)
        if reference is None:
            reference = "eng" if "eng" in self.corpus else next(iter(self.corpus))
        self.reference = one_of(reference, list(self.corpus), "reference")
        codes = some_of(languages, list(self.corpus) + list(DEFAULT_LANGUAGES), "languages")
        picked = some_of(encodings, registry.encodings(), "encodings")
        # Every encoding for the bundled corpus (counted when it was built: nothing loads); for
        # your own, OpenAI's and those picked, and the others only once picked (each loads then).
        first = registry.encodings() if corpus is None else [*registry.encodings("openai"), *picked]
        self.full = premiums(self.corpus, encodings=list(dict.fromkeys(first)), reference=reference)
        self.languages = w.SelectMultiple(
            options=[
                (f"{lang.local_name} ({code})", code)
                for code, lang in sorted(self.corpus.items(), key=lambda kv: kv[1].sort_key)
            ],
            value=tuple(code for code in codes if code in self.corpus),
            rows=10,
            description=_("Languages"),
        )
        self.encodings = w.SelectMultiple(
            options=registry.encodings(),
            value=picked,
            rows=10,
            description=_("Encodings"),
        )
        self.table = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        super().__init__([w.HBox([self.languages, self.encodings]), self.table, self.chart])
        follow(self.refresh, 0, picked=[self.languages, self.encodings])
        self.refresh()

    @property
    def selection(self) -> Table:
        """The rows and premium columns now shown, as a DataFrame: cheapest first under the last
        encoding shown (the rightmost column), so the table reads in the chart's order."""
        columns = ["name", "script"] + [f"{e} premium" for e in self.encodings.value]
        rows = [code for code in self.full.index if code in self.languages.value]
        return self.full.loc[rows, columns].sort_values(columns[-1], kind="stable")

    def refresh(self) -> None:
        from .. import plots

        if not self.languages.value or not self.encodings.value:
            self.table.value = _html.notice(_("Pick at least one language and one encoding."), level="info")
            self.chart.value = b""
            return
        missing = [e for e in self.encodings.value if f"{e} premium" not in self.full.columns]
        if missing:
            known = [e for e in registry.encodings() if f"{e} premium" in self.full.columns]
            self.full = premiums(self.corpus, encodings=[*known, *missing], reference=self.reference)
        shown = self.selection
        caption = _("Premium: tokens for the same text, relative to {reference}. Source: {source}.").format(
            reference=self.corpus[self.reference].local_name, source=self.corpus.shown_source
        )
        self.table.value = _html.block("premiums", shown.html(caption=False) + _html.note(caption))
        figure = plots.premium_chart(self.full.loc[shown.index], list(self.encodings.value))
        self.chart.value = figure.png(dpi=80)

    def static_html(self) -> str:
        image = ""
        if self.chart.value:
            data = base64.b64encode(bytes(self.chart.value)).decode("ascii")
            image = (
                f'<img alt="{_html.esc(_("premium chart"))}" style="max-width:100%" src="data:image/png;base64,{data}">'
            )
        return str(self.table.value) + image

    def __repr__(self) -> str:
        picked = units(len(self.languages.value), "language"), units(len(self.encodings.value), "encoding")
        return f"LanguageExplorer({picked[0]}, {picked[1]})"
