"""The house rules, checked before any other test: lint, format, types and the import layers.

These run the project's own tools (configured in pyproject.toml) on the source, so that the README's
one test command also keeps the code tidy: ruff (lint and format), mypy (strict, on tokenlab/) and
import-linter (the layers core < features < presentation, and only presentation imports ipywidgets,
matplotlib or IPython).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["tokenlab", "tests", "benchmarks", "scripts"]


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]' installs it")
    return found


def _run(*command: str) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"


def test_ruff_finds_nothing_to_fix():
    _run(_tool("ruff"), "check", "--no-cache", *SOURCES)


def test_the_code_is_formatted():
    _run(_tool("ruff"), "format", "--check", "--no-cache", *SOURCES)


def test_mypy_strict_finds_no_type_error():
    _run(_tool("mypy"), "--no-incremental")


def test_the_import_layers_hold():
    _run(_tool("lint-imports"), "--no-cache")
