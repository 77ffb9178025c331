"""Rebuild tokenlab's list of the most common Chinese characters, from jieba's dictionary (pinned sdist).

    python scripts/build_hanzi.py              # pip-downloads the pinned sdist itself
    python scripts/build_hanzi.py TARBALL      # or reads one you have (checked against the pin)

jieba (MIT) ships a dictionary, ``jieba/dict.txt``: 349,046 words, each with a frequency counted
in the corpora it was built from. A character's frequency here is the sum, over the words it is in,
of the word's frequency times the number of times the character occurs in it: how often the
character occurs in the text behind the dictionary, as jieba segmented it. Only the 6,763
characters of GB2312 (China's national standard character set, as Python's ``gb2312`` codec has
it) are counted, which keeps out the traditional and garbled characters that the dictionary also
holds. Characters that look like mojibake (UTF-8 misread as GBK, such as 锛 and 杩) are counted
only in words of two or more characters. The first ``SIZE`` characters, most frequent first (ties
by code point), are written to ``tokenlab/data/vocab/hanzi.json.gz`` with their frequencies, then
SHA256SUMS and the NOTICE's first section. The tarball is read as a tar file; jieba is never installed or imported.

Then run ``scripts/build_xray.py``, which counts the characters' tokens under every encoding.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from sha256sums import write_sums

OUT = Path(__file__).resolve().parent.parent / "tokenlab" / "data" / "vocab"
PACKAGE, VERSION = "jieba", "0.42.1"
TARBALL = "jieba-0.42.1.tar.gz"
TARBALL_SHA256 = "055ca12f62674fafed09427f176506079bc135638a14e23e25be909131928db2"
MEMBER = "jieba-0.42.1/jieba/dict.txt"
SIZE = 3500
MARK = "Counts of the vocabularies"  # build_xray.py writes the NOTICE's section after this line


def tarball(argv: list[str]) -> Path:
    if argv:
        path = Path(argv[0])
    else:
        folder = Path(tempfile.mkdtemp())
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q", "-d", str(folder),
             f"{PACKAGE}=={VERSION}"],
            check=True,
        )  # fmt: skip
        path = folder / TARBALL
    if hashlib.sha256(path.read_bytes()).hexdigest() != TARBALL_SHA256:
        raise SystemExit(f"{path} is not the {TARBALL} pinned here")
    return path


def in_gb2312(character: str) -> bool:
    """Whether ``character`` is one of GB2312's 6,763 Chinese characters (rows 16 to 87; rows 1 to 9
    hold punctuation, kana, Greek and other symbols)."""
    try:
        encoded = character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xF7


def looks_like_mojibake(character: str) -> bool:
    """Whether ``character`` is what the start of a UTF-8 Chinese character or full-width punctuation
    becomes when its bytes are misread as GBK: its two GBK bytes are a UTF-8 lead byte of U+4000 to
    U+9FFF or U+F000 to U+FFFF (0xE4 to 0xE9, 0xEF) and a continuation byte (0x80 to 0xBF). ``，``
    (EF BC 8C) read as GBK begins with 锛 (EF BC), ``中`` (E4 B8 AD) with 涓 (E4 B8). Some real, rare
    characters have such bytes too (姊, 璋, 浏)."""
    try:
        encoded = character.encode("gbk")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and (0xE4 <= encoded[0] <= 0xE9 or encoded[0] == 0xEF) and 0x80 <= encoded[1] <= 0xBF


def frequencies(dictionary: str) -> Counter[str]:
    """How often each character occurs in the dictionary's words, weighted by their frequencies.

    jieba's dictionary holds mojibake as one-character words (``锛 12605 v``, ``杩 3505 x``): text in
    UTF-8 that was segmented as if it were GBK. So a character that looks like mojibake is counted only
    in words of two or more characters, where the real ones (姊妹, 浏览) are used."""
    counts: Counter[str] = Counter()
    for line in dictionary.splitlines():
        word, frequency, *_tag = line.split()
        if len(word) == 1 and looks_like_mojibake(word):
            continue
        for character in word:
            counts[character] += int(frequency)
    return counts


def frequencies_with_mojibake(dictionary: str) -> Counter[str]:
    """Every word counted, mojibake included (to say in the NOTICE what the rule removed)."""
    counts: Counter[str] = Counter()
    for line in dictionary.splitlines():
        word, frequency, *_tag = line.split()
        for character in word:
            counts[character] += int(frequency)
    return counts


def license_fields(tar: tarfile.TarFile) -> str:
    member = tar.extractfile(f"jieba-{VERSION}/PKG-INFO")
    assert member is not None
    lines = member.read().decode("utf-8").splitlines()
    found = [line.strip() for line in lines if line.startswith("License:") or "License ::" in line]
    return "; ".join(f'"{line}"' for line in found)


def main(argv: list[str]) -> None:
    path = tarball(argv)
    with tarfile.open(path) as tar:
        member = tar.extractfile(MEMBER)
        assert member is not None
        raw = member.read()
        licenses = license_fields(tar)
    dictionary = raw.decode("utf-8")
    counts = frequencies(dictionary)
    ranked = sorted((c for c in counts if in_gb2312(c)), key=lambda c: (-counts[c], ord(c)))[:SIZE]
    naive = frequencies_with_mojibake(dictionary)
    before = sorted((c for c in naive if in_gb2312(c)), key=lambda c: (-naive[c], ord(c)))[:SIZE]
    dropped = [c for c in before if c not in set(ranked)]
    data = {
        "source": f"{PACKAGE} {VERSION}: {MEMBER.split('/', 1)[1]}",
        "characters": "".join(ranked),
        "frequencies": [counts[c] for c in ranked],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "hanzi.json.gz").write_bytes(gzip.compress(text, compresslevel=9, mtime=0))
    sums = write_sums(OUT)
    notice = NOTICE.format(
        size=SIZE,
        words=len(dictionary.splitlines()),
        tarball=TARBALL,
        digest=TARBALL_SHA256,
        member=MEMBER,
        member_sha=hashlib.sha256(raw).hexdigest(),
        licenses=licenses,
        date=datetime.date.today().isoformat(),
        sha=sums["hanzi.json"],
        dropped=len(dropped),
        examples=" ".join(dropped[:8]),
    )
    old = (OUT / "NOTICE").read_text(encoding="utf-8") if (OUT / "NOTICE").exists() else ""
    rest = old[old.index(MARK) :] if MARK in old else ""
    (OUT / "NOTICE").write_text(notice + ("\n" + rest if rest else ""), encoding="utf-8")
    print(f"{SIZE} characters, from {ranked[0]} to {ranked[-1]}; {len(text):,} bytes")


NOTICE = """Vocabulary X-ray: common Chinese characters, and the figures of every vocabulary
================================================================================

