"""Count every vocabulary once, for ``tokenlab.vocab.xray``, so that no run has to scan one.

    python scripts/build_xray.py      # after scripts/build_hanzi.py

For each encoding tokenlab ships, every token id but the special tokens is looked at once: its bytes,
its category (``vocab.script_of``), its length, whether its text encoded alone gives it back, and how
many tokens each of the common Chinese characters of ``hanzi.json`` takes. Writes
tokenlab/data/vocab/xray.json.gz, its line in SHA256SUMS and the NOTICE's section on it.
tests/test_vocab.py scans every vocabulary again, with tiktoken's and the vendors' own tokenizers, and
checks that it equals what is shipped.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
from collections import Counter
from importlib import metadata
from pathlib import Path

from sha256sums import write_sums

import tokenlab
from tokenlab import registry, vocab

OUT = Path(__file__).resolve().parent.parent / "tokenlab" / "data" / "vocab"
MARK = "Counts of the vocabularies"
LONGEST = 20  # tokens listed, overall and per category
EXAMPLES = 8


def readable(raw: bytes) -> str:
    """A token's text, or its bytes in hex (``⟨e4 bd⟩``) when they are not UTF-8 on their own."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "⟨" + raw.hex(" ") + "⟩"


def ids_of(name: str) -> list[int]:
    """Every id of the encoding that merges can make: all ids but the special tokens and unused ones."""
    info = registry.encoding_info(name)
    specials = set(info.special_tokens.values())
    enc = registry.ordinary_encoding(name)
    found = []
    for token_id in range(info.n_vocab):
        if token_id in specials:
            continue
        try:
            enc.decode_single_token_bytes(token_id)
        except (KeyError, ValueError):
            continue
        found.append(token_id)
    return found


def figures(name: str, characters: str) -> dict[str, object]:
    enc = registry.ordinary_encoding(name)
    scripts: Counter[str] = Counter()
    texts: dict[int, str] = {}
    by_script: dict[str, list[int]] = {}
    unreachable = []
    ids = ids_of(name)
    for token_id in ids:
        raw = enc.decode_single_token_bytes(token_id)
        category = vocab.script_of(raw)
        scripts[category] += 1
        by_script.setdefault(category, []).append(token_id)
        if category == "fragment":
            continue
        text = texts[token_id] = raw.decode("utf-8")
        back = enc.encode_ordinary(text)
        if back != [token_id]:
            unreachable.append([token_id, text, back, [readable(enc.decode_single_token_bytes(i)) for i in back]])

    def longest(candidates: list[int]) -> list[list[object]]:
        ranked = sorted(candidates, key=lambda i: (-len(texts[i]), i))[:LONGEST]
        return [[i, texts[i]] for i in ranked]

    def examples(candidates: list[int]) -> list[list[object]]:
        longer = [i for i in candidates if len(texts[i]) > 1][:EXAMPLES]
        shorter = [i for i in candidates if len(texts[i]) == 1][: EXAMPLES - len(longer)]
        return [[i, texts[i]] for i in longer + shorter]

    return {
        "ranks": len(ids),
        "special": len(registry.encoding_info(name).special_tokens),
        "scripts": dict(sorted(scripts.items())),
        "examples": {c: examples(v) for c, v in sorted(by_script.items()) if c != "fragment"},
        "longest": longest(list(texts)),
        "longest_by_script": {c: longest(v) for c, v in sorted(by_script.items()) if c != "fragment"},
        "hanzi": "".join(str(len(enc.encode_ordinary(c))) for c in characters),
        "unreachable": unreachable,
    }


def main() -> None:
    hanzi_json = gzip.decompress((OUT / "hanzi.json.gz").read_bytes())
    characters = json.loads(hanzi_json)["characters"]
    made = {
        "hanzi_sha256": hashlib.sha256(hanzi_json).hexdigest(),
        "made_with": {p: metadata.version(p) for p in ("tiktoken", "tokenizers", "fonttools")},
        "unicode": __import__("unicodedata").unidata_version,
        "encodings": {},
    }
    for name in tokenlab.encodings():
        made["encodings"][name] = figures(name, characters)
        print(f"{name}: {made['encodings'][name]['ranks']:,} tokens")
    data = json.dumps(made, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    (OUT / "xray.json.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    sums = write_sums(OUT)
    notice = (OUT / "NOTICE").read_text(encoding="utf-8").split(MARK)[0].rstrip("\n")
    section = NOTICE.format(
        date=datetime.date.today().isoformat(),
        versions=", ".join(f"{p} {v}" for p, v in made["made_with"].items()),
        unicode=made["unicode"],
        hanzi=made["hanzi_sha256"],
        sha=sums["xray.json"],
    )
    (OUT / "NOTICE").write_text(notice + "\n\n" + section, encoding="utf-8")
    print(f"{len(data):,} bytes of figures")


NOTICE = (
    MARK
    + "\n"
    + "-" * len(MARK)
    + """

File: xray.json.gz, made by scripts/build_xray.py on {date} from tokenlab's own encodings (the rank files
and tokenizer files in data/encodings/ and data/tokenizers/, whose NOTICEs say where they come from) and
hanzi.json (SHA-256 {hanzi}), with {versions} (Python's Unicode data: {unicode}).
For every encoding: how many of its tokens are in each script (by tokenlab.vocab.script_of), examples,
its longest tokens, how many tokens each of the common characters takes, and every token whose own text,
encoded alone, does not give it back. It holds only figures and token texts taken from those files, under
their licenses. tests/test_vocab.py scans every vocabulary again and checks that it equals what is shipped.
SHA256SUMS pins the file as shipped and its decompressed bytes (these: SHA-256 {sha}).
"""
)

if __name__ == "__main__":
    main()
