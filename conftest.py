"""For every test, doctest and lesson run by pytest: a student's progress goes to a temporary file,
never into the repository (``tokenlab.exercises.progress``), and no class folder is set."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def pytest_configure(config: object) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tokenlab-progress-"))
    os.environ["TOKENLAB_PROGRESS"] = str(folder / "tokenlab-progress.json")  # kernels the tests start inherit it
    os.environ.pop("TOKENLAB_CLASS_DIR", None)
    os.environ.pop("TOKENLAB_CLASS_ANONYMOUS", None)


@pytest.fixture(autouse=True)
def _no_encoding_left_registered() -> Iterator[None]:
    """A tokenizer a test trains and registers (``training.train_bpe(..., name=...)``) is gone after
    it, so that a test in the same worker that lists the encodings sees only the shipped ones."""
    from tokenlab import registry

    before = set(registry._registered)
    yield
    for name in set(registry._registered) - before:
        registry.unregister(name)
