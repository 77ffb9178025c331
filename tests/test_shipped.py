"""Every shipped data file is checked before it is read: damaged, cut short or missing, each gives one
line that names the file and the command that repairs the install, never an error from gzip or json.

Each file is damaged in a copy of the data folder (the package's own is never touched), and read
through ``_shipped.verified``, which every reader of shipped data goes through (checked below).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tokenlab
from tokenlab import _shipped

DATA = Path(tokenlab.__file__).parent / "data"
FOLDERS = sorted(p.name for p in DATA.iterdir() if p.is_dir())
FILES = [(folder, p.name) for folder in FOLDERS for p in sorted((DATA / folder).iterdir()) if p.name != "NOTICE"]
DATA_FILES = [(folder, name) for folder, name in FILES if name != "SHA256SUMS"]
REPAIR = re.compile(
    r"^tokenlab's data file .+ (is missing|is damaged|cannot be read|does not list).*: "
    r"repair the install with: pip install --force-reinstall --no-deps tokenlab==\d+\.\d+\.\d+$"
)


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A copy of the data folder that tokenlab reads instead of its own."""
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    monkeypatch.setattr(_shipped, "data_file", lambda folder, name: root / folder / name)
    return root


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _flip(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x10
    path.write_bytes(bytes(raw))


def _remove(path: Path) -> None:
    path.unlink()


DAMAGE = {"truncated": _truncate, "bit flipped": _flip, "missing": _remove}


def test_every_data_folder_pins_every_file_as_stored_and_decompressed():
    for folder in FOLDERS:
        sums = _shipped._sums(folder)
        for path in (DATA / folder).iterdir():
            if path.name in ("NOTICE", "SHA256SUMS"):
                continue
            assert sums[path.name] == hashlib.sha256(path.read_bytes()).hexdigest(), (
                f"{folder}/{path.name} changed: run python scripts/sha256sums.py tokenlab/data/{folder}"
            )
            if path.suffix == ".gz":
                plain = gzip.decompress(path.read_bytes())
                assert sums[path.name.removesuffix(".gz")] == hashlib.sha256(plain).hexdigest()
        listed = {name.removesuffix(".gz") for name in sums}
        assert listed == {p.name.removesuffix(".gz") for p in (DATA / folder).iterdir()} - {"NOTICE", "SHA256SUMS"}


@pytest.mark.parametrize("how", sorted(DAMAGE))
@pytest.mark.parametrize(("folder", "name"), DATA_FILES)
def test_a_damaged_data_file_is_one_line_naming_it_and_the_repair(copy, folder, name, how):
    assert _shipped.verified(folder, name)  # whole, it reads
    DAMAGE[how](copy / folder / name)
    with pytest.raises(_shipped.DamagedDataError) as caught:
        _shipped.verified(folder, name)
    message = str(caught.value)
    assert REPAIR.match(message) and "\n" not in message, message
    assert str(copy / folder / name) in message
    assert isinstance(caught.value, OSError)  # as gzip's own BadGzipFile: the CLI reports it in one line


@pytest.mark.parametrize("how", [*sorted(DAMAGE), "garbled"])
@pytest.mark.parametrize("folder", FOLDERS)
def test_a_damaged_sha256sums_is_one_line_too(copy, folder, how):
    sums = copy / folder / "SHA256SUMS"
    lines = sums.read_text().splitlines()
    name = lines[-1].split()[1]  # the last line: what a cut removes
    if how == "garbled":
        sums.write_bytes(b"\xff\xfe not a sum\n")
    elif how == "bit flipped":  # inside the digest of the file read
        raw = bytearray(sums.read_bytes())
        raw[len(raw) - len(lines[-1]) + 5] ^= 0x01
        sums.write_bytes(bytes(raw))
    else:
        DAMAGE[how](sums)
    with pytest.raises(_shipped.DamagedDataError) as caught:
        _shipped.verified(folder, name)
    assert REPAIR.match(str(caught.value)), str(caught.value)


def test_a_gzip_that_matches_a_changed_sum_but_is_cut_short_is_still_one_line(copy):
    path = copy / "names" / "names.json.gz"
    _truncate(path)
    sums = copy / "names" / "SHA256SUMS"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sums.write_text(re.sub(r"\w{64}  names.json.gz", f"{digest}  names.json.gz", sums.read_text()))
    with pytest.raises(_shipped.DamagedDataError, match="not a whole gzip file"):
        _shipped.verified("names", "names.json.gz")


def test_no_reader_of_shipped_data_goes_around_the_check():
    # Every module reads shipped data through _shipped (verified or shipped_json), never directly.
    package = Path(tokenlab.__file__).parent
    for path in package.rglob("*.py"):
        if path.name == "_shipped.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert "data_file(" not in source, path
        assert not re.search(r"""joinpath\(\s*["']data["']""", source), path


@pytest.mark.parametrize(
    ("folder", "name", "read"),
    [
        ("encodings", "cl100k_base.tiktoken.gz", lambda: tokenlab.get_encoding("cl100k_base")),
        ("tokenizers", "qwen.tiktoken.gz", lambda: tokenlab.get_encoding("qwen")),
        ("tokenizers", "vendors.json", lambda: tokenlab.encoding_info("deepseek_v3")),
        ("udhr", "udhr.json.gz", lambda: __import__("tokenlab.corpus").corpus.load_corpus()),
        ("prices", "litellm_openai.json", lambda: __import__("tokenlab.pricing").pricing.price_table()),
        ("prices", "windows.json", lambda: __import__("tokenlab.limits").limits.context_window("gpt-5")),
        ("images", "openai_vision.json", lambda: __import__("tokenlab.images").images.rules()),
    ],
)
def test_the_public_functions_say_so_too(copy, monkeypatch, folder, name, read):
    from tokenlab import _vendors, corpus, images, limits, price_tables, registry

    for module, cache in ((registry, "_loaded"), (registry, "_info"), (_vendors, "_loaded"), (_vendors, "_manifest")):
        monkeypatch.setattr(module, cache, {})
    monkeypatch.setattr(corpus, "_BUNDLED", None)
    monkeypatch.setattr(price_tables, "_shipped", [])
    monkeypatch.setattr(limits, "_SEPARATE", {})
    monkeypatch.setattr(images, "_rules", [])
    _flip(copy / folder / name)
    with pytest.raises(_shipped.DamagedDataError, match=REPAIR):
        read()


def test_the_command_prints_the_one_line_and_no_traceback(tmp_path):
    package = tmp_path / "tokenlab"
    shutil.copytree(Path(tokenlab.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copytree(DATA / "encodings", package / "data" / "encodings")
    _flip(package / "data" / "encodings" / "o200k_base.tiktoken.gz")
    result = subprocess.run(
        [sys.executable, "-m", "tokenlab", "hello"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path), "HOME": str(tmp_path), "TOKENLAB_LANG": "en"},
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "o200k_base.tiktoken.gz is damaged" in lines[0] and "--force-reinstall" in lines[0]


def test_a_damaged_catalog_of_translations_falls_back_to_english_with_a_warning(tmp_path, monkeypatch):
    import importlib.resources

    from tokenlab import _i18n

    package = tmp_path / "tokenlab"
    shutil.copytree(Path(tokenlab.__file__).parent / "locale", package / "locale")
    mo = package / "locale" / "zh_CN" / "LC_MESSAGES" / "tokenlab.mo"
    _truncate(mo)
    monkeypatch.setattr(importlib.resources, "files", lambda _name: package)
    monkeypatch.setattr(_i18n, "_translations", {})
    with _i18n.speaking("zh_CN"), pytest.warns(RuntimeWarning, match="catalog .* is damaged"):
        assert _i18n._("fits") == "fits"
