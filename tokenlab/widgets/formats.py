"""The format comparison: type data as JSON, see it as indented and minified JSON, YAML and CSV,
with and without ``ensure_ascii``, and what each costs in tokens under the encodings you pick.

>>> f = FormatComparison('[{"name": "李伟", "age": 20}]', ["o200k_base"], debounce=0)
>>> f.formats.counts[("csv", False)]
{'o200k_base': 9}
>>> f.text.value = '{"name": '
>>> f.formats is None, "not JSON" in f.output.value
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w

from .. import registry
from ..formats import Formats, formats
from ._base import text_arg
from ._picked import TextUnderEncodings

__all__ = ["FormatComparison"]

_EXAMPLE = """[
  {"name": "李伟", "city": "北京", "score": 92},
  {"name": "Alice Chen", "city": "Shanghai", "score": 88}
]"""


class FormatComparison(TextUnderEncodings):
    """Data typed as JSON, written four ways (twice), each counted under the encodings picked."""

    def __init__(
        self, text: str = _EXAMPLE, encodings: Sequence[str] = (registry.DEFAULT_ENCODING,), *, debounce: float = 0.25
    ) -> None:
        box = w.Textarea(value=text_arg(text), layout=w.Layout(width="100%", height="8em"))
        super().__init__(box, encodings, debounce)

    def view(self, text: str, encodings: list[str]) -> Formats:
        return formats(text, encodings=encodings)

    @property
    def formats(self) -> Formats | None:
        """What is shown: the data in every format, with its counts (None after an error)."""
        shown: Formats | None = self.result
        return shown

    def __repr__(self) -> str:
        if self.formats is None:
            return "FormatComparison()"
        return f"FormatComparison({', '.join(self.formats.encodings)})"
