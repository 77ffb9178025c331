"""Live widgets for the lessons: a playground, an encoding comparison and a BPE merge stepper.

Widgets hold no logic of their own: they read their inputs, call the library (``tokenize``,
``compare``, ``bpe.train``) and show the HTML it returns. Typing is debounced, so a long text
never freezes the notebook; drawing is capped as everywhere else.

A saved notebook shows no live widget until it is run again, so every lesson also shows a static
display next to them.

>>> p = Playground("Hello world", debounce=0)
>>> p
Playground(o200k_base: 2 tokens)
>>> p.text.value = "Hello, world!"
>>> p
Playground(o200k_base: 4 tokens)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as w

from . import bpe, registry
from .compare import DEFAULT_ENCODINGS, Comparison, compare
from .tokens import Tokens, tokenize

__all__ = ["Playground", "EncodingComparison", "MergeStepper", "LanguageExplorer", "CostCalculator", "ContextGauge"]  # noqa: F822

# Widgets that need pandas and matplotlib live in their own modules and load when asked for.
_ELSEWHERE = {"LanguageExplorer": "language_explorer", "CostCalculator": "cost_widgets", "ContextGauge": "cost_widgets"}


def __getattr__(name: str) -> object:
    if name in _ELSEWHERE:
        import importlib

        return getattr(importlib.import_module(f".{_ELSEWHERE[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


WORDS = {
    "text": "Text",
    "encoding": "Encoding",
    "ids": "show ids",
    "bytes": "show bytes",
    "encodings": "Encodings",
    "training_text": "Training text",
    "merges": "Merges to learn",
    "step": "After merge",
    "no_merge": "Before any merge, every byte is its own token.",
    "merge": "Merge {rank}: {left} + {right} → {token}",
    "pick_one": "Pick at least one encoding.",
    "error": "⚠ {message}",
}
_WIDE = w.Layout(width="100%")
_AUTO = w.Layout(width="auto", margin="0 0 0 1em")
_ERROR = '<div style="color:#b00020">{}</div>'


class _Debounced:
    """Calls ``refresh`` after input has been still for ``debounce`` seconds (at once if 0)."""

    def __init__(self, refresh: Callable[[], None], debounce: float) -> None:
        self._refresh = refresh
        self.debounce = debounce
        self._pending: asyncio.TimerHandle | None = None

    def __call__(self, change: object = None) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        if self.debounce > 0:
            try:  # in a kernel, widget messages are handled inside its asyncio loop
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            if loop is not None:
                self._pending = loop.call_later(self.debounce, self._refresh)
                return
        self._refresh()


def _follow(refresh: Callable[[], None], debounce: float, *, typed: Sequence[w.Widget] = (),
            picked: Sequence[w.Widget] = ()) -> _Debounced:  # fmt: skip
    """Call ``refresh`` when the inputs change: once typing pauses for ``typed`` ones, at once for
    ``picked`` ones (menus, boxes, sliders)."""
    update = _Debounced(refresh, debounce)
    for control in typed:
        control.observe(update, "value")
    for control in picked:
        control.observe(lambda change: refresh(), "value")
    return update


def _choices() -> list[tuple[str, str]]:
    """The picker's entries: every encoding, then every model by name."""
    encodings = [(name, name) for name in registry.encodings()]
    models = [(f"{model} → {enc}", model) for model, enc in sorted(registry.models().items())]
    return encodings + models


class Playground(w.VBox):
    """Type a text and see its tokens, colored, with counts, as you type.

    >>> Playground("Tokens!", "cl100k_base", debounce=0).tokens.ids
    [30400, 0]
    """

    def __init__(self, text: str = "Type here: tokens are pieces of text.", encoding: str = "o200k_base",
                 *, ids: bool = False, debounce: float = 0.25) -> None:  # fmt: skip
        self.text = w.Textarea(value=text, placeholder=WORDS["text"], layout=w.Layout(width="100%", height="6em"))
        self.encoding = w.Dropdown(options=_choices(), value=encoding, description=WORDS["encoding"])
        self.ids = w.Checkbox(value=ids, description=WORDS["ids"], indent=False, layout=_AUTO)
        self.bytes = w.Checkbox(value=False, description=WORDS["bytes"], indent=False, layout=_AUTO)
        self.output = w.HTML(layout=_WIDE)
        self.tokens: Tokens | None = None
        super().__init__([self.text, w.HBox([self.encoding, self.ids, self.bytes]), self.output])
        self.add_class("tokenlab-playground")
        self._update = _follow(self.refresh, debounce, typed=[self.text], picked=[self.encoding, self.ids, self.bytes])
        self.refresh()

    def refresh(self) -> None:
        """Tokenize the current text and redraw (what typing triggers, after the debounce)."""
        try:
            self.tokens = tokenize(self.text.value, self.encoding.value)
            view = "bytes" if self.bytes.value else "text"
            self.output.value = self.tokens.to_html(ids=self.ids.value, view=view)
        except (ValueError, TypeError) as error:
            self.output.value = _ERROR.format(escape(WORDS["error"].format(message=error)))

    def __repr__(self) -> str:
        count = "?" if self.tokens is None else f"{len(self.tokens):,}"
        name = self.tokens.encoding if self.tokens is not None else self.encoding.value
        return f"Playground({name}: {count} tokens)"


