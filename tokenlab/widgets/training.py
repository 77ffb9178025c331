"""The training lab: choose how much of each language a tokenizer reads and how many tokens it
learns, train it, and see each language's premium on the held-out half change.

Training takes a second or two (``benchmarks/training.py`` measures it), so it runs when the button
is pressed, not on every slider move. The tokenizer is registered under ``name`` ("lab"), so the
other widgets and ``tokenize`` can use it afterwards.

>>> lab = TrainingLab(["eng", "cmn_hans"], vocab_size=500)
>>> lab
TrainingLab(2 languages, 500 tokens: lab)
>>> registry.unregister("lab")
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

import ipywidgets as w

from .. import _html, registry
from .._checks import brief
from .._i18n import _, units
from ..corpus import load_corpus
from ..training import held_out_premiums, train_bpe
from ..training.halves import check_mix
from ..training.trained import TrainedEncoding, checked_name
from ._base import NARROW_LABEL, LessonWidget, error_html, some_of

__all__ = ["TrainingLab", "DEFAULT_LANGUAGES", "VOCAB_SIZES"]

DEFAULT_LANGUAGES = ("eng", "spa", "rus", "arb", "hin", "cmn_hans", "jpn", "kor", "tha")
VOCAB_SIZES = (500, 1000, 2000, 4000, 8000)
MAX_WEIGHT = 20


class TrainingLab(LessonWidget):
    """Sliders for each language's weight (0: not read), a vocabulary size, and a Train button."""

    def __init__(
        self,
        languages: Sequence[str] = DEFAULT_LANGUAGES,
        *,
        vocab_size: int = 2000,
        mix: Mapping[str, float] | None = None,
        compare: str = "o200k_base",
        name: str = "lab",
    ) -> None:
        corpus = load_corpus()
        self.codes = some_of(languages, list(corpus), "languages")
        if not self.codes:
            raise ValueError(_("pick at least one language"))
        self.reference = "eng" if "eng" in self.codes else self.codes[0]
        self.compare = registry.resolve(compare)
        self.name = checked_name(name)
        if isinstance(vocab_size, bool) or vocab_size not in VOCAB_SIZES:
            raise ValueError(
                _("vocab_size must be one of {sizes}; not {value}").format(
                    sizes=", ".join(map(str, VOCAB_SIZES)), value=brief(vocab_size)
                )
            )
        weights = dict.fromkeys(self.codes, 1.0) if mix is None else check_mix(mix, dict.fromkeys(self.codes))
        self.sliders = {
            code: w.FloatSlider(
                value=min(MAX_WEIGHT, max(0.0, float(weights.get(code, 0)))),
                min=0,
                max=MAX_WEIGHT,
                step=0.5,
                description=corpus[code].local_name,
                style=NARROW_LABEL,
                layout=w.Layout(width="32%"),
            )
            for code in self.codes
        }
        self.vocab_size = w.SelectionSlider(
            options=[(f"{n:,}", n) for n in VOCAB_SIZES],
            value=vocab_size,
            description=_("Vocabulary size"),
            style=NARROW_LABEL,
        )
        self.button = w.Button(description=_("Train"), button_style="primary", icon="play")
        self.status = w.HTML()
        self.table = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        self.trained: TrainedEncoding | None = None
        intro = w.HTML(_html.note(_("How many times the tokenizer reads each language's training half (0: never)")))
        grid = w.Box(list(self.sliders.values()), layout=w.Layout(flex_flow="row wrap"))
        super().__init__([intro, grid, w.HBox([self.vocab_size, self.button]), self.status, self.table, self.chart])
        self.button.on_click(lambda _button: self.train())
        self.train()

    @property
    def mix(self) -> dict[str, float]:
        """The weights the sliders show now."""
        return {code: float(slider.value) for code, slider in self.sliders.items()}

    def train(self) -> None:
        """Train on the mix and size now chosen, then measure and draw."""
        from .. import plots

        self.button.disabled = True
        self.status.value = _html.note(_("Training..."))
        try:
            self.trained = train_bpe(self.vocab_size.value, mix=self.mix, name=self.name)
            table = held_out_premiums([self.compare, self.name], languages=self.codes, reference=self.reference)
        except (ValueError, TypeError) as error:
            self.status.value = error_html(error)
            self.table.value, self.chart.value = "", b""
            return
        finally:
            self.button.disabled = False
        seconds = self.trained.trained["seconds"]
        self.status.value = _html.note(
            _("{name}: {tokens} learned from {size} in {seconds:.1f} s; premiums measured on the held-out half").format(
                name=self.name,
                tokens=units(self.trained.n_vocab, "token"),
                size=units(self.trained.trained["bytes"], "byte"),
                seconds=seconds,
            )
        )
        columns = ["name", f"{self.compare} premium", f"{self.name} premium"]
        self.table.value = table[columns].html(caption=False)
        self.chart.value = plots.premium_chart(table, [self.compare, self.name]).png(dpi=80)

    def static_html(self) -> str:
        image = ""
        if self.chart.value:
            data = base64.b64encode(bytes(self.chart.value)).decode("ascii")
            image = (
                f'<img alt="{_html.esc(_("premium chart"))}" style="max-width:100%" src="data:image/png;base64,{data}">'
            )
        shown = _(", ").join(f"{self.sliders[c].description} {self.sliders[c].value:g}" for c in self.codes)
        return _html.note(shown) + str(self.status.value) + str(self.table.value) + image

    def __repr__(self) -> str:
        return (
            f"TrainingLab({units(len(self.codes), 'language')}, {units(self.vocab_size.value, 'token')}: {self.name})"
        )
