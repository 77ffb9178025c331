"""Live widgets for the lessons (ipywidgets).

Widgets hold no logic of their own: they read their inputs, call the library and show the HTML it
returns. Typing is debounced, so a long text never freezes the notebook; drawing is capped as
everywhere else. Each also displays a static rendering of what it shows, for viewers without a
kernel (nbconvert, GitHub, a saved notebook).

- ``Playground``: type a text, see its tokens; pick one to see the merges that build it.
- ``EncodingComparison``: one text under several encodings.
- ``MergeStepper``: train a tiny BPE and step through its merges.
- ``LanguageExplorer``: the token premium of each language.
- ``CostCalculator``, ``ContextGauge``: what a request costs, and whether it fits.
- ``ImageCost``: what an image costs in tokens and dollars, step by step.
- ``BudgetMeter``: a spending budget filling up.
- ``Predict``: commit a guess before the next cell reveals the truth (``tokenlab.exercises``).
- ``StreamPlayer``: a text's tokens played as a stream, decoded naively and incrementally.
- ``VocabularyXray``: what an encoding's tokens are made of.
- ``DigitSplitter``: how each encoding cuts the numbers you type.
- ``FormatComparison``: the same data as JSON, YAML and CSV, each counted in tokens.
- ``TrainingLab``: train a tokenizer on a mix of languages, see their premiums move.
"""

from __future__ import annotations

from .budget import BudgetMeter
from .comparison import EncodingComparison
from .costs import ContextGauge, CostCalculator
from .digits import DigitSplitter
from .formats import FormatComparison
from .images import ImageCost
from .languages import LanguageExplorer
from .merges import MergeStepper
from .playground import Playground
from .predict import Predict
from .streaming import StreamPlayer
from .training import TrainingLab
from .vocab import VocabularyXray

__all__ = [
    "Playground",
    "EncodingComparison",
    "MergeStepper",
    "LanguageExplorer",
    "CostCalculator",
    "ContextGauge",
    "ImageCost",
    "BudgetMeter",
    "Predict",
    "StreamPlayer",
    "VocabularyXray",
    "DigitSplitter",
    "FormatComparison",
    "TrainingLab",
]
