"""The digit splitter: type numbers, see how each encoding cuts them, and by which rule.

>>> d = DigitSplitter("2025", ["r50k_base", "qwen"], debounce=0)
>>> d.digits.pieces
{'r50k_base': ['20', '25'], 'qwen': ['2', '0', '2', '5']}
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w

from .._i18n import _
from ..digits import Digits, digits
from ._base import text_arg
from ._picked import TextUnderEncodings

__all__ = ["DigitSplitter", "DEFAULT_ENCODINGS"]

# One encoding per way of cutting digits, and per vendor: picking more loads more tokenizers.
DEFAULT_ENCODINGS = ("r50k_base", "o200k_base", "qwen3.6", "deepseek_v3", "tekken")


class DigitSplitter(TextUnderEncodings):
    """Numbers under several encodings: each one's tokens, and the rule it follows."""

    def __init__(
        self,
        text: str = "2025 1234567 1,234,567 3.14159",
        encodings: Sequence[str] = DEFAULT_ENCODINGS,
        *,
        debounce: float = 0.25,
    ) -> None:
        box = w.Text(value=text_arg(text), description=_("Numbers"), layout=w.Layout(width="100%"))
        super().__init__(box, encodings, debounce)

    def view(self, text: str, encodings: list[str]) -> Digits:
        return digits(text, encodings=encodings)

    @property
    def digits(self) -> Digits | None:
        """What is shown: the numbers' tokens under each encoding picked (None after an error)."""
        shown: Digits | None = self.result
        return shown

    def __repr__(self) -> str:
        if self.digits is None:
            return "DigitSplitter()"
        return f"DigitSplitter({', '.join(f'{k}: {v}' for k, v in self.digits.counts.items())})"
