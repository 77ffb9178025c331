"""Every lesson runs top to bottom, offline, and is stored as teaching material should be."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
KEY_LIKE = re.compile(r"sk-[A-Za-z0-9_-]{16,}")


def test_there_are_lessons():
    assert [p.name[:2] for p in NOTEBOOKS][:2] == ["01", "02"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = "".join(str(o.get("text", "")) + str(o.get("data", {})) for o in outputs)
    assert "Traceback" not in shown and "\ufffd" not in shown
    assert not KEY_LIKE.search(shown)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean_with_a_python3_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_a_lesson(path):
    nb = nbformat.read(path, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert markdown[0].startswith(f"# {path.name[:2]} · ")
    assert "you will learn" in markdown[0]
    headings = [line for text in markdown for line in text.splitlines() if line.startswith("#")]
    assert "## Exercise" in headings and "### Solution" in headings
    assert headings.index("## Exercise") < headings.index("### Solution")
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert not any("import tokenlab." in c or "tokenlab._" in c for c in code)  # public API only


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_links_to_its_neighbours(path):
    text = path.read_text(encoding="utf-8")
    index = NOTEBOOKS.index(path)
    for neighbour in NOTEBOOKS[max(0, index - 1) : index] + NOTEBOOKS[index + 1 : index + 2]:
        assert f"]({neighbour.name})" in text
    for target in re.findall(r"\]\(([\w.-]+\.ipynb)\)", text):
        assert (path.parent / target).exists(), target
