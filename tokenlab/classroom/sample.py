"""A made-up class, for a teacher to see the class view before a real one has results (and for tests).

Each made-up student guesses every prediction of the lessons chosen (numbers scattered around the
answer the lesson computes, choices leaning to the right one) and tries each exercise, sometimes
making its usual mistakes first. The answers are computed by tokenlab, as the lessons compute them;
the students are random (``seed`` fixes them). The files are written as students' kernels write
theirs, one per student, so ``load(folder)`` reads them as it reads a real class.

>>> import tempfile
>>> from tokenlab.classroom import load
>>> load(sample_class(tempfile.mkdtemp(), students=3, lessons=("02",))).students
3
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from .._checks import whole
from ..exercises import progress
from ..exercises.exercise import exercises, spec
from ..exercises.prediction import prediction, predictions

__all__ = ["sample_class"]


def sample_class(
    folder: str | os.PathLike[str], *, students: int = 24, lessons: tuple[str, ...] = ("01", "02", "03"), seed: int = 1
) -> Path:
    """Write a made-up class's results into ``folder`` (made if missing); returns the folder."""
    whole(students, "students", low=1, high=500)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    questions = []
    for id_ in (i for lesson in lessons for i in predictions(lesson)):
        p = prediction(id_)
        questions.append((p, p.spec.truth(p.givens), [code for code, _label in p.choices()]))
    tasks = [spec(i) for lesson in lessons for i in exercises(lesson)]
    stamp = "2026-12-01T09:00:00Z"
    for n in range(1, students + 1):
        state = progress.empty()
        state["student"] = f"student-{n:02d}"
        for p, truth, codes in questions:
            if rng.random() < 0.1:
                continue  # some skip a question
            if p.kind == "choice":
                guess = truth if rng.random() < 0.45 else rng.choice(codes)
            else:
                scattered = float(truth) * rng.lognormvariate(0, 0.6)
                guess = round(scattered) if isinstance(truth, int) else float(f"{scattered:.2g}")
            p.guess = guess
            right = p.right(truth)
            progress.apply(state, {"type": "guess", "id": p.id, "guess": guess, "lang": "en"}, stamp)
            stored = float(truth) if not isinstance(truth, (str, int)) else truth
            progress.apply(state, {"type": "reveal", "id": p.id, "truth": stored, "right": right, "lang": "en"}, stamp)
        for task in tasks:
            if rng.random() < 0.15:
                continue  # not tried
            mistakes = list(task.mistakes)
            for _attempt in range(rng.randint(0, 3)):
                mistake = mistakes[min(len(mistakes) - 1, int(rng.expovariate(1.2)))]
                progress.apply(state, {"type": "check", "id": task.id, "status": "not_yet", "mistake": mistake}, stamp)
                if rng.random() < 0.3:
                    progress.apply(state, {"type": "hint", "id": task.id}, stamp)
            status = "correct" if rng.random() < 0.65 else "not_yet"
            progress.apply(state, {"type": "check", "id": task.id, "status": status}, stamp)
        (target / f"student-{n:02d}.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    return target
