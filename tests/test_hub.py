"""benchmarks/hub.py still measures a class: one student, through a real JupyterHub and its proxy.

The figures are the benchmark's business; this keeps it working. One hub, one student, lesson 02 (the
shortest) and a notebook that fails on purpose, so that an error is seen and counted (about 20 s).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import hub  # benchmarks/ is a folder of scripts, not a package
import hub_docs


@pytest.fixture(scope="module")
def proxy() -> tuple[Path, str]:
    command, how = hub.find_proxy()
    if command is None:
        pytest.skip(f"configurable-http-proxy (npm) is needed to start a JupyterHub: {how}")
    return command, how


def _failing(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0"), nbformat.v4.new_code_cell("x")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "99-fails.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.timeout(180)
def test_a_student_runs_a_lesson_through_a_real_hub(proxy: tuple[Path, str], tmp_path: Path) -> None:
    result = hub.measure(
        1,
        lessons=["02"],
        notebooks=[_failing(tmp_path)],
        proxy=proxy[0],
        proxy_source=proxy[1],
        timeout=120,
        keep_failed=False,
    )
    lesson = nbformat.read(hub.lesson_paths(["02"], "en")[0], as_version=4)
    cells = [c for c in lesson.cells if c.cell_type == "code" and c.source.strip()]
    # Every cell of the lesson ran without error; the broken notebook stopped at its second cell.
    assert result["cells_run"] == len(cells) + 2
    assert result["errors"] == 1
    assert result["error_list"] == ["student001: 99 cell 1: ZeroDivisionError: division by zero"]
    # The student's server and the kernel were found and measured, and the hub's own processes apart.
    assert 50 < result["student_peak_mb"]["max"] < 4000
    assert result["student_peak_processes"] >= 2
    assert 20 < result["hub_and_proxy_peak_mb"] < result["class_peak_mb"]
    assert result["student_cpu_seconds"]["max"] > result["lesson_cpu_seconds"]["02"]["max"] > 0
    assert 0 < result["lesson_seconds"]["02"]["max"] < result["wall_seconds"]

    written = hub.write(result, tmp_path / "results")
    assert json.loads(written.read_text()) == result
    assert "| 02 |" in written.with_suffix(".md").read_text()
    # A smoke run, or a run with errors, never reaches the teaching guide.
    assert hub_docs.full_runs(tmp_path / "results") == []


def test_the_teaching_guide_is_rewritten_between_its_markers_only(tmp_path: Path) -> None:
    results = tmp_path / "results"
    results.mkdir()
    for path in (hub.RESULTS).glob("hub-*.json"):
        (results / path.name).write_bytes(path.read_bytes())
    page = tmp_path / "teaching.md"
    original = hub.TEACHING.read_text(encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    hub_docs.update(page, results)
    assert page.read_text(encoding="utf-8") == original  # the guide's figures are the result files'
    page.write_text(f"before\n{hub_docs.START}\nstale\n{hub_docs.END}\nafter\n", encoding="utf-8")
    hub_docs.update(page, results)
    text = page.read_text(encoding="utf-8")
    assert text.startswith(f"before\n{hub_docs.START}\n") and text.endswith(f"{hub_docs.END}\nafter\n")
    assert "stale" not in text
    for run in hub_docs.full_runs(results):
        kept = ", kernels kept" if run["kernels"] == "kept open" else ""
        assert f"| {run['students']}{kept} | {run['language']} | {run['date'][:16]} |" in text


def test_a_kernel_message_with_buffers_is_read_as_jupyter_server_sends_it() -> None:
    """A widget's image comes as a binary frame: the run once stopped at the first one."""
    from jupyter_server.services.kernels.connection.base import serialize_binary_message

    message = {"header": {"msg_type": "comm_msg"}, "parent_header": {"msg_id": "abc"}, "content": {"data": "你好"}}
    for buffers in ([b"\x89PNG\r\n"], [b"one", b"two"], []):
        frame = serialize_binary_message({**message, "buffers": buffers})
        assert hub._binary_message(frame) == message