The most common Chinese characters
----------------------------------

File: hanzi.json.gz, the {size:,} most frequent Chinese characters, most frequent first, with their
frequencies. Rebuilt by scripts/build_hanzi.py on {date}.

Source: the dictionary of jieba, the Chinese word segmenter (https://github.com/fxsjy/jieba), as the
PyPI package jieba==0.42.1 ships it: {tarball} (SHA-256 {digest}), member {member} (SHA-256
{member_sha}), {words:,} words with their frequencies. Author: Sun, Junyi. License: MIT, as the
package states it: {licenses}.

How it is made: a character's frequency is the sum, over the dictionary's words that hold it, of the
word's frequency times the number of times the character occurs in the word. Only the 6,763
characters of GB2312 (China's national standard character set, as Python's gb2312 codec has it) are
ranked; ties go to the lower code point. The dictionary also holds mojibake as one-character words
(UTF-8 Chinese misread as GBK: 锛 12605, 杩 3505): a character whose two GBK bytes are a UTF-8 lead
byte (0xE4 to 0xE9, 0xEF) and a continuation byte (0x80 to 0xBF) is counted only in words of two or
more characters ({dropped} such characters would otherwise be in the list, among them {examples}).
This is a frequency list of one segmenter's dictionary, not an official list of common characters
(such as the 3,500 characters of level 1 of the Table of General Standard Chinese Characters, 2013).
SHA256SUMS pins the file as shipped and its decompressed bytes (these: SHA-256 {sha}).
"""

if __name__ == "__main__":
    main(sys.argv[1:])
