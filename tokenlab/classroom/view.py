"""The teacher's view: a folder of students' results read into tables.

``load()`` reads the class folder (``TOKENLAB_CLASS_DIR``, or ``share()``'s), or, without one, the
progress saved next to the notebook on this computer: a student's own. A file that is damaged,
too large or not a tokenlab progress file is skipped and counted, never fatal.

>>> import tempfile
>>> view = load(tempfile.mkdtemp())
>>> view.students
0
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import _html
from .._i18n import N_, _, ngettext
from .._table import Look, Table, table
from ..exercises import progress
from ..exercises.exercise import spec
from ..exercises.prediction import prediction

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ClassView", "load", "MAX_FILES"]

MAX_FILES = 5_000

QUESTIONS = Look(
    columns={
        "question": N_("question"),
        "kind": N_("kind"),
        "guesses": N_("guesses"),
        "right": N_("right (%)"),
        "truth": N_("answer"),
        "typical": N_("typical guess"),
    },
    index=N_("prediction"),
    caption=N_("Each prediction: how many guessed, how many were right, and the guess most made"),
    values={"kind": {"number": N_("number"), "choice": N_("choice")}},
    decimals={"right": 0},
)
STRUGGLES = Look(
    columns={
        "title": N_("exercise"),
        "tried": N_("tried"),
        "solved": N_("solved"),
        "stuck": N_("not solved"),
        "attempts": N_("checks"),
        "hints": N_("hints"),
        "solutions": N_("solutions opened"),
        "mistakes": N_("commonest mistakes"),
    },
    index=N_("id"),
    caption=N_("Exercises, those most students have not solved first"),
)


def _files(place: Path) -> list[Path]:
    if place.is_file():
        return [place]
    if not place.is_dir():
        return []
    found = sorted(p for p in place.iterdir() if p.suffix == ".json" and not p.name.startswith(".") and p.is_file())
    return found[:MAX_FILES]


def load(*places: str | os.PathLike[str]) -> ClassView:
    """Results from ``places`` (folders or files); by default the class folder, else this folder's own progress."""
    if not places:
        folder = progress.class_folder()
        own = progress.location()
        chosen: list[Path] = [folder] if folder is not None else [own] if own is not None else []
    else:
        for place in places:
            if not isinstance(place, (str, os.PathLike)):
                raise TypeError(
                    _("a place to read results from is a folder or a file (a path), not {name}").format(
                        name=type(place).__name__
                    )
                )
        chosen = [Path(p).expanduser() for p in places]
    records: dict[str, dict[str, Any]] = {}
    skipped = 0
    for place in chosen:
        for path in _files(place):
            state, problem = progress.load_file(path)
            if problem is not None:
                skipped += 1
                continue
            name = str(state.get("student") or (_("you") if path.name == progress.FILE_NAME else path.stem))
            records[name] = _merged(records[name], state) if name in records else state  # two lesson folders
    return ClassView(records, places=chosen, skipped=skipped)


