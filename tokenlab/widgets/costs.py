"""Widgets for prices and limits: a cost calculator and a context-window gauge.

Like the other widgets they only read their inputs and call the library (``pricing.estimate``,
``pricing.compare_models``, ``limits.fits``).

>>> CostCalculator("Hello world", "gpt-5.4-mini", output_tokens=100, debounce=0)
CostCalculator(gpt-5.4-mini: $0.000452)
>>> ContextGauge(300_000 * "x ", "gpt-5.4-mini", debounce=0)
ContextGauge(gpt-5.4-mini: does not fit)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

import ipywidgets as w

from .. import _html, limits, pricing, registry
from .._checks import whole
from .._compat import renamed
from .._i18n import _
from ..freshness import freshness
from ._base import NARROW_LABEL, WIDE, LessonWidget, error_html, follow, one_of, text_arg

__all__ = ["CostCalculator", "ContextGauge", "countable_models", "gauge_models"]


def some_of_names(names: object) -> list[str]:
    """Model names to compare with: unknown ones are left out (the menu offers only priced models)."""
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, (list, tuple, set, frozenset)):
        raise TypeError(_("compare is a list of model names, not {name}").format(name=type(names).__name__))
    return [name for name in names if isinstance(name, str)]


def countable_models(*, with_limits: bool = False) -> list[str]:
    """The priced models whose encoding is known, so that a text can be counted for them (and,
    with ``with_limits``, whose context window and maximum output are in the table): OpenAI's,
    then the other vendors' whose pages tokenlab quotes (DeepSeek, Qwen on 百炼)."""
    from .. import quotes

    known = []
    table = pricing.price_table()
    for name in sorted(table.models):
        try:
            registry.encoding_for_model(name)
        except ValueError:
            continue
        if with_limits and not {"max_input_tokens", "max_output_tokens"} <= set(table.models[name]):
            continue
        known.append(name)
    if not with_limits:
        for data in quotes.quotes().values():
            known += sorted(name for name, spec in data["models"].items() if spec.get("tokenizer"))
    return known


class CostCalculator(LessonWidget):
    """A text, a model and the expected output: the cost, and the same request on other models."""

    def __init__(
        self,
        text: str = "Explain tokens to a ten-year-old.",
        model: str = "gpt-5.4-mini",
        *,
        output_tokens: int = 500,
        compare: Sequence[str] = ("gpt-5.4", "deepseek-flash", "qwen3.6-flash"),
        currency: str | None = None,
        debounce: float = 0.25,
    ) -> None:
        from .. import fx

        self.currency = fx.check_currency(currency) if currency is not None else None
        models = countable_models()
        self.text = w.Textarea(value=text_arg(text), layout=w.Layout(width="100%", height="5em"))
        self.model = w.Dropdown(options=models, value=one_of(model, models, "model"), description=_("Model"))
        self.output_tokens = w.BoundedIntText(
            value=whole(output_tokens, "output_tokens", high=10_000_000),
            min=0,
            max=10_000_000,
            description=_("Output tokens"),
            style=NARROW_LABEL,
        )
        self.compare = w.SelectMultiple(
            options=models,
            value=tuple(m for m in some_of_names(compare) if m in models),
            rows=5,
            description=_("Compare with"),
            style=NARROW_LABEL,
        )
        self.cost = w.HTML(layout=WIDE)
        self.table = w.HTML(layout=WIDE)
        self.result: pricing.Cost | None = None
        super().__init__([self.text, w.HBox([self.model, self.output_tokens]), self.compare, self.cost, self.table])
        self._update = follow(
            self.refresh, debounce, typed=[self.text], picked=[self.model, self.output_tokens, self.compare]
        )
        self.refresh()

    def refresh(self) -> None:
        try:
            self.result = pricing.estimate(
                self.text.value, model=self.model.value, output_tokens=self.output_tokens.value, currency=self.currency
            )
            models = [self.model.value, *(m for m in self.compare.value if m != self.model.value)]
            try:
                frame = pricing.compare_models(
                    self.text.value, models=models, output_tokens=self.output_tokens.value, currency=self.currency
                )
            except ValueError:  # a model priced only in another currency: each row in its own
                frame = pricing.compare_models(self.text.value, models=models, output_tokens=self.output_tokens.value)
        except (ValueError, TypeError) as error:
            self.result = None
            self.cost.value, self.table.value = error_html(error), ""
            return
        self.cost.value = self.result.to_html()
        shown = frame[["input tokens", "output tokens", "input", "output", "total", "currency"]]
        self.table.value = _html.block("compare-models", shown.html(caption=False))

    def static_html(self) -> str:
        return _html.quote(self.text.value) + str(self.cost.value) + str(self.table.value)

    def __repr__(self) -> str:
        return f"CostCalculator({self.model.value}: {self.result if self.result is not None else '?'})"


