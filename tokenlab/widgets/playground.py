"""The playground: type a text and watch it split into tokens, with counts, as you type.

>>> p = Playground("Hello world", debounce=0)
>>> p
Playground(o200k_base: 2 tokens)
>>> p.text.value = "Hello, world!"
>>> p
Playground(o200k_base: 4 tokens)
"""

from __future__ import annotations

import ipywidgets as w

from .. import _html, registry
from .._i18n import _, units
from ..tokens import Tokens, tokenize
from ._base import BESIDE, WIDE, LessonWidget, error_html, follow

__all__ = ["Playground", "choices"]


def choices() -> list[tuple[str, str]]:
    """The picker's entries: every encoding, then every model by name."""
    encodings = [(name, name) for name in registry.encodings()]
    models = [(f"{model} → {enc}", model) for model, enc in sorted(registry.models().items())]
    return encodings + models


class Playground(LessonWidget):
    """Type a text and see its tokens, colored, with counts, as you type.

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
        self.text = w.Textarea(value=text, placeholder=_("Text"), layout=w.Layout(width="100%", height="6em"))
        self.encoding = w.Dropdown(options=choices(), value=encoding, description=_("Encoding"))
        self.ids = w.Checkbox(value=ids, description=_("show ids"), indent=False, layout=BESIDE)
        self.bytes = w.Checkbox(value=False, description=_("show bytes"), indent=False, layout=BESIDE)
        self.output = w.HTML(layout=WIDE)
        self.tokens: Tokens | None = None
        super().__init__([self.text, w.HBox([self.encoding, self.ids, self.bytes]), self.output])
        self.add_class("tokenlab-playground")
        self._update = follow(self.refresh, debounce, typed=[self.text], picked=[self.encoding, self.ids, self.bytes])
        self.refresh()

    def refresh(self) -> None:
        """Tokenize the current text and redraw (what typing triggers, after the debounce)."""
        try:
            self.tokens = tokenize(self.text.value, encoding=self.encoding.value)
            view = "bytes" if self.bytes.value else "text"
            self.output.value = self.tokens.to_html(ids=self.ids.value, view=view)
        except (ValueError, TypeError) as error:
            self.tokens = None
            self.output.value = error_html(error)

    def static_html(self) -> str:
        return _html.quote(self.text.value) + str(self.output.value)

    def __repr__(self) -> str:
        name = self.tokens.encoding if self.tokens is not None else self.encoding.value
        if self.tokens is None:
            return f"Playground({name})"
        return f"Playground({name}: {units(len(self.tokens), 'token')})"