def _merged(one: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """One student's results from two files (the English and the Chinese lessons' folders)."""
    both = {"exercises": dict(one["exercises"]), "predictions": dict(one["predictions"])}
    for id_, entry in other["exercises"].items():
        mine = both["exercises"].get(id_)
        if mine is None:
            both["exercises"][id_] = entry
            continue
        solved = [s for s in (mine["solved"], entry["solved"]) if s]
        both["exercises"][id_] = {
            "attempts": mine["attempts"] + entry["attempts"],
            "status": "correct"
            if "correct" in (mine["status"], entry["status"])
            else (entry["status"] or mine["status"]),
            "mistakes": dict(Counter(mine["mistakes"]) + Counter(entry["mistakes"])),
            "hints": mine["hints"] + entry["hints"],
            "solution": mine["solution"] or entry["solution"],
            "first": min(s for s in (mine["first"], entry["first"], "~") if s),
            "last": max(s for s in (mine["last"], entry["last"], "") if s is not None),
            "solved": min(solved) if solved else None,
        }
    for id_, entry in other["predictions"].items():
        mine = both["predictions"].get(id_)
        if mine is None or (entry["revealed"] or "~") < (mine["revealed"] or "~"):
            both["predictions"][id_] = entry  # the first reveal stands
    return {**one, **both}


class ClassView:
    """Students' predictions and exercise results, as tables and charts."""

    def __init__(
        self, records: dict[str, dict[str, Any]], *, places: list[Path] | None = None, skipped: int = 0
    ) -> None:
        self.records, self.places, self.skipped = records, places or [], skipped

    @property
    def students(self) -> int:
        return len(self.records)

    def predictions(self) -> pd.DataFrame:
        """One row per student and prediction: guess, truth, right, lesson language."""
        import pandas as pd

        rows = [
            {"student": student, "id": id_, **entry}
            for student, state in self.records.items()
            for id_, entry in state["predictions"].items()
        ]
        return pd.DataFrame(rows, columns=["student", "id", "guess", "truth", "right", "lang", "guessed", "revealed"])

    def exercises(self) -> pd.DataFrame:
        """One row per student and exercise: status, checks, hints, solution opened, mistakes."""
        import pandas as pd

        rows = [
            {"student": student, "id": id_, **entry}
            for student, state in self.records.items()
            for id_, entry in state["exercises"].items()
        ]
        return pd.DataFrame(
            rows,
            columns=["student", "id", "status", "attempts", "mistakes", "hints", "solution", "first", "last", "solved"],
        )

    def truth(self, id_: str) -> Any:
        """The answer students were shown (the one most reveals recorded), else None."""
        truths = Counter(
            e["truth"] for s in self.records.values() if (e := s["predictions"].get(id_)) and e["truth"] is not None
        )
        return truths.most_common(1)[0][0] if truths else None

    def guesses(self, id_: str) -> list[Any]:
        return [
            e["guess"] for s in self.records.values() if (e := s["predictions"].get(id_)) and e["guess"] is not None
        ]

    def questions(self) -> Table:
        """Per prediction: the question, how many guessed, the share right, the answer, the commonest guess."""
        import pandas as pd

        ids = sorted({id_ for s in self.records.values() for id_ in s["predictions"]})
        rows = {}
        for id_ in ids:
            entries = [e for s in self.records.values() if (e := s["predictions"].get(id_))]
            judged = [e["right"] for e in entries if e["right"] is not None]
            guesses = self.guesses(id_)
            question, kind, label = describe(id_)
            typical: Any = None
            if guesses:
                typical = (
                    Counter(guesses).most_common(1)[0][0]
                    if kind == "choice"
                    else float(pd.Series(guesses, dtype=float).median())
                )
            truth = self.truth(id_)
            rows[id_] = {
                "question": question,
                "kind": kind,
                "guesses": len(guesses),
                "right": 100 * sum(judged) / len(judged) if judged else None,
                "truth": label(truth) if truth is not None else None,
                "typical": label(typical) if typical is not None else None,
            }
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(QUESTIONS.columns))
        frame.index.name = "id"
        return table(frame, QUESTIONS)

    def struggles(self) -> Table:
        """Per exercise: who tried, who solved it, who has not, and the mistakes the checks found most."""
        import pandas as pd

        ids = sorted({id_ for s in self.records.values() for id_ in s["exercises"]})
        rows = {}
        for id_ in ids:
            entries = [e for s in self.records.values() if (e := s["exercises"].get(id_))]
            tried = [e for e in entries if e["attempts"]]
            solved = sum(1 for e in entries if e["status"] == "correct")
            mistakes: Counter[str] = Counter()
            for e in entries:
                mistakes.update(e["mistakes"])
            rows[id_] = {
                "title": exercise_title(id_),
                "tried": len(tried),
                "solved": solved,
                "stuck": len(tried) - sum(1 for e in tried if e["status"] == "correct"),
                "attempts": sum(e["attempts"] for e in entries),
                "hints": sum(e["hints"] for e in entries),
                "solutions": sum(1 for e in entries if e["solution"]),
                "mistakes": ", ".join(f"{code} ×{n}" for code, n in mistakes.most_common(3)),
            }
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(STRUGGLES.columns))
        frame.index.name = "id"
        if len(frame):
            share = frame["stuck"] / frame["tried"].where(frame["tried"] > 0, 1)
            frame = frame.loc[share.sort_values(ascending=False, kind="stable").index]
        return table(frame, STRUGGLES)

    def summary(self) -> str:
        """One line: how many students, predictions and checks the view holds."""
        students = ngettext("{n:,} student", "{n:,} students", self.students).format(n=self.students)
        guesses = sum(1 for s in self.records.values() for e in s["predictions"].values() if e["guess"] is not None)
        checks = sum(e["attempts"] for s in self.records.values() for e in s["exercises"].values())
        line = _("{students}: {guesses:,} guesses, {checks:,} checks of exercises").format(
            students=students, guesses=guesses, checks=checks
        )
        if self.skipped:
            line += " · " + ngettext(
                "{n} file skipped (damaged or not tokenlab's)",
                "{n} files skipped (damaged or not tokenlab's)",
                self.skipped,
            ).format(n=self.skipped)
        return line

    def __repr__(self) -> str:
        return f"<ClassView {self.summary()}>"

    def to_html(self) -> str:
        where = ", ".join(map(str, self.places)) or "—"
        head = f"<div><b>{_html.esc(self.summary())}</b></div>" + _html.note(_("read from {where}").format(where=where))
        if not self.records:
            return _html.block(
                "class",
                head
                + _html.notice(
                    _("No results yet: they appear once students check exercises or commit guesses."), level="info"
                ),
            )
        return _html.block("class", head + self.questions().html() + self.struggles().html())

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def guesses_chart(self, *, lesson: str | None = None, ids: list[str] | None = None) -> Any:
        """Each question's guesses against its answer (see ``charts.guesses_chart``)."""
        from .charts import guesses_chart

        return guesses_chart(self, lesson=lesson, ids=ids)

    def exercises_chart(self) -> Any:
        """Which exercises most students have not solved (see ``charts.exercises_chart``)."""
        from .charts import exercises_chart

        return exercises_chart(self)


@functools.lru_cache(maxsize=256)
def cached_prediction(id_: str) -> Any:
    return prediction(id_)


def describe(id_: str) -> tuple[str, str, Any]:
    """(question, kind, a function that shows a value) for a prediction id, in the language in use."""
    try:
        p = cached_prediction(id_)
        return p.question(), p.kind, p.label
    except (ValueError, TypeError, KeyError):  # an id from another version of tokenlab
        return id_, "number" if id_ else "choice", str


def exercise_title(id_: str) -> str:
    try:
        found = spec(id_)
        return _(found.text("title", found.variant(found.defaults())))
    except (ValueError, TypeError, KeyError):
        return id_
