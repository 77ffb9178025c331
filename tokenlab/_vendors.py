"""Other vendors' tokenizers, offline: Qwen, DeepSeek and Mistral's Tekken (a prototype).

Each name loads, once and only when asked, from files shipped in ``tokenlab/data/tokenizers``
(rebuilt by ``scripts/build_tokenizers.py``), after checking their SHA-256 against ``SHA256SUMS``.

- ``qwen`` (Qwen 1 to Qwen 3) and ``qwen3.6`` (Qwen 3.5 / 3.6): a ``tiktoken.Encoding`` over the
  ``.tiktoken`` ranks with the vendor's regex; the text is NFC-normalized first, as the official
  tokenizer.json does (with Hugging Face ``tokenizers``' own NFC, so the two agree on every input).
- ``deepseek_v3`` (DeepSeek V3, R1, V4): Hugging Face ``tokenizers`` reading the vendor's
  tokenizer.json. Its pre-tokenizer is three regex splits applied one after another, which a single
  tiktoken pattern cannot reproduce (e.g. ``"a  1"``: the digit split runs first, so the two
  spaces stay one piece), so no tiktoken port is attempted.
- ``tekken`` (Mistral): ``tiktoken.Encoding`` over the first ``vocab_size - num_special_tokens``
  ranks of ``tekken_240911.json``, ids shifted by the number of special tokens, as mistral-common's
  ``Tekkenizer`` builds it.

Special-token strings are ordinary text unless allowed, like tiktoken. Allowed ones are cut out
before normalization, as Hugging Face ``tokenizers`` does with added tokens (``normalized: false``).

This module does not display or count anything; it gives ids, bytes and the text really encoded.

>>> load("qwen").encode("Hello world")
[9707, 1879]
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, AbstractSet

from ._encode import as_encoded as _fix_surrogates
from ._encode import unless_tiktoken_panicked

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["VendorTokenizer", "load", "names"]

_loaded: dict[str, VendorTokenizer] = {}
_lock = threading.Lock()
# Characters that NFC never changes and that never compose with the character before them: ASCII,
# CJK symbols and punctuation, CJK unified ideographs. Runs of anything else (with the stable
# character before each run, which may be the first of a composition) are normalized one by one.
_UNSTABLE_RUN = re.compile("[\x00-\x7f\u3000-\u303f\u4e00-\u9fff]?[^\x00-\x7f\u3000-\u303f\u4e00-\u9fff]+")


def names() -> list[str]:
    """The vendor tokenizers tokenlab ships.

    >>> names()
    ['qwen', 'qwen3.6', 'deepseek_v3', 'tekken']
    """
    return list(_manifest())


def load(name: str) -> VendorTokenizer:
    """The tokenizer called ``name``, loaded from the shipped files once per process."""
    tokenizer = _loaded.get(name)
    if tokenizer is None:
        with _lock:
            tokenizer = _loaded.get(name)
            if tokenizer is None:
                spec = _manifest().get(name)
                if spec is None:
                    raise ValueError(f"unknown vendor tokenizer {name!r}; tokenlab ships: {', '.join(_manifest())}")
                kind = {"tiktoken": _TiktokenVendor, "tekken": _TiktokenVendor, "tokenizer.json": _HFVendor}
                tokenizer = _loaded[name] = kind[spec["kind"]](name, spec)
    return tokenizer


class VendorTokenizer:
    """What every vendor tokenizer offers: ids, each id's bytes, special tokens, the text encoded."""

    name: str
    vendor: str
    n_vocab: int
    special_tokens: dict[str, int]
    normalizer: str | None

    def __init__(self, name: str, spec: dict) -> None:
        self.name = name
        self.vendor = spec["vendor"]
        self.normalizer = spec.get("normalizer")
        self._table: list[bytes] | None = None
        self._special_passes: list[frozenset[str]] = []  # set by each kind once its specials are known
        self._specials_re: dict[frozenset[str], re.Pattern[str]] = {}

    def __repr__(self) -> str:
        return f"<{self.vendor} tokenizer {self.name!r}: {self.n_vocab} ids>"

    def encode(self, text: str, allowed_special: AbstractSet[str] | str = frozenset()) -> list[int]:
        """The vendor's ids for ``text``; special-token strings are text unless in ``allowed_special``."""
        ids: list[int] = []
        for piece, special in self._pieces(text, allowed_special):
            if special:
                ids.append(self.special_tokens[piece])
            elif piece:
                ids += self._encode_ordinary(piece)
        return ids

    def as_encoded(self, text: str, allowed_special: AbstractSet[str] | str = frozenset()) -> tuple[str, Callable[[int], int]]:
        """The text really encoded (surrogates fixed, then NFC where the vendor normalizes) and a map
        from its character offsets back to ``text``'s. The tokens' bytes spell exactly this text."""
        parts: list[str] = []
        starts: list[int] | None = None
        clean, back = _fix_surrogates(text)
        at = 0  # offset in clean
        for piece, special in self._pieces(clean, allowed_special, fixed=True):
            normal, local = (piece, None) if special else self._normalize_with_map(piece)
            if local is not None and starts is None:
                starts = list(range(sum(map(len, parts))))  # identity so far
            if starts is not None:
                starts += [at + i for i in (local or range(len(piece)))]
            parts.append(normal)
            at += len(piece)
        encoded = "".join(parts)
        if starts is None:
            return encoded, back
        starts.append(len(clean))
        return encoded, lambda i: back(starts[i])

    def token_bytes(self) -> list[bytes]:
        """Every id's bytes, indexed by id (``b""`` for unused ids; special tokens as UTF-8 text)."""
        if self._table is None:
            table = [b""] * self.n_vocab
            for raw, i in self._vocab_bytes():
                table[i] = raw
            for special, i in self.special_tokens.items():
                table[i] = special.encode("utf-8")
            self._table = table
        return self._table

    def decode(self, ids: Iterable[int]) -> str:
        """The text of ``ids`` (bytes that do not form UTF-8 become U+FFFD)."""
        table = self.token_bytes()
        return b"".join(table[i] for i in ids).decode("utf-8", "replace")

    # -- what each kind provides
    def _encode_ordinary(self, text: str) -> list[int]:
        raise NotImplementedError

    def _vocab_bytes(self) -> Iterable[tuple[bytes, int]]:
        raise NotImplementedError

    # -- shared machinery
    def _pieces(self, text: str, allowed_special: AbstractSet[str] | str, *, fixed: bool = False) -> list[tuple[str, bool]]:
        """``text`` cut at allowed special tokens (leftmost, then longest, as tokenizers' added tokens)."""
        if not fixed:
            text = _fix_surrogates(text)[0]
        allowed = self._allowed(allowed_special)
        pieces = [(text, False)]
        # tokenizers cuts out its added tokens in two passes: those matched on the raw text, then
        # (in what is left) those matched on normalized text; one pass where nothing is normalized.
        for group in self._special_passes:
            wanted = allowed & group
            if wanted:
                pieces = [cut for piece in pieces for cut in ([piece] if piece[1] else self._cut(piece[0], wanted))]
        return pieces

    def _cut(self, text: str, wanted: frozenset[str]) -> list[tuple[str, bool]]:
        pattern = self._specials_re.get(wanted)
        if pattern is None:
            alternatives = sorted(wanted, key=len, reverse=True)  # at one position, the longest wins
            pattern = self._specials_re[wanted] = re.compile("|".join(map(re.escape, alternatives)))
        pieces, last = [], 0
        for match in pattern.finditer(text):
            pieces += [(text[last : match.start()], False), (match.group(), True)]
            last = match.end()
        pieces.append((text[last:], False))
        return pieces

    def _allowed(self, allowed_special: AbstractSet[str] | str) -> frozenset[str]:
        if allowed_special == "all":
            return frozenset(self.special_tokens)
        if isinstance(allowed_special, str):
            allowed_special = {allowed_special}
        unknown = set(allowed_special) - self.special_tokens.keys()
        if unknown:
            raise ValueError(f"{self.name} has no special token {', '.join(sorted(unknown))}")
        return frozenset(allowed_special)

    def _normalize_with_map(self, text: str) -> tuple[str, list[int] | None]:
        """NFC (if this vendor normalizes) and, if it changed anything, each output character's offset in ``text``."""
        if self.normalizer is None:
            return text, None
        nfc = _nfc()
        normal = nfc(text)
        if normal == text:
            return text, None
        out: list[str] = []
        starts: list[int] = []
        last = 0
        for match in _UNSTABLE_RUN.finditer(text):
            starts += range(last, match.start())
            out.append(text[last : match.start()])
            run = match.group()
            done = nfc(run)
            starts += _run_starts(run, done, match.start())
            out.append(done)
            last = match.end()
        starts += range(last, len(text))
        out.append(text[last:])
        if "".join(out) != normal:  # a composition across our run boundaries: map the whole text coarsely
            starts = _run_starts(text, normal, 0)
        return normal, starts

    def _normalize(self, text: str) -> str:
        return _nfc()(text) if self.normalizer else text


