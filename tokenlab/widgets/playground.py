"""The playground: type a text and watch it split into tokens, with counts, as you type.

Tick "explain a token" and pick one with the slider: below the tokens, the merges that build it
(``tokenlab.explain``) are drawn as a tree, and the picked token is underlined.

>>> p = Playground("Hello world", debounce=0)
>>> p
Playground(o200k_base: 2 tokens)
>>> p.text.value = "Hello, world!"
>>> p
Playground(o200k_base: 4 tokens)
>>> p.explain.value = True
>>> p.pick.value = 3
>>> p.explanation
<Explanation o200k_base: token 2375, 5 merges>
"""

from __future__ import annotations

import ipywidgets as w

from .. import _html, registry, render
from .._boxes import boxes
from .._i18n import _, units
from ..explain import Explanation, explain
from ..tokens import Tokens, tokenize
from ._base import BESIDE, WIDE, LessonWidget, error_html, follow, one_of, text_arg

__all__ = ["Playground", "choices"]


def choices() -> list[tuple[str, str]]:
    """The picker's entries: every encoding (OpenAI's, then the other vendors'), then every model by name."""
    encodings = [(name, name) for name in registry.encodings()]
    models = [(f"{model} → {enc}", model) for model, enc in sorted(registry.models().items())]
    return encodings + models


class Playground(LessonWidget):
    """Type a text and see its tokens, colored, with counts, as you type; pick one to explain it.

    >>> Playground("Tokens!", encoding="cl100k_base", debounce=0).tokens.ids
    [30400, 0]
    """

    def __init__(
        self,
        text: str = "Type here: tokens are pieces of text.",
        encoding: str = registry.DEFAULT_ENCODING,
        *,
        ids: bool = False,
        debounce: float = 0.25,
    ) -> None:
        text, options = text_arg(text), choices()
        if isinstance(encoding, str) and encoding.strip() and encoding not in [value for _k, value in options]:
            # a name the menu does not list, such as a dated snapshot (gpt-4o-2024-05-13): offered too
            options.append((f"{encoding} → {registry.resolve(encoding)}", encoding))
        encoding = one_of(encoding, options, "encoding")
        self.text = w.Textarea(value=text, placeholder=_("Text"), layout=w.Layout(width="100%", height="6em"))
        self.encoding = w.Dropdown(options=options, value=encoding, description=_("Encoding"))
        self.ids = w.Checkbox(value=bool(ids), description=_("show ids"), indent=False, layout=BESIDE)
        self.bytes = w.Checkbox(value=False, description=_("show bytes"), indent=False, layout=BESIDE)
        self.explain = w.Checkbox(value=False, description=_("explain a token"), indent=False, layout=BESIDE)
        self.pick = w.IntSlider(
            value=1, min=1, max=1, description=_("Token"), layout=w.Layout(width="60%", display="none")
        )
        self.output = w.HTML(layout=WIDE)
        self.tree = w.HTML(layout=WIDE)
        self.tokens: Tokens | None = None
        self.explanation: Explanation | None = None
        controls = w.HBox([self.encoding, self.ids, self.bytes, self.explain])
        super().__init__([self.text, controls, self.output, self.pick, self.tree])
        self.add_class("tokenlab-playground")
        self._update = follow(
            self.refresh, debounce, typed=[self.text], picked=[self.encoding, self.ids, self.bytes, self.explain]
        )
        follow(self.draw, 0, picked=[self.pick])
        self.refresh()

    def refresh(self) -> None:
        """Tokenize the current text and redraw (what typing triggers, after the debounce)."""
        try:
            self.tokens = tokenize(self.text.value, encoding=self.encoding.value)
        except (ValueError, TypeError) as error:
            self.tokens, self.explanation = None, None
            self.output.value, self.tree.value = error_html(error), ""
            return
        self._fit_pick()
        self.draw()

    def _fit_pick(self) -> None:
        """The slider reaches the last token drawn, not past it (a long text is drawn in part)."""
        if self.tokens is None:
            return
        view: render.View = "bytes" if self.bytes.value else "text"
        last = max(1, min(len(self.tokens), render.extent(self.tokens, ids=self.ids.value, view=view)))
        if self.pick.max != last:
            self.pick.max = last  # clamps the value, which may redraw: then drawing again is harmless

    def draw(self) -> None:
        """Draw the tokens and, if asked, the picked token's merges."""
        if self.tokens is None:
            return
        picking = self.explain.value and len(self.tokens) > 0
        self.pick.layout.display = None if picking else "none"
        view = "bytes" if self.bytes.value else "text"
        position = self.pick.value - 1
        marked = {self._box_of(position, view)} if picking else set()
        self.output.value = self.tokens.to_html(ids=self.ids.value, view=view, marked=marked)
        if not picking:
            self.explanation, self.tree.value = None, ""
            return
        try:
            self.explanation = explain(self.tokens.ids[position], encoding=self.tokens.encoding)
        except ValueError as error:  # a tokenizer.json tokenizer (DeepSeek's): explain says why not
            self.explanation, self.tree.value = None, error_html(error)
            return
        where = _("Token {k} of {n} (underlined above); move the slider to pick another.").format(
            k=position + 1, n=len(self.tokens)
        )
        self.tree.value = _html.note(where) + self.explanation.to_html()

    def _box_of(self, position: int, view: str) -> int:
        """The box that draws the token at ``position`` (a split character's tokens share one)."""
        if view == "bytes" or self.tokens is None:
            return position
        groups = boxes(self.tokens.ids, self.tokens.table, position + 1)[1]
        return len(groups) - 1

    def static_html(self) -> str:
        return _html.quote(self.text.value) + str(self.output.value) + str(self.tree.value)

    def __repr__(self) -> str:
        name = self.tokens.encoding if self.tokens is not None else self.encoding.value
        if self.tokens is None:
            return f"Playground({name})"
        return f"Playground({name}: {units(len(self.tokens), 'token')})"
