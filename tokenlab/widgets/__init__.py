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
"""

from __future__ import annotations

from .budget import BudgetMeter
from .comparison import EncodingComparison
from .costs import ContextGauge, CostCalculator
from .images import ImageCost
from .languages import LanguageExplorer
from .merges import MergeStepper
from .playground import Playground
from .predict import Predict

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
]
