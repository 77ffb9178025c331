"""Every lesson runs top to bottom, offline, shows well without a kernel, and is stored as teaching
material should be."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).parent.parent / "notebooks"
NOTEBOOKS = sorted(ROOT.rglob("*.ipynb"))
KEY_LIKE = re.compile(r"sk-[A-Za-z0-9_-]{16,}")
# Two $ with no backslash before them, in the same paragraph: JupyterLab typesets what is between as math.
DOLLAR_PAIR = re.compile(r"(?<![\\$])\$(?!\$)[^$\n]*?(?<![\\$])\$(?!\$)")
WIDGET = "application/vnd.jupyter.widget-view+json"
# The lessons held to "every prediction is debriefed": widen to all lessons as each is brought in line.
DEBRIEFED = ("01", "02", "03", "04", "05", "07")
PREDICTION = re.compile(r"\*\*(?:Predict|先猜一猜)")
DEBRIEF = ("**Answer:**", "**答案**：")
# The lessons wired to tokenlab.exercises (issue 25): every prediction is a Predict widget revealed by
# a later cell, and the exercise answers back (check, hint, solution). Widen as each is wired.
WIRED: tuple[str, ...] = ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10")
PREDICT_CALL = re.compile(r"^(\w+)\s*=\s*Predict\(", re.M)


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@functools.cache
def executed(path: Path) -> nbformat.NotebookNode:
    """The lesson run top to bottom in a fresh kernel (once per test session), and saved as JupyterLab
    saves it by default: outputs, but no widget state."""
    nb = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(path.parent)}}
    NotebookClient(nb, timeout=120, kernel_name="python3", resources=resources, store_widget_state=False).execute()
    return nb


def test_there_are_lessons():
    assert [p.name[:2] for p in NOTEBOOKS][:2] == ["01", "02"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_runs_top_to_bottom(path):
    nb = executed(path)
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    shown = "".join(str(o.get("text", "")) + str(o.get("data", {})) for o in outputs)
    assert "Traceback" not in shown and "\ufffd" not in shown
    assert not KEY_LIKE.search(shown)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_a_saved_lesson_reads_well_without_a_kernel(path):
    """nbconvert (as GitHub and nbviewer do) shows each widget's static view, and every chart."""
    from nbconvert import HTMLExporter

    nb = executed(path)
    widgets = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if WIDGET in o.get("data", {})]
    for output in widgets:
        assert "tokenlab-static" in output["data"]["text/html"]
    html, _resources = HTMLExporter().from_notebook_node(nb)
    assert html.count("tokenlab-static") >= len(widgets)
    for text in ("HBox(children", "VBox(children", "<Figure size", "Loading widget"):
        assert text not in html


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_is_stored_clean_with_a_python3_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_no_markdown_is_typeset_as_math_by_accident(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            prose = re.sub(r"`[^`]*`", "", cell.source)
            assert not DOLLAR_PAIR.search(prose), f"escape the $ signs as \\$: {cell.source[:120]!r}"
            # In a list item JupyterLab typesets even escaped pairs: write amounts there in words.
            for item in re.findall(r"^\s*(?:[-*]|\d+\.) .*(?:\n(?!\s*(?:[-*]|\d+\.) |\s*$).*)*", prose, flags=re.M):
                assert item.count("$") < 2, f"two $ in one list item: {item[:120]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_is_a_lesson(path):
    nb = nbformat.read(path, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert markdown[0].startswith(f"# {path.name[:2]} · ")
    headings = [line for text in markdown for line in text.splitlines() if line.startswith("#")]
    exercise = next(h for h in headings if h.startswith("## ") and ("Exercise" in h or "练习" in h))
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    if path.name[:2] in WIRED:  # the solution is q.solution(), asked for after the exercise's check
        assert any(re.search(r"#\s*\w+\.solution\(\)", c) for c in code), "no solution to ask for"
    else:
        solution = next(h for h in headings if h.startswith("### ") and ("Solution" in h or "答案" in h))
        assert headings.index(exercise) < headings.index(solution)
    assert not any("import tokenlab." in c or "tokenlab._" in c for c in code)  # public API only


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_links_to_its_neighbours(path):
    text = path.read_text(encoding="utf-8")
    siblings = sorted(path.parent.glob("*.ipynb"))
    index = siblings.index(path)
    for neighbour in siblings[max(0, index - 1) : index] + siblings[index + 1 : index + 2]:
        assert f"]({neighbour.name})" in text
    for target in re.findall(r"\]\(([\w./-]+\.ipynb)\)", text):
        assert (path.parent / target).exists(), target


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_each_lesson_links_to_its_twin_in_the_other_language(path):
    chinese = path.parent.name == "zh-CN"
    twin = (ROOT / path.name) if chinese else (ROOT / "zh-CN" / path.name)
    assert twin.exists(), f"{_id(path)} has no twin at {twin.relative_to(ROOT)}"
    link = f"](../{path.name})" if chinese else f"](zh-CN/{path.name})"
    assert link in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_every_bold_and_italic_in_the_prose_really_renders(path):
    """CommonMark (as JupyterLab renders it) leaves '**' as text when a bold ends in punctuation right
    before a letter, as Chinese prose easily does ('**先猜一猜：**然后'): no '*' may be left over."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark")
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            html = renderer.render(cell.source)
            text = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
            assert "*" not in re.sub(r"<[^>]+>", "", text), f"unrendered emphasis in: {cell.source[:150]!r}"


def _wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in "WF" or ch in "“”‘’…—"


def _text_around(children: list, index: int) -> tuple[str, str]:
    """The visible characters just before and after child ``index`` of an inline token."""
    before = "".join(c.content for c in children[:index] if c.type in ("text", "code_inline"))
    after = "".join(c.content for c in children[index + 1 :] if c.type in ("text", "code_inline"))
    return before[-1:], after[:1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_no_line_break_in_the_source_shows_as_a_space_inside_chinese_prose(path):
    """A line break inside a paragraph renders as a space: between two Chinese characters (or
    full-width punctuation) it is a stray gap, so Chinese prose keeps each paragraph on one line."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for token in parser.parse(cell.source):
            for i, child in enumerate(token.children or []):
                if child.type == "softbreak":
                    before, after = _text_around(token.children, i)
                    assert not (_wide(before) and _wide(after)), (
                        f"a stray space between {before!r} and {after!r} in: {token.content[:80]!r}"
                    )


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name[:2] in DEBRIEFED], ids=_id)
def test_every_prediction_is_answered_after_its_reveal(path):
    """A lesson asks before it shows, then says whether the guess was right and why: after a cell that
    asks for a prediction comes the code that reveals it, and the first prose after that code opens
    with the answer (and gives more than the answer: a reason)."""
    cells = nbformat.read(path, as_version=4).cells
    asked = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and PREDICTION.search(c.source)]
    assert asked, "no prediction at all"
    for i in asked:
        reveal = next((j for j in range(i + 1, len(cells)) if cells[j].cell_type == "code"), None)
        assert reveal is not None, f"nothing reveals: {cells[i].source[-120:]!r}"
        after = next((k for k in range(reveal + 1, len(cells)) if cells[k].cell_type == "markdown"), None)
        debrief = cells[after].source if after is not None else ""
        assert debrief.startswith(DEBRIEF), f"no answer after the reveal of: {cells[i].source[-120:]!r}"
        first_paragraph = debrief.split("\n\n")[0]
        assert len(first_paragraph) > 60, f"an answer without its reason: {first_paragraph!r}"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name[:2] in WIRED], ids=_id)