class EncodingComparison(w.VBox):
    """One text under several encodings side by side, with counts and the change in percent.

    >>> EncodingComparison("你好", debounce=0).comparison.counts()
    {'r50k_base': 4, 'cl100k_base': 2, 'o200k_base': 1}
    """

    def __init__(self, text: str = "Tokens are pieces of text. 词元是文本的片段。",
                 encodings: Sequence[str] = DEFAULT_ENCODINGS, *, debounce: float = 0.25) -> None:  # fmt: skip
        self.text = w.Textarea(value=text, layout=w.Layout(width="100%", height="5em"))
        self.encodings = w.SelectMultiple(
            options=registry.encodings(), value=tuple(encodings), description=WORDS["encodings"], rows=6
        )
        self.output = w.HTML(layout=_WIDE)
        self.comparison: Comparison | None = None
        super().__init__([self.text, self.encodings, self.output])
        self._update = _follow(self.refresh, debounce, typed=[self.text], picked=[self.encodings])
        self.refresh()

    def refresh(self) -> None:
        if not self.encodings.value:
            self.comparison = None
            self.output.value = _ERROR.format(escape(WORDS["pick_one"]))
            return
        self.comparison = compare(self.text.value, encodings=list(self.encodings.value))
        self.output.value = self.comparison.to_html()

    def __repr__(self) -> str:
        if self.comparison is None:
            return "EncodingComparison(no encoding picked)"
        return f"EncodingComparison({', '.join(f'{k}: {v}' for k, v in self.comparison.counts().items())})"


class MergeStepper(w.VBox):
    """Train a tiny BPE on a short text, then step through its merges with a slider.

    >>> stepper = MergeStepper("low lower lowest", merges=3, debounce=0)
    >>> stepper.step.value = 2
    >>> stepper
    MergeStepper(after 2 of 3 merges: 10 tokens)
    """

    def __init__(self, text: str = "the cat sat on the mat, the cat ate the rat", merges: int = 20,
                 *, debounce: float = 0.4) -> None:  # fmt: skip
        self.text = w.Textarea(value=text, layout=w.Layout(width="100%", height="4em"))
        self.merges = w.BoundedIntText(value=merges, min=0, max=bpe.MAX_MERGES, description=WORDS["merges"],
                                       style={"description_width": "initial"})  # fmt: skip
        self.step = w.IntSlider(value=0, min=0, max=0, description=WORDS["step"], continuous_update=True,
                                style={"description_width": "initial"}, layout=w.Layout(width="60%"))  # fmt: skip
        self.play = w.Play(value=0, min=0, max=0, interval=700)
        w.jslink((self.play, "value"), (self.step, "value"))
        self.merge = w.HTML()
        self.output = w.HTML(layout=_WIDE)
        self.trained: bpe.Merges | None = None
        self.tokens: Tokens | None = None
        super().__init__([self.text, self.merges, w.HBox([self.play, self.step]), self.merge, self.output])
        self._retrain = _follow(self.train, debounce, typed=[self.text, self.merges])
        _follow(self.show_step, 0, picked=[self.step])
        self.train()

    def train(self) -> None:
        """Train on the current text, then show the last merge."""
        try:
            self.trained = bpe.train(self.text.value, self.merges.value)
        except ValueError as error:
            self.trained, self.tokens = None, None
            self.merge.value, self.output.value = "", _ERROR.format(escape(WORDS["error"].format(message=error)))
            return
        last = len(self.trained)
        self.step.max = self.play.max = last
        if self.step.value == last:
            self.show_step()
        self.step.value = last  # triggers show_step

    def show_step(self) -> None:
        if self.trained is None:
            return
        k = self.step.value
        self.tokens = self.trained.tokenize(after=k)
        if k == 0:
            self.merge.value = escape(WORDS["no_merge"])
        else:
            m = self.trained.merges[k - 1]
            self.merge.value = escape(WORDS["merge"].format(
                rank=m.rank, left=_shown(m.left), right=_shown(m.right), token=_shown(m.token)))  # fmt: skip
        self.output.value = self.tokens.to_html()

    def __repr__(self) -> str:
        if self.trained is None or self.tokens is None:
            return "MergeStepper(not trained)"
        return f"MergeStepper(after {self.step.value} of {len(self.trained)} merges: {len(self.tokens)} tokens)"


def _shown(raw: bytes) -> str:
    from ._visible import plain
    from ._encode import readable

    return "'" + plain(readable(raw)) + "'"