def gauge_models(today: datetime.date | None = None) -> list[str]:
    """The models ContextGauge offers: those with known limits whose text tokenlab can count, less
    fine-tuning prices (``ft:...``, not models to pick), models that shut down within 90 days of
    ``today`` or before (the lessons' rule for current models), and dated snapshots of a model
    offered under its own name.

    >>> "gpt-5.4" in gauge_models() and not any(m.startswith("ft:") for m in gauge_models())
    True
    """
    soon = ((today or datetime.date.today()) + datetime.timedelta(days=90)).isoformat()
    table = pricing.price_table().models
    offered = [
        name
        for name in countable_models(with_limits=True)
        if not name.startswith("ft:")
        for fresh in (freshness(name),)  # once per model
        if str(fresh.date or table[name].get("deprecation_date") or "9999") > soon and fresh.status != "legacy"
    ]
    aliases = set(offered)
    return [name for name in offered if not ((m := re.fullmatch(r"(.+)-\d{4}-\d{2}-\d{2}", name)) and m[1] in aliases)]


class ContextGauge(LessonWidget):
    """A prompt and the output it reserves, drawn against the model's context window. The menu
    offers the models of ``gauge_models()``; the default is gpt-5.4 (a current model with a large
    window) while it is offered."""

    def __init__(
        self,
        text: str = "Paste a long text here.",
        model: str | None = None,
        *,
        max_output_tokens: int = 1000,
        debounce: float = 0.25,
        **old: int,
    ) -> None:
        if old:  # ContextGauge(..., reserve=N): the older name
            renamed(old, "reserve", "max_output_tokens", "ContextGauge")
            max_output_tokens = old.pop("max_output_tokens")
        if old:
            raise TypeError(
                _("ContextGauge() got an unexpected keyword argument {next!r}").format(next=next(iter(old)))
            )
        models = gauge_models()
        if model is None:
            model = "gpt-5.4" if "gpt-5.4" in models else models[0]
        self.text = w.Textarea(value=text_arg(text), layout=w.Layout(width="100%", height="6em"))
        self.model = w.Dropdown(options=models, value=one_of(model, models, "model"), description=_("Model"))
        self.reserve = w.IntSlider(
            value=whole(max_output_tokens, "max_output_tokens"),
            min=0,
            max=limits.max_output(model),
            step=100,
            description=_("Reserve for output"),
            style=NARROW_LABEL,
            layout=w.Layout(width="60%"),
        )
        self.gauge = w.HTML(layout=WIDE)
        self.fit: limits.Fit | None = None
        super().__init__([self.text, w.HBox([self.model, self.reserve]), self.gauge])
        self._update = follow(self.refresh, debounce, typed=[self.text], picked=[self.reserve])
        self.model.observe(self._model_changed, "value")  # also moves the slider's maximum
        self.refresh()

    def _model_changed(self, change: object = None) -> None:
        self.reserve.max = limits.max_output(self.model.value)  # clamps the value too
        self.refresh()

    def refresh(self) -> None:
        try:
            self.fit = limits.fits(self.text.value, model=self.model.value, max_output_tokens=self.reserve.value)
        except (ValueError, TypeError) as error:
            self.fit = None
            self.gauge.value = error_html(error)
            return
        self.gauge.value = self.fit.to_html()

    def static_html(self) -> str:
        return _html.quote(self.text.value, limit=300) + str(self.gauge.value)

    def __repr__(self) -> str:
        if self.fit is None:
            return "ContextGauge(?)"
        return f"ContextGauge({self.model.value}: {self.fit.verdict()})"
