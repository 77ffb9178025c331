"""Write the SHA256SUMS of shipped data folders: what tokenlab checks before it reads a file.

    python scripts/sha256sums.py tokenlab/data/prices     # after editing a file by hand
    python scripts/sha256sums.py                          # every folder under tokenlab/data

Each data file (all but NOTICE) is listed by the SHA-256 of its bytes as stored, so that a
truncated or changed file is caught before anything reads it (``sha256sum -c SHA256SUMS`` checks
the same). A ``.gz`` file is also listed, under its name without ``.gz``, by the SHA-256 of its
decompressed bytes: the hash of the file as its source published it. The build scripts call this.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tokenlab" / "data"
NOT_DATA = {"NOTICE", "SHA256SUMS"}


def sums(folder: Path) -> dict[str, str]:
    """File name -> SHA-256, for every data file of ``folder`` (and each .gz's decompressed bytes)."""
    out: dict[str, str] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name not in NOT_DATA):
        raw = path.read_bytes()
        out[path.name] = hashlib.sha256(raw).hexdigest()
        if path.suffix == ".gz":
            out[path.name.removesuffix(".gz")] = hashlib.sha256(gzip.decompress(raw)).hexdigest()
    return out


def write_sums(folder: Path) -> dict[str, str]:
    found = sums(folder)
    lines = "".join(f"{digest}  {name}\n" for name, digest in found.items())
    (folder / "SHA256SUMS").write_text(lines, encoding="ascii", newline="\n")
    return found


def main(argv: list[str]) -> None:
    folders = [Path(a) for a in argv] or sorted(p for p in DATA.iterdir() if p.is_dir())
    for folder in folders:
        for name, digest in write_sums(folder).items():
            print(f"{digest}  {folder.name}/{name}")


if __name__ == "__main__":
    main(sys.argv[1:])
