"""Count the bundled corpus once, when it is built, so that no run has to count it again.

    python scripts/build_udhr_counts.py      # after scripts/build_udhr.py (which runs it too)

Writes tokenlab/data/udhr/counts.json.gz: the tokens of every unit of every language under every
encoding (OpenAI's: tiktoken's own ids, from tokenlab's shipped rank files; the other vendors':
tokenlab's tokenizers, which tests/test_vendors.py checks against the vendors' own), and the words of each text
``premiums`` segments (all of a language's units, and the units it shares with each possible
reference), found by the segmenters of the "words" extra (jieba, janome, pythainlp), keyed by the
text's SHA-256. Then the folder's SHA256SUMS and the NOTICE's section on the counts.
tests/test_languages.py counts everything again, live, and checks it equals what is shipped.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import json
from importlib import metadata
from pathlib import Path

from sha256sums import write_sums

import tokenlab
from tokenlab import languages, registry
from tokenlab.corpus import load_corpus

OUT = Path(__file__).resolve().parent.parent / "tokenlab" / "data" / "udhr"
SEGMENTERS = ("jieba", "janome", "pythainlp")
MARK = "Counts made when the corpus was built"


def segmented_texts() -> dict[str, set[str]]:
    """Each segmenter's texts that premiums and count_words can ask about in the bundled corpus."""
    corpus = load_corpus()
    texts: dict[str, set[str]] = {name: set() for name in SEGMENTERS}
    for lang in corpus.values():
        if lang.words not in texts:
            continue
        texts[lang.words].add(lang.text)  # count_words(language): all its units
        for ref in corpus.values():  # premiums(reference=ref): the units both have
            texts[lang.words].add("\n".join(lang.units[u] for u in lang.units if u in ref.units))
    return texts


def counts() -> dict[str, object]:
    corpus = load_corpus()
    tokens = {}
    for name in tokenlab.encodings():
        enc = registry.get_encoding(name)
        tokens[name] = {
            code: {unit: len(enc.encode_ordinary(text)) for unit, text in lang.units.items()}
            for code, lang in corpus.items()
        }
    words = {}
    for mode, texts in segmented_texts().items():
        found = {}
        for text in sorted(texts):
            n, by = languages._segment_count(mode, text)
            if by != mode or n is None:
                raise SystemExit(f"{mode} is not installed: pip install tokenlab[words]")
            found[hashlib.sha256(text.encode("utf-8")).hexdigest()] = n
        words[mode] = found
    corpus_json = gzip.decompress((OUT / "udhr.json.gz").read_bytes())
    return {
        "corpus_sha256": hashlib.sha256(corpus_json).hexdigest(),
        "made_with": {package: metadata.version(package) for package in ("tiktoken", "tokenizers", *SEGMENTERS)},
        "tokens": tokens,
        "words": words,
    }


def main() -> None:
    made = counts()
    data = json.dumps(made, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    (OUT / "counts.json.gz").write_bytes(buffer.getvalue())
    write_sums(OUT)  # each file as stored, and each decompressed
    notice = (OUT / "NOTICE").read_text()
    notice = (
        notice.split(MARK)[0].rstrip("\n")
        + "\n\n"
        + NOTICE.format(
            versions=", ".join(f"{p} {v}" for p, v in made["made_with"].items()),
            date=datetime.date.today().isoformat(),
            sha256=made["corpus_sha256"],
        )
    )
    (OUT / "NOTICE").write_text(notice)
    print(f"{len(data):,} bytes of counts, {len(buffer.getvalue()):,} compressed")


NOTICE = (
    MARK
    + "\n"
    + "-" * len(MARK)
    + """

File: counts.json.gz, made by scripts/build_udhr_counts.py on {date} from udhr.json
(SHA-256 {sha256}), with {versions}.
It holds the tokens of every unit under each of tokenlab's encodings (OpenAI's, and Qwen's, DeepSeek's
and Mistral's tokenizers, so that premiums() of this corpus loads none of them), and the words of each text
that tokenlab's premium table segments, keyed by the text's SHA-256. tokenlab uses a count only
for a text equal to the one counted; its tests count everything again and check that it equals
what is shipped. SHA256SUMS pins both files as stored and decompressed.
"""
)

if __name__ == "__main__":
    main()