def _run_starts(before: str, after: str, offset: int) -> list[int]:
    """Offsets into ``before`` for each character of ``after``: equal ends map one to one, the changed
    middle maps to where the change starts."""
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    middle = len(after) - head - tail
    return [offset + i for i in range(head)] + [offset + head] * middle + [offset + len(before) - tail + i for i in range(tail)]


class _TiktokenVendor(VendorTokenizer):
    """A ``.tiktoken`` rank file (Qwen) or a Tekken JSON file (Mistral) under ``tiktoken.Encoding``."""

    def __init__(self, name: str, spec: dict) -> None:
        import tiktoken

        super().__init__(name, spec)
        self._offset = spec.get("id_offset", 0)
        specials = dict(spec["special_tokens"])
        if filler := spec.get("special_filler"):
            specials.update({filler["template"].format(i): i for i in range(len(specials), filler["upto"])})
        self.special_tokens = specials
        self._special_passes = [frozenset(specials)]
        if spec["kind"] == "tekken":
            ranks = _tekken_ranks(_read_checked(spec["file"]), spec["n_ranks"])
        else:
            ranks = _tiktoken_ranks(_read_checked(spec["file"]))
        self._ranks = ranks
        # tiktoken emits a token whenever a whole regex piece equals it, even one no merge can make;
        # the vendor's tokenizer.json (BPE, ignore_merges false) never does. Leaving those out of the
        # Encoding makes tiktoken agree (qwen3.6: 201 tokens, e.g. "加拿大" -> 加, 拿, 大).
        unreachable = set(spec.get("unreachable", ()))
        usable = {raw: rank for raw, rank in ranks.items() if rank not in unreachable} if unreachable else ranks
        # Special tokens are cut out by VendorTokenizer._pieces, so the Encoding holds none.
        self._enc = tiktoken.Encoding(f"tokenlab-{name}", pat_str=spec["pattern"], mergeable_ranks=usable, special_tokens={})
        self.n_vocab = max(len(ranks) + self._offset, max(specials.values()) + 1)

    def _encode_ordinary(self, text: str) -> list[int]:
        text = self._normalize(text)
        try:
            ids = self._enc.encode_ordinary(text)
        except BaseException as error:  # tiktoken's Rust regex can overflow on huge inputs
            unless_tiktoken_panicked(error)
            ids = self._enc._encode_only_native_bpe(text)
        if self._offset:
            offset = self._offset
            return [i + offset for i in ids]
        return ids

    def _vocab_bytes(self) -> Iterable[tuple[bytes, int]]:
        return ((raw, rank + self._offset) for raw, rank in self._ranks.items())


