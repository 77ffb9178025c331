"""What the digit splitter and the format comparison share: a text, the encodings picked, and an
output that shows the library's view of both (or a one-line error)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from .. import _html, registry
from .._i18n import _
from ._base import WIDE, LessonWidget, error_html, follow, some_of

__all__ = ["TextUnderEncodings"]


class TextUnderEncodings(LessonWidget):
    """A text box and an encodings picker; ``view(text, encodings)`` (a library call) is shown below.

    ``result`` is what the view returned, or None after an error (shown in its place).
    """

    def __init__(self, text: w.Widget, encodings: Sequence[str], debounce: float) -> None:
        self.text = text
        self.encodings = w.SelectMultiple(
            options=registry.encodings(),
            value=some_of(encodings, registry.encodings(), "encodings"),
            description=_("Encodings"),
            rows=10,
        )
        self.output = w.HTML(layout=WIDE)
        self.result: Any = None
        super().__init__([self.text, self.encodings, self.output])
        self._update = follow(self.refresh, debounce, typed=[self.text], picked=[self.encodings])
        self.refresh()

    def view(self, text: str, encodings: list[str]) -> Any:
        raise NotImplementedError

    def refresh(self) -> None:
        if not self.encodings.value:
            self.result, self.output.value = None, error_html(_("Pick at least one encoding."))
            return
        try:
            self.result = self.view(self.text.value, list(self.encodings.value))
        except (ValueError, TypeError) as error:
            self.result, self.output.value = None, error_html(error)
            return
        self.output.value = self.result.to_html()

    def static_html(self) -> str:
        return _html.quote(self.text.value) + str(self.output.value)
