"""The benchmarks still run: each in-process speed section, timed once on short texts.

The figures are the benchmarks' business (they are not timed here); this only keeps a rename in
tokenlab from breaking ``benchmarks/run.py`` unnoticed, as one once did.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import run  # benchmarks/ is a folder of scripts, not a package


@pytest.fixture
def once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every timing runs its work a single time; tiktoken reads its files from a warm cache."""
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", run.warm_tiktoken_cache(tmp_path))
    monkeypatch.setattr(run, "best", lambda fn, **_: run.timeit.Timer(fn).timeit(1) or 1e-9)
    monkeypatch.setattr(run, "both", lambda ours, theirs, **_: (run.best(ours), run.best(theirs)))


def test_each_speed_section_runs_and_reports_every_row(once: None, capsys: pytest.CaptureFixture[str]) -> None:
    texts = {"English": "Hello, world! " * 20, "Chinese": "你好，世界。" * 20}
    run.bench_count(texts)
    run.bench_vendors(texts)
    run.html_size(texts)
    run.bench_deeper(texts)
    out = capsys.readouterr().out
    for name in ("r50k_base", "cl100k_base", "o200k_base", "qwen", "qwen3.6", "deepseek_v3", "tekken"):
        assert f"{name}, English" in out
    assert "Traceback" not in out


def test_every_case_of_lesson_08s_views_runs_once_on_short_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """benchmarks/views.py's cases, each opened and used once, with kilobytes instead of megabytes."""
    import views

    monkeypatch.setattr(views, "MB", 3_000)
    for _label, make, interact, bare in views.cases(["o200k_base", "cl100k_base"], streamed=["o200k_base"]):
        interact(make(0), 0)
        if bare is not None:
            bare()


def test_the_huge_paste_benchmark_runs_a_row_of_each_step(capsys: pytest.CaptureFixture[str]) -> None:
    import huge

    for step, names in (("tokenize + draw", ["r50k_base"]), ("compare + differences", ["r50k_base", "cl100k_base"])):
        for kind in huge.KINDS:
            assert len(huge.text_of(kind, 1000)) == 1000
        figures = huge.case("nfd", step, names, characters=5_000)  # a fresh process, as each row runs
        huge.row(f"{step}, {names}", figures)
        assert 0 < figures["seconds"] < 60 and figures["before"] <= figures["peak"] and figures["html"] > 0
    out = capsys.readouterr().out
    assert "tokenize + draw, ['r50k_base']" in out and "peak" in out and "Traceback" not in out
