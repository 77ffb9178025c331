"""The class a teacher sees: a folder of sample results (made here) read into tables and charts, in
both languages; damaged files skipped; the teacher notebooks run and read well without a kernel."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import tokenlab
from tokenlab import classroom
from tokenlab._i18n import speaking
from tokenlab.exercises import progress

ROOT = Path(__file__).resolve().parent.parent
TEACHER = sorted((ROOT / "docs" / "teacher").rglob("*.ipynb"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A class of 12 made-up students, and the answers of three more written by hand."""
    path = classroom.sample_class(tmp_path_factory.mktemp("class"), students=12, lessons=("02", "04"), seed=7)
    for name, guess, right in [("ann", 14, True), ("bo", 9, False), ("cy", 9, False)]:
        state = progress.empty()
        state["student"] = name
        progress.apply(state, {"type": "guess", "id": "01.bytes", "guess": guess}, "t1")
        progress.apply(state, {"type": "reveal", "id": "01.bytes", "truth": 14, "right": right}, "t2")
        progress.apply(state, {"type": "check", "id": "01.word", "status": "not_yet", "mistake": "leading-space"}, "t3")
        (path / f"{name}+k.json").write_text(json.dumps(state))
    return path


def test_every_student_is_read(folder):
    view = classroom.load(folder)
    assert view.students == 15 and view.skipped == 0
    assert str(view.summary()).startswith("15 students:")


def test_each_questions_spread_and_the_share_right(folder):
    view = classroom.load(folder)
    guesses = view.predictions()
    bytes_ = guesses[guesses["id"] == "01.bytes"]
    assert len(bytes_) >= 3 and set(bytes_["truth"].dropna()) == {14}
    table = view.questions()
    row = table.loc["01.bytes"]
    judged = bytes_["right"].dropna()
    assert row["right"] == pytest.approx(100 * judged.mean()) and row["truth"] == "14 bytes"
    assert row["question"] == 'How many bytes does "Hi 你好 👋" take in UTF-8?'


def test_the_exercises_most_students_have_not_solved_come_first(folder):
    view = classroom.load(folder)
    table = view.struggles()
    share = (table["stuck"] / table["tried"]).tolist()
    assert share == sorted(share, reverse=True)
    word = table.loc["01.word"]
    assert word["tried"] == 3 and word["solved"] == 0 and word["mistakes"] == "leading-space ×3"
    entries = view.exercises()
    assert word["solved"] == (entries[entries["id"] == "01.word"]["status"] == "correct").sum()


def test_the_tables_and_charts_speak_chinese(folder):
    view = classroom.load(folder)
    with speaking("zh_CN"):
        html = view.to_html()
        assert "名学生" in html and "最常见的错误" in html and "“Hi 你好 👋”用 UTF-8" in html
        chart = view.guesses_chart(lesson="02")
        assert chart.png()[:4] == b"\x89PNG" and any("CJK" in f for f in chart.families)  # CI installs Noto CJK


def test_the_charts_draw_what_the_view_holds(folder):
    view = classroom.load(folder)
    chart = view.guesses_chart(ids=["01.bytes", "01.longer"])
    titles = [ax.get_title(loc="left") for ax in chart.axes if ax.get_title(loc="left")]
    assert titles[0].startswith("01.bytes · ") and "answer: 14 bytes" in titles[0]
    assert chart._repr_png_()[0][:4] == b"\x89PNG"
    bars = view.exercises_chart()
    labels = [t.get_text() for t in bars.axes[0].get_yticklabels()]
    assert labels[0].startswith(view.struggles().index[0])


def test_a_damaged_or_foreign_file_is_skipped_and_counted(folder, tmp_path):
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for path in list(folder.glob("*.json"))[:2]:
        (mixed / path.name).write_bytes(path.read_bytes())
    (mixed / "broken.json").write_text("{")
    (mixed / "other.json").write_text('{"a": 1}')
    (mixed / "notes.txt").write_text("not json")
    view = classroom.load(mixed)
    assert view.students == 2 and view.skipped == 2 and "2 files skipped" in view.summary()


def test_one_students_two_lesson_folders_count_once(tmp_path):
    for sub, status in [("en", "not_yet"), ("zh", "correct")]:
        (tmp_path / sub).mkdir()
        state = progress.empty()
        state["student"] = "alice"
        progress.apply(state, {"type": "check", "id": "01.word", "status": status, "mistake": "leading-space"}, "t")
        (tmp_path / sub / "alice+k.json").write_text(json.dumps(state))
    view = classroom.load(tmp_path / "en", tmp_path / "zh")
    entry = view.records["alice"]["exercises"]["01.word"]
    assert view.students == 1 and entry["attempts"] == 2 and entry["status"] == "correct"
    assert entry["mistakes"] == {"leading-space": 2}


def test_without_a_class_folder_it_shows_the_students_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "tokenlab-progress.json"))
    monkeypatch.delenv("TOKENLAB_CLASS_DIR", raising=False)
    monkeypatch.setattr(progress, "_sharing", {})
    assert "No results yet" in classroom.load().to_html()
    tokenlab.exercises.exercise("01.word").check(" covid")
    view = classroom.load()
    assert list(view.records) == ["you"] and view.struggles().loc["01.word", "solved"] == 1


def test_an_empty_view_still_draws():
    view = classroom.load("/nonexistent/folder")
    assert view.students == 0 and view.guesses_chart().png()[:4] == b"\x89PNG"
    assert view.exercises_chart().png()[:4] == b"\x89PNG"


def test_load_refuses_what_is_not_a_path():
    with pytest.raises(TypeError, match="a folder or a file"):
        classroom.load(42)


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_teacher_notebook_runs_and_reads_well_without_a_kernel(path, tmp_path, monkeypatch):
    from nbconvert import HTMLExporter

    monkeypatch.delenv("TOKENLAB_CLASS_DIR", raising=False)
    nb = nbformat.read(path, as_version=4)
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code") and nb.metadata.kernelspec.name == "python3"
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 4  # two charts of this folder (empty), two of the made-up class
    html, _resources = HTMLExporter().from_notebook_node(nb)
    assert "Traceback" not in html and "<Figure size" not in html
    assert ("24 students" in html) or ("24 名学生" in html)