def test_every_prediction_is_a_widget_that_a_later_cell_reveals(path):
    """A student commits a guess before the truth is shown: each "Predict / 先猜一猜" prompt is followed
    by the cell that makes its Predict widget, and a later cell, before the next prediction, reveals it
    (the reveal compares the guess with the truth and says why)."""
    cells = nbformat.read(path, as_version=4).cells
    asked = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and PREDICTION.search(c.source)]
    assert asked, "no prediction at all"
    made = [i for i, c in enumerate(cells) if c.cell_type == "code" and PREDICT_CALL.search(c.source)]
    for i in asked:
        following = next((j for j in range(i + 1, len(cells)) if cells[j].cell_type == "code"), None)
        assert following in made, f"no Predict widget after: {cells[i].source[-120:]!r}"
    for n, i in enumerate(made):
        name = PREDICT_CALL.search(cells[i].source)[1]
        until = made[n + 1] if n + 1 < len(made) else len(cells)
        assert any(f"{name}.reveal(" in cells[j].source for j in range(i + 1, until) if cells[j].cell_type == "code"), (
            f"{name} is never revealed before the next prediction"
        )


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name[:2] in WIRED], ids=_id)
def test_the_exercise_answers_back_and_its_answer_is_not_shown_by_run_all(path):
    """The exercise is a tokenlab.exercises exercise: checked, with a hint and a solution a student asks
    for (commented out, so that "Run All" shows neither), and no hidden solution cell left to show
    its output."""
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    made = [i for i, c in enumerate(cells) if re.search(r"\bexercise\(", c.source)]
    assert made, "no exercise"
    rest = "".join(c.source for c in cells[made[0] :])
    assert ".check(" in rest, "the exercise is never checked"
    assert re.search(r"#\s*\w+\.hint\(\)", rest) and re.search(r"#\s*\w+\.solution\(\)", rest), "no hint or solution"
    assert not re.search(r"^[^#\n]*\.solution\(\)", rest, re.M), "a solution that Run All would show"
    hidden = [c for c in cells if c.metadata.get("jupyter", {}).get("source_hidden")]
    assert not hidden, "a hidden solution cell: q.solution() replaces it"
