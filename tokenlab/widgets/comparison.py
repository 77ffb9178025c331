"""One text under several encodings, side by side, as you type; the spans they cut differently
are underlined (untick "highlight differences" to hide the marks).

>>> EncodingComparison("你好", debounce=0).comparison.counts
{'r50k_base': 4, 'cl100k_base': 2, 'o200k_base': 1}
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import ipywidgets as w

from .. import _html, registry
from .._i18n import _
from ..compare import Comparison, compare
from ._base import WIDE, LessonWidget, error_html, follow, some_of, text_arg

__all__ = ["EncodingComparison"]


def _encodings(names: object) -> tuple[str, ...]:
    """The encodings meant by ``names`` (model names too, as ``compare`` takes them), each once."""
    if isinstance(names, str):
        names = [names]
    if isinstance(names, (list, tuple)) and all(isinstance(name, str) for name in names):
        with contextlib.suppress(ValueError):  # some_of says which name is not one
            names = list(dict.fromkeys(registry.resolve(name) for name in names))
    return some_of(names, registry.encodings(), "encodings")


class EncodingComparison(LessonWidget):
    """One text under several encodings side by side, with counts and the change in percent."""

    def __init__(
        self,
        text: str = "Tokens are pieces of text. 词元是文本的片段。",
        encodings: Sequence[str] = registry.GENERATIONS,
        *,
        highlight: bool = True,
        debounce: float = 0.25,
    ) -> None:
        self.text = w.Textarea(value=text_arg(text), layout=w.Layout(width="100%", height="5em"))
        self.encodings = w.SelectMultiple(
            options=registry.encodings(),
            value=_encodings(encodings),
            description=_("Encodings"),
            rows=10,
        )
        self.highlight = w.Checkbox(value=highlight, description=_("highlight differences"), indent=False)
        self.output = w.HTML(layout=WIDE)
        self.comparison: Comparison | None = None
        super().__init__([self.text, w.HBox([self.encodings, self.highlight]), self.output])
        self._update = follow(self.refresh, debounce, typed=[self.text], picked=[self.encodings, self.highlight])
        self.refresh()

    def refresh(self) -> None:
        if not self.encodings.value:
            self.comparison = None
            self.output.value = error_html(_("Pick at least one encoding."))
            return
        try:
            self.comparison = compare(
                self.text.value, encodings=list(self.encodings.value), highlight=self.highlight.value
            )
        except (ValueError, TypeError) as error:
            self.comparison = None
            self.output.value = error_html(error)
            return
        self.output.value = self.comparison.to_html()

    def static_html(self) -> str:
        return _html.quote(self.text.value) + str(self.output.value)

    def __repr__(self) -> str:
        if self.comparison is None:
            return "EncodingComparison()"
        return f"EncodingComparison({', '.join(f'{k}: {v}' for k, v in self.comparison.counts.items())})"