class _HFVendor(VendorTokenizer):
    """A tokenizer.json under Hugging Face ``tokenizers`` (DeepSeek)."""

    def __init__(self, name: str, spec: dict) -> None:
        import json

        from tokenizers import Tokenizer

        super().__init__(name, spec)
        data = json.loads(_read_checked(spec["file"]))
        added = data["added_tokens"]
        for token in added:  # what _pieces does is only the same as tokenizers for plain added tokens
            if token["lstrip"] or token["rstrip"] or token["single_word"]:
                raise RuntimeError(f"{name}: added token {token['content']!r} needs options tokenlab does not handle")
        self.special_tokens = {t["content"]: t["id"] for t in added}
        self._special_passes = [frozenset(t["content"] for t in added if not t["normalized"]),
                                frozenset(t["content"] for t in added if t["normalized"])]  # fmt: skip
        data["added_tokens"] = []  # special-token strings are text unless allowed: _pieces cuts out the allowed
        self._tok = Tokenizer.from_str(json.dumps(data))
        self._vocab = data["model"]["vocab"]
        self.normalizer = None if data["normalizer"] in (None, {"type": "Sequence", "normalizers": []}) else "tokenizer.json"
        self.n_vocab = max(max(self._vocab.values()), max(self.special_tokens.values())) + 1

    def _encode_ordinary(self, text: str) -> list[int]:
        return self._tok.encode(text, add_special_tokens=False).ids

    def _normalize_with_map(self, text: str) -> tuple[str, list[int] | None]:
        if self.normalizer is not None:
            raise NotImplementedError(f"{self.name}: offsets through a tokenizer.json normalizer")
        return text, None

    def _vocab_bytes(self) -> Iterable[tuple[bytes, int]]:
        decode = _byte_decoder()
        # the vocabulary also lists the first special tokens as plain strings: token_bytes() sets those
        return ((bytes(decode[c] for c in token), i) for token, i in self._vocab.items() if all(c in decode for c in token))


