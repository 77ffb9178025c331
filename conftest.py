"""For every test, doctest and lesson run by pytest: a student's progress goes to a temporary file,
never into the repository (``tokenlab.exercises.progress``), and no class folder is set."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def pytest_configure(config: object) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tokenlab-progress-"))
    os.environ["TOKENLAB_PROGRESS"] = str(folder / "tokenlab-progress.json")  # kernels the tests start inherit it
    os.environ.pop("TOKENLAB_CLASS_DIR", None)
    os.environ.pop("TOKENLAB_CLASS_ANONYMOUS", None)
