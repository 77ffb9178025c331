"""The lessons' exercises as an nbgrader assignment.

    python -m tokenlab.classroom.assignment COURSE [--assignment tokens] [--lang zh_CN] [--lessons 01 02]

writes ``COURSE/source/tokens/tokens.ipynb``: for each exercise, its text (locked), the lesson's
variables (locked), an answer cell holding the solution between nbgrader's ``### BEGIN SOLUTION``
and ``### END SOLUTION`` marks, and a graded test cell, ``q.grade()``, that runs the same check as
the lesson and fails with its one-line message and hint. Then, in ``COURSE``, nbgrader's own
commands take over: ``nbgrader generate_assignment tokens``, ``release_assignment``, ...,
``autograde``. Only nbgrader's command line (or its Python API) is needed, not its JupyterLab
extension. The notebook is plain JSON (nbformat 4): writing it needs neither nbgrader nor nbformat.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from .._i18n import _, language, set_language, speaking
from ..exercises.exercise import LESSONS, exercises, spec

__all__ = ["notebook", "write", "main"]

IMPORTS = (
    "import tokenlab\n"
    "from tokenlab import limits, pricing\n"
    "from tokenlab.corpus import load_corpus\n"
    "from tokenlab.exercises import exercise\n"
    "from tokenlab.languages import premiums\n"
)


def _cell(
    kind: str, source: str, grade_id: str, *, locked: bool = True, solution: bool = False, points: int = 0
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": points > 0,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points:
        meta["points"] = points
    cell: dict[str, Any] = {
        "cell_type": kind,
        "id": grade_id,
        "metadata": {"nbgrader": meta},
        "source": source,
    }  # ids: [A-Za-z0-9_-]
    if kind == "code":
        cell |= {"execution_count": None, "outputs": []}
    return cell


def _literal(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) or (
        isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    )


def notebook(*, lessons: list[str] | None = None, lang: str = "en") -> dict[str, Any]:
    """The assignment's source notebook (with solutions), in ``lang`` (``en`` or ``zh_CN``)."""
    previous = language()
    lang = set_language(lang)  # a one-line error for an unknown language
    set_language(previous)
    with speaking(lang):
        cells = [
            _cell(
                "markdown",
                "# "
                + _("tokenlab: the lessons' exercises")
                + "\n\n"
                + _(
                    "Answer each exercise in the cell under it (replace `raise NotImplementedError()`). `q.check()` "
                    "tells you at once whether the answer is right, `q.hint()` gives a hint. The autograder runs the "
                    "same checks: an answer is right when it computes what the exercise asks, whatever your way."
                ),
                "intro",
            ),
            _cell("code", IMPORTS + f"tokenlab.set_language({lang!r})\n", "imports"),
        ]
        chosen = [i for i in exercises() if lessons is None or i[:2] in lessons]
        for id_ in chosen:
            found = spec(id_)
            givens = found.defaults(lang)
            variant = found.variant(givens)
            name, key = "q" + id_[:2], id_.replace(".", "-")
            title, prompt = _(found.text("title", variant)), _(found.text("prompt", variant))
            fill = ", ".join(p.name for p in found.parts_for(givens))
            how = _("Fill in {names}; check with `{q}.check()`, get a hint with `{q}.hint()`.").format(
                names=f"`{fill}`", q=name
            )
            cells.append(_cell("markdown", f"## {id_[:2]} · {title}\n\n{prompt}\n\n{how}", f"{key}-text"))
            arguments = ", ".join(
                [f"{id_!r}"]
                + [f"{k}={k}" for k in found.variables]
                + [f"{k}={v!r}" for k, v in givens.items() if k not in found.variables and _literal(v)]
            )
            cells.append(
                _cell(
                    "code",
                    found.setup + found.variables_code(givens) + f"{name} = exercise({arguments})\n",
                    f"{key}-given",
                )
            )
            parts = "".join(f"# {p.name}: {_(p.says)}\n" for p in found.parts_for(givens))
            answer = parts + "### BEGIN SOLUTION\n" + found.text("solution", variant) + "### END SOLUTION\n"
            cells.append(_cell("code", answer, f"{key}-answer", locked=False, solution=True))
            cells.append(_cell("code", f"{name}.grade()\n", f"{key}-test", points=found.points))
    for cell in cells:  # nbformat keeps sources as lists of lines
        cell["source"] = cell["source"].splitlines(keepends=True)
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write(
    course: str | Path, *, assignment: str = "tokens", lessons: list[str] | None = None, lang: str = "en"
) -> Path:
    """Write the assignment's source notebook into an nbgrader course folder; returns its path."""
    if not assignment.replace("-", "").replace("_", "").isalnum():
        raise ValueError(
            _("an assignment's name is letters, digits, '-' and '_', not {name!r}").format(name=assignment)
        )
    unknown = [n for n in lessons or [] if n not in LESSONS]
    if unknown:
        raise ValueError(
            _("no lesson {names}; lessons: {lessons}").format(names=", ".join(unknown), lessons=", ".join(LESSONS))
        )
    folder = Path(course) / "source" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}.ipynb"
    path.write_text(
        json.dumps(notebook(lessons=lessons, lang=lang), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tokenlab.classroom.assignment",
        description=_("Write the lessons' exercises as an nbgrader assignment (source version, with solutions)."),
    )
    parser.add_argument("course", help=_("the nbgrader course folder"))
    parser.add_argument("--assignment", default="tokens", help=_("the assignment's name (default: tokens)"))
    parser.add_argument("--lang", default="en", help=_("en or zh_CN: the language of the texts and the checks"))
    parser.add_argument("--lessons", nargs="*", metavar="NN", help=_("only these lessons (01 02 ...)"))
    args = parser.parse_args(argv)
    previous = language()
    try:
        path = write(args.course, assignment=args.assignment, lessons=args.lessons, lang=args.lang)
    except (ValueError, TypeError, OSError) as error:
        print(_("tokenlab: {error}").format(error=error), file=sys.stderr)
        return 2
    finally:
        set_language(previous)
    print(
        _("wrote {path}; now, in {course}: nbgrader generate_assignment {name}").format(
            path=path, course=args.course, name=args.assignment
        )
    )
    return 0


def run() -> NoReturn:
    sys.exit(main())


if __name__ == "__main__":
    run()
