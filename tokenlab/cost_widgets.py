"""Widgets for prices and limits: a cost calculator and a context-window gauge.

Like the other widgets they only read their inputs and call the library (``pricing.estimate``,
``pricing.compare_models``, ``limits.fits``).

>>> CostCalculator("Hello world", "gpt-4o", output_tokens=100, debounce=0)
CostCalculator(gpt-4o: $0.001005)
>>> ContextGauge(150_000 * "x ", "gpt-4o", debounce=0)
ContextGauge(gpt-4o: does not fit)
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as w

from . import limits, pricing, registry
from .widgets import _ERROR, _WIDE, WORDS as _WIDGET_WORDS, _follow

__all__ = ["CostCalculator", "ContextGauge"]

WORDS = {
    "model": "Model",
    "output": "Output tokens",
    "compare": "Compare with",
    "reserve": "Reserve for output",
}


def _models() -> list[str]:
    """The priced models whose encoding tiktoken knows, so that a text can be counted for them."""
    known = []
    for name in sorted(pricing.price_table().models):
        try:
            registry.encoding_for_model(name)
        except ValueError:
            continue
        known.append(name)
    return known


class CostCalculator(w.VBox):
    """A text, a model and the expected output: the cost, and the same request on other models."""

    def __init__(self, text: str = "Explain tokens to a ten-year-old.", model: str = "gpt-4o", *, output_tokens: int = 500,
                 compare: Sequence[str] = ("gpt-4o-mini", "gpt-4.1", "gpt-5"), debounce: float = 0.25) -> None:  # fmt: skip
        models = _models()
        self.text = w.Textarea(value=text, layout=w.Layout(width="100%", height="5em"))
        self.model = w.Dropdown(options=models, value=model, description=WORDS["model"])
        self.output_tokens = w.BoundedIntText(value=output_tokens, min=0, max=10_000_000, description=WORDS["output"],
                                              style={"description_width": "initial"})  # fmt: skip
        self.compare = w.SelectMultiple(options=models, value=tuple(m for m in compare if m in models), rows=5,
                                        description=WORDS["compare"], style={"description_width": "initial"})  # fmt: skip
        self.cost = w.HTML(layout=_WIDE)
        self.table = w.HTML(layout=_WIDE)
        self.result: pricing.Cost | None = None
        super().__init__([self.text, w.HBox([self.model, self.output_tokens]), self.compare, self.cost, self.table])
        self._update = _follow(self.refresh, debounce, typed=[self.text], picked=[self.model, self.output_tokens, self.compare])
        self.refresh()

    def refresh(self) -> None:
        try:
            self.result = pricing.estimate(self.text.value, self.model.value, output_tokens=self.output_tokens.value)
            models = [self.model.value, *(m for m in self.compare.value if m != self.model.value)]
            frame = pricing.compare_models(self.text.value, models, output_tokens=self.output_tokens.value)
        except ValueError as error:
            self.result = None
            self.cost.value, self.table.value = _ERROR.format(escape(_WIDGET_WORDS["error"].format(message=error))), ""
            return
        self.cost.value = self.result._repr_mimebundle_()["text/html"]
        self.table.value = frame.to_html()

    def __repr__(self) -> str:
        return f"CostCalculator({self.model.value}: {self.result if self.result is not None else '?'})"


class ContextGauge(w.VBox):
    """A prompt and the output it reserves, drawn against the model's context window."""

    def __init__(self, text: str = "Paste a long text here.", model: str = "gpt-4o", *, reserve: int = 1000,
                 debounce: float = 0.25) -> None:  # fmt: skip
        self.text = w.Textarea(value=text, layout=w.Layout(width="100%", height="6em"))
        self.model = w.Dropdown(options=_models(), value=model, description=WORDS["model"])
        self.reserve = w.IntSlider(value=reserve, min=0, max=limits.max_output(model), step=100, description=WORDS["reserve"],
                                   style={"description_width": "initial"}, layout=w.Layout(width="60%"))  # fmt: skip
        self.gauge = w.HTML(layout=_WIDE)
        self.fit: limits.Fit | None = None
        super().__init__([self.text, w.HBox([self.model, self.reserve]), self.gauge])
        self._update = _follow(self.refresh, debounce, typed=[self.text], picked=[self.reserve])
        self.model.observe(self._model_changed, "value")  # also moves the slider's maximum
        self.refresh()

    def _model_changed(self, change: object = None) -> None:
        self.reserve.max = limits.max_output(self.model.value)  # clamps the value too
        self.refresh()

    def refresh(self) -> None:
        self.fit = limits.fits(self.text.value, self.model.value, self.reserve.value)
        self.gauge.value = limits.gauge_html(self.fit)

    def __repr__(self) -> str:
        if self.fit is None:
            return "ContextGauge(?)"
        return f"ContextGauge({self.model.value}: {'fits' if self.fit.fits else 'does not fit'})"
