"""The vocabulary X-ray: pick an encoding and see what its tokens are made of.

Everything shown was counted when tokenlab was built (``tokenlab.vocab``), so switching between
encodings loads no tokenizer and answers at once.

>>> x = VocabularyXray("qwen")
>>> x
VocabularyXray(qwen: 151,643 tokens)
>>> x.top.value = 100
>>> x.xray.literacy(100)
100
"""

from __future__ import annotations

import ipywidgets as w

from .. import registry
from .._i18n import _
from ..vocab import CATEGORIES, LEVELS, Xray, label, xray
from ._base import WIDE, LessonWidget, error_html, follow, one_of

__all__ = ["VocabularyXray"]


class VocabularyXray(LessonWidget):
    """Pick an encoding: its tokens by script, its literacy in Chinese, its longest tokens, and
    the tokens its own text does not give back."""

    def __init__(self, encoding: str = registry.DEFAULT_ENCODING, *, script: str = "", top: int = LEVELS[-1]) -> None:
        self.encoding = w.Dropdown(
            options=registry.encodings(),
            value=one_of(encoding, registry.encodings(), "encoding"),
            description=_("Encoding"),
        )
        scripts = [(_("all scripts"), ""), *((label(code), code) for code in CATEGORIES if code != "fragment")]
        self.script = w.Dropdown(options=scripts, value=one_of(script, scripts, "script"), description=_("Longest in"))
        levels = [(f"{n:,}", n) for n in LEVELS]
        self.top = w.Dropdown(options=levels, value=top if top in LEVELS else LEVELS[-1], description=_("Characters"))
        self.output = w.HTML(layout=WIDE)
        self.xray: Xray | None = None
        super().__init__([w.HBox([self.encoding, self.script, self.top]), self.output])
        follow(self.refresh, 0, picked=[self.encoding, self.script, self.top])
        self.refresh()

    def refresh(self) -> None:
        try:
            self.xray = xray(self.encoding.value, script=self.script.value or None, top=self.top.value)
        except (ValueError, TypeError) as error:
            self.xray, self.output.value = None, error_html(error)
            return
        self.output.value = self.xray.to_html()

    def static_html(self) -> str:
        return str(self.output.value)

    def __repr__(self) -> str:
        if self.xray is None:
            return "VocabularyXray()"
        return f"VocabularyXray({self.xray.encoding}: {self.xray.ranks:,} tokens)"