def _byte_decoder() -> dict[str, int]:
    """The inverse of the GPT-2 byte-to-character table that byte-level tokenizer.json vocabularies use."""
    printable = [*range(ord("!"), ord("~") + 1), *range(0xA1, 0xAC + 1), *range(0xAE, 0xFF + 1)]
    chars = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in chars:
            chars[b] = chr(256 + extra)
            extra += 1
    return {c: b for b, c in chars.items()}


def _tiktoken_ranks(data: bytes) -> dict[bytes, int]:
    import base64

    ranks = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


def _tekken_ranks(data: bytes, n_ranks: int) -> dict[bytes, int]:
    """mistral-common's ``_reload_mergeable_ranks``: the first ``n_ranks`` entries, rank = position."""
    import base64
    import json

    vocab = json.loads(data)["vocab"][:n_ranks]
    ranks = {base64.b64decode(entry["token_bytes"]): entry["rank"] for entry in vocab}
    if sorted(ranks.values()) != list(range(n_ranks)):
        raise RuntimeError("tekken vocabulary ranks are not 0..n-1")
    return ranks


_nfc_normalize: Callable[[str], str] | None = None


def _nfc() -> Callable[[str], str]:
    """Hugging Face ``tokenizers``' NFC: the one the vendors' tokenizer.json runs (its Unicode tables
    can differ from Python's ``unicodedata``)."""
    global _nfc_normalize
    if _nfc_normalize is None:
        from tokenizers.normalizers import NFC

        _nfc_normalize = NFC().normalize_str
    return _nfc_normalize


_manifest_cache: dict[str, dict] | None = None


def _manifest() -> dict[str, dict]:
    global _manifest_cache
    if _manifest_cache is None:
        import json

        _manifest_cache = json.loads(_read_checked("vendors.json", gz=False))
    return _manifest_cache


def _read_checked(name: str, *, gz: bool = True) -> bytes:
    """A shipped file's bytes, refused unless its SHA-256 is the one in SHA256SUMS."""
    import gzip
    import hashlib

    pinned = dict(
        reversed(line.split()) for line in _data_file("SHA256SUMS").read_text(encoding="ascii").splitlines() if line.strip()
    )
    if name not in pinned:
        raise RuntimeError(f"tokenlab ships no {name}; reinstall tokenlab")
    raw = _data_file(name + ".gz" if gz else name).read_bytes()
    data = gzip.decompress(raw) if gz else raw
    actual = hashlib.sha256(data).hexdigest()
    if actual != pinned[name]:
        raise RuntimeError(f"the shipped {name} is damaged: SHA-256 {actual} is not {pinned[name]}; reinstall tokenlab")
    return data


def _data_file(name: str) -> Traversable:
    from importlib import resources

    return resources.files("tokenlab").joinpath("data", "tokenizers", name)
