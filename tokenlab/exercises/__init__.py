"""Learning in class: exercises that answer back, and predictions with answers.

Every exercise of the lessons can be checked in the lesson, as in Kaggle Learn's courses::

    from tokenlab.exercises import exercise
    q = exercise("01.word")
    word = " pandemic"
    q.check()        # ✓ Correct: ' pandemic' is 1 token in o200k_base and 2 in r50k_base.
    q.hint()         # a hint aimed at the mistake the last check found
    q.solution()     # what to do, the code, and what it gives

Open answers are checked by computing, not against one stored answer: any word that is one token
in ``o200k_base`` and several in ``r50k_base`` is right. A wrong answer gets a hint aimed at the
usual mistake (the leading space, the wrong encoding, the chat overhead left out, reserved output
counted as billed), in the language in use.

A prediction asks before a surprising cell: the student commits a guess (``tokenlab.widgets.Predict``
in a notebook, ``prediction(id).commit(guess)`` anywhere), and the next cell's ``reveal(truth)``
compares it with the truth the lesson computed and says why.

Progress stays in ``tokenlab-progress.json`` next to the notebook; a class folder gets a copy only
when the teacher sets one (``progress``). What is here does not import ipywidgets or matplotlib.

>>> exercise("01.word").check(" Kubernetes").correct
True
"""

from __future__ import annotations

from .exercise import Exercise, exercise, exercises
from .prediction import Prediction, Reveal, prediction, predictions
from .progress import share
from .result import Hint, Result, Solution

__all__ = [
    "exercise",
    "exercises",
    "Exercise",
    "Result",
    "Hint",
    "Solution",
    "prediction",
    "predictions",
    "Prediction",
    "Reveal",
    "share",
]
