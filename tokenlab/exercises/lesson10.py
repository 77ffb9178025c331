"""Lesson 10 (the wrap-up): its quiz asks questions of earlier lessons again, under ids of its own,
so that the class view keeps the end-of-course answers apart from the first ones (a progress file
keeps the first guess and reveal of each id).

>>> from tokenlab.exercises import prediction
>>> prediction("10.fits").question() == prediction("05.fits").question()
True
"""

from __future__ import annotations

import dataclasses

from .prediction import define_prediction, prediction_spec

__all__ = ["ASKED_AGAIN"]

# The quiz's id -> the earlier lesson's prediction it asks again.
ASKED_AGAIN = {"10.bytes": "01.bytes", "10.fits": "05.fits", "10.fewest": "07.fewest"}

for _new, _old in ASKED_AGAIN.items():
    define_prediction(dataclasses.replace(prediction_spec(_old), id=_new))
