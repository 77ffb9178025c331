"""tokenlab's version is written once, in tokenlab/_version.py: the package metadata and the catalogs follow it."""

from __future__ import annotations

import re
from pathlib import Path

import tokenlab

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_has_one_source():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = pyproject.split("\n[project]\n")[1].split("\n[")[0]
    assert not re.search(r"^version\s*=", project, re.M) and re.search(r'^dynamic = \["version"\]', project, re.M)
    assert 'version = { attr = "tokenlab._version.__version__" }' in pyproject.split("[tool.setuptools.dynamic]")[1]
    assert re.fullmatch(r"\d+\.\d+\.\d+", tokenlab.__version__)


def test_the_catalogs_name_the_same_version():
    major_minor = ".".join(tokenlab.__version__.split(".")[:2])
    for po in (ROOT / "tokenlab" / "locale").rglob("*.po"):
        assert f'"Project-Id-Version: tokenlab {major_minor}\\n"' in po.read_text(encoding="utf-8"), po
