"""The lessons' exercises as an nbgrader assignment: the notebook we write is valid, and nbgrader's own
``generate_assignment`` and ``autograde`` grade a right and a wrong submission as they should (offline,
in kernels on this machine; only nbgrader's Python API, not its JupyterLab extension)."""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

from tokenlab.classroom import assignment
from tokenlab.exercises import exercises

LESSONS = ["01", "02", "06"]  # a word, a count, and a function run against the demo server: quick to grade


def test_the_notebook_has_text_givens_answer_and_graded_test_for_each_exercise():
    nb = nbformat.reads(json.dumps(assignment.notebook(lang="en")), as_version=4)
    nbformat.validate(nb)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
    assert len(ids) == len(set(ids)) == 2 + 4 * len(exercises())
    tests = [c for c in nb.cells if c.metadata["nbgrader"]["grade"]]
    assert [c.source for c in tests][:2] == ["q01.grade()\n", "q02.grade()\n"]
    answers = [c for c in nb.cells if c.metadata["nbgrader"]["solution"]]
    assert all("### BEGIN SOLUTION" in c.source and not c.metadata["nbgrader"]["locked"] for c in answers)


def test_the_chinese_assignment_asks_what_the_chinese_lessons_ask():
    nb = assignment.notebook(lang="zh_CN", lessons=["01", "03"])
    text = "".join("".join(c["source"]) for c in nb["cells"])
    assert "找一个中文词" in text and "以中文为参照" in text and "reference='cmn_hans'" in text
    assert 'tokenlab.set_language("zh_CN")' in text.replace("'", '"')


def test_bad_arguments_are_one_line_errors(tmp_path, capsys):
    assert assignment.main([str(tmp_path), "--lessons", "99"]) == 2
    assert assignment.main([str(tmp_path), "--lang", "fr"]) == 2
    assert assignment.main([str(tmp_path), "--assignment", "../x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 3 and "Traceback" not in err


def _fill(release: dict, answers: dict[str, str]) -> dict:
    nb = copy.deepcopy(release)
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return nb


def test_nbgraders_autograde_gives_full_marks_to_right_answers_and_none_to_wrong_ones(tmp_path, monkeypatch):
    pytest.importorskip("nbgrader")
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    # nbgrader runs alembic as a command, and its kernels must import this tokenlab
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    monkeypatch.chdir(tmp_path)
    course = tmp_path / "course"
    assert assignment.main([str(course), "--lessons", *LESSONS]) == 0
    config = Config()
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.course_id = "tokenlab"
    config.Exchange.root = str(tmp_path / "exchange")
    api = NbGraderAPI(config=config)
    made = api.generate_assignment("tokens")
    assert made["success"], made.get("log")

    release = json.loads((course / "release" / "tokens" / "tokens.ipynb").read_text())
    assert "BEGIN SOLUTION" not in json.dumps(release) and "NotImplementedError" in json.dumps(release)
    source = json.loads((course / "source" / "tokens" / "tokens.ipynb").read_text())
    solutions = {
        c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"])
        .replace("### BEGIN SOLUTION\n", "")
        .replace("### END SOLUTION\n", "")
        for c in source["cells"]
        if c["metadata"]["nbgrader"]["solution"]
    }
    wrong = {
        "01-word-answer": 'word = "pandemic"\n',  # the leading space left out
        "02-system-prompt-answer": (  # the message overhead left out
            "added = tokenlab.count(system_prompt, model='gpt-4o')\ntotal = 1000 * added\n"
        ),
        "06-ask-answer": (  # records nothing
            "def ask(question):\n    return 'no'\n\n"
            "from tokenlab.usage import Budget\nbudget = Budget(limit_usd=0.0002)\n"
        ),
    }
    for student, answers in [("right", solutions), ("wrong", solutions | wrong)]:
        folder = course / "submitted" / student / "tokens"
        folder.mkdir(parents=True)
        (folder / "tokens.ipynb").write_text(json.dumps(_fill(release, answers)))
        graded = api.autograde("tokens", student)
        assert graded["success"], graded.get("log")

    with api.gradebook as gradebook:
        right = gradebook.find_submission("tokens", "right")
        wrong_one = gradebook.find_submission("tokens", "wrong")
        assert right.max_score == 4 and right.score == 4
        assert wrong_one.score == 0
        grades = {g.name: g.score for nb in wrong_one.notebooks for g in nb.grades}
        assert grades == {"01-word-test": 0, "02-system-prompt-test": 0, "06-ask-test": 0}
    autograded = json.loads((course / "autograded" / "wrong" / "tokens" / "tokens.ipynb").read_text())
    errors = [o for c in autograded["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    said = " ".join(o["evalue"] for o in errors)
    assert "counted without the space before it" in said and "Hint" in said and "the text alone" in said
