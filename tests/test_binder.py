"""Binder can build the lessons: repo2docker's plan, checked without Docker (--no-build).

repo2docker (the tool behind mybinder.org) turns environment.yml, apt.txt and postBuild into a
Dockerfile. Without Docker we cannot build it, but we can read it: the fonts that Chinese text needs
are installed, and tokenlab (``-e .`` in environment.yml) is installed only after the repository is
copied into the image, so the editable install finds its files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dockerfile() -> str:
    tool = Path(sys.executable).parent / "repo2docker"
    command = str(tool) if tool.exists() else shutil.which("repo2docker")
    if command is None:
        pytest.fail("repo2docker is not installed: pip install -e '.[test]' installs jupyter-repo2docker")
    result = subprocess.run([command, "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


def test_the_package_is_installed_after_the_repository_is_copied(dockerfile):
    copied = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    installed = dockerfile.index('--file "environment.yml"')
    assert copied < installed
    assert "-e .[lab]" in (ROOT / "environment.yml").read_text()


def test_the_fonts_for_chinese_and_emoji_are_installed(dockerfile):
    packages = (ROOT / "apt.txt").read_text().split()
    assert {"fonts-noto-cjk", "fonts-noto-core", "fonts-noto-color-emoji"} <= set(packages)
    line = next(line for line in dockerfile.splitlines() if "fonts-noto-cjk" in line)
    assert "apt-get install" in line


def test_jupyterlab_keeps_widget_state_in_saved_lessons(dockerfile):
    assert "./postBuild" in dockerfile
    assert '"saveState": true' in (ROOT / "postBuild").read_text()
