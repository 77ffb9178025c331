"""Other vendors' tokenizers, offline: Qwen (Alibaba), DeepSeek and Mistral AI's Tekken.

Each loads once, and only when first used, from files shipped in ``tokenlab/data/tokenizers``
(rebuilt by ``scripts/build_tokenizers.py``), after checking their SHA-256; ``vendors.json`` says
what each is, so that it can be described without loading it.

- ``qwen`` (Qwen 1 to 3) and ``qwen3.6`` (Qwen 3.5 / 3.6): tiktoken over the ``.tiktoken`` ranks
  with Qwen's regex, after NFC as Qwen's tokenizer.json does (see ``_vendor_kinds.NFCEncoding``).
- ``deepseek_v3`` (DeepSeek V3, R1, V4): Hugging Face ``tokenizers`` on DeepSeek's tokenizer.json.
  Its pre-tokenizer is three regex splits applied one after another, which one tiktoken regex
  cannot reproduce (``"a  1"``: the digit split runs first, so the two spaces stay one piece).
- ``tekken`` (Mistral): a plain ``tiktoken.Encoding`` over the first 130,072 ranks of
  ``tekken_240911.json``, each shifted by the 1,000 control-token ids before them, as
  mistral-common's ``Tekkenizer`` numbers them; the control tokens are its special tokens.

This module does not display or count anything.

>>> get("tekken").encode_ordinary("Hello world")
[22177, 4304]
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from ._encode import as_encoded as fixed_surrogates
from ._i18n import _

if TYPE_CHECKING:
    import tiktoken

    from ._vendor_kinds import VendorEncoding

__all__ = ["NAMES", "VENDORS", "VENDOR_OF", "get", "manifest", "as_encoded", "nfc"]

# The vendor tokenizers tokenlab ships (a test checks vendors.json lists the same), and the vendor
# codes, OpenAI's included: tables store these codes; labels are looked up when shown.
NAMES: tuple[str, ...] = ("qwen", "qwen3.6", "deepseek_v3", "tekken")
VENDORS: tuple[str, ...] = ("openai", "alibaba", "deepseek", "mistral")
# Each one's vendor, as vendors.json says (a test checks): listing names reads no file.
VENDOR_OF: dict[str, str] = {"qwen": "alibaba", "qwen3.6": "alibaba", "deepseek_v3": "deepseek", "tekken": "mistral"}

_lock = threading.Lock()
_loaded: dict[str, tiktoken.Encoding | VendorEncoding] = {}
_manifest: dict[str, dict[str, Any]] = {}


def manifest(name: str) -> dict[str, Any]:
    """What ``vendors.json`` says of ``name``: vendor, file, sizes, pattern(s), special tokens, ..."""
    if not _manifest:
        import json

        from ._shipped import verified

        _manifest.update(json.loads(verified("tokenizers", "vendors.json")))
    return _manifest[name]


def get(name: str) -> tiktoken.Encoding | VendorEncoding:
    """The tokenizer ``name``, loaded from the shipped files once per process."""
    found = _loaded.get(name)
    if found is None:
        with _lock:
            found = _loaded.get(name)
            if found is None:
                spec = manifest(name)
                loaders: dict[str, Callable[[str, dict[str, Any]], tiktoken.Encoding | VendorEncoding]] = {
                    "tiktoken": _qwen,
                    "tokenizer.json": _deepseek,
                    "tekken": _tekken,
                }
                found = _loaded[name] = loaders[spec["kind"]](name, spec)
                from ._memory import trim

                trim()  # the Python ranks and JSON were freed: give their memory back
    return found


def as_encoded(name: str, text: str, allowed: AbstractSet[str]) -> tuple[str, Callable[[int], int]]:
    """The text ``name`` really encodes, and a map from its offsets back to ``text``'s."""
    if manifest(name).get("normalizer") != "NFC":
        return fixed_surrogates(text)
    from ._vendor_kinds import NFCEncoding

    encoding = get(name)
    assert isinstance(encoding, NFCEncoding)
    return encoding.as_encoded(text, allowed)


def _qwen(name: str, spec: dict[str, Any]) -> VendorEncoding:
    import tiktoken

    from ._shipped import verified

    ranks = _tiktoken_ranks(verified("tokenizers", spec["file"] + ".gz"))
    hidden, unreachable = {}, set(spec["unreachable"])
    for raw, rank in list(ranks.items()):
        if rank in unreachable:
            hidden[rank] = raw
            del ranks[raw]
    core = tiktoken.Encoding(name, pat_str=spec["pattern"], mergeable_ranks=ranks, special_tokens={})
    core.__dict__["_mergeable_ranks"] = _Later(lambda: _tiktoken_ranks(verified("tokenizers", spec["file"] + ".gz")))
    from ._vendor_kinds import NFCEncoding

    return NFCEncoding(core, spec["special_tokens"], hidden, nfc)


def _tekken(name: str, spec: dict[str, Any]) -> tiktoken.Encoding:
    import tiktoken

    enc = tiktoken.Encoding(
        name, pat_str=spec["pattern"], mergeable_ranks=_tekken_ranks(spec), special_tokens=spec["special_tokens"]
    )
    enc.__dict__["_mergeable_ranks"] = _Later(lambda: _tekken_ranks(spec))  # read again only to pickle
    return enc


def _deepseek(name: str, spec: dict[str, Any]) -> VendorEncoding:
    import json

    from tokenizers import Tokenizer

    from ._shipped import DamagedDataError, verified

    # Special-token strings are text unless allowed (JSONEncoding cuts those out), so the tokenizer
    # runs without its added tokens: the JSON's list of them is spliced out as text, which spares
    # reading the whole vocabulary into Python objects only to write it out again.
    raw = verified("tokenizers", spec["file"] + ".gz").decode("utf-8")
    start = raw.index("[", raw.index('"added_tokens"'))
    added, end = json.JSONDecoder().raw_decode(raw, start)
    if {token["content"]: token["id"] for token in added} != spec["special_tokens"]:
        raise DamagedDataError(
            _("tokenlab/data/tokenizers/{name} is not the one described; reinstall tokenlab").format(name=spec["file"])
        )
    tokenizer = Tokenizer.from_str(raw[:start] + "[]" + raw[end:])
    del raw
    from ._vendor_kinds import JSONEncoding

    return JSONEncoding(name, tokenizer, spec["special_tokens"], set(spec["normalized_specials"]))


def _tiktoken_ranks(data: bytes) -> dict[bytes, int]:
    from binascii import a2b_base64

    from ._shipped import DamagedDataError

    fields = data.split()
    if len(fields) % 2:
        raise DamagedDataError(_("a shipped tokenizer file is not a rank file; reinstall tokenlab"))
    return dict(zip(map(a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


def _tekken_ranks(spec: dict[str, Any]) -> dict[bytes, int]:
    """mistral-common's ``_reload_mergeable_ranks``: the first ``ranks`` entries, shifted by ``id_offset``."""
    import json
    from binascii import a2b_base64

    from ._shipped import DamagedDataError, verified

    vocab = json.loads(verified("tokenizers", spec["file"] + ".gz"))["vocab"][: spec["ranks"]]
    offset = spec["id_offset"]
    ranks = {a2b_base64(entry["token_bytes"]): entry["rank"] + offset for entry in vocab}
    if sorted(ranks.values()) != list(range(offset, offset + spec["ranks"])):
        raise DamagedDataError(
            _("tokenlab/data/tokenizers/{name} is not the one described; reinstall tokenlab").format(name=spec["file"])
        )
    return ranks


class _Later(dict[bytes, int]):
    """Ranks read again from the shipped file if anything asks (tiktoken does only to pickle)."""

    def __init__(self, read: Callable[[], dict[bytes, int]]) -> None:
        super().__init__()
        self._read = read

    def _fill(self) -> None:
        if not super().__len__():
            self.update(self._read())

    def __getitem__(self, key: bytes) -> int:
        self._fill()
        return super().__getitem__(key)

    def __iter__(self) -> Any:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __reduce__(self) -> Any:
        self._fill()
        return dict, (dict(self),)


# --- NFC, exactly as Hugging Face tokenizers' NFC (the one Qwen's tokenizer.json runs)

_hf_nfc: Callable[[str], str] | None = None
_unassigned: re.Pattern[str] | None = None


def _unassigned_bmp() -> re.Pattern[str]:
    """The BMP code points this Python's Unicode tables do not know (one fast character set)."""
    global _unassigned
    if _unassigned is None:
        import unicodedata

        category, spans, start = unicodedata.category, [], None
        for c in [*range(0xD800), *range(0xE000, 0x10001)]:
            unknown = c < 0x10000 and category(chr(c)) == "Cn"
            if unknown and start is None:
                start = c
            elif not unknown and start is not None:
                spans.append(f"{re.escape(chr(start))}-{re.escape(chr(c - 1))}")
                start = None
        _unassigned = re.compile("[" + "".join(spans) + "]")
    return _unassigned


def _stable(text: str) -> bool:
    """Whether NFC leaves ``text`` as it is, in any Unicode version: Python's tables say so, and every
    character is one they know (Unicode keeps the NFC of assigned characters the same forever)."""
    if text.isascii():
        return True
    import unicodedata

    if not unicodedata.is_normalized("NFC", text) or _unassigned_bmp().search(text):
        return False
    return max(text) <= "\uffff" or all(unicodedata.category(c) != "Cn" for c in set(text) if c > "\uffff")


# Characters NFC never changes and that never compose with the one before them (ASCII, CJK symbols
# and ideographs). A run of other characters, with the one before it (the first of a composition
# may be ASCII: e + U+0301), is normalized on its own, so offsets map back character by character.
_RUN = "[\x00-\x7f\u3000-\u303f\u4e00-\u9fff]?[^\x00-\x7f\u3000-\u303f\u4e00-\u9fff]+"


def nfc(text: str) -> tuple[str, Callable[[int], int] | None]:
    """NFC of ``text`` as Hugging Face tokenizers computes it, and (when it changed anything) a map
    from each character of the result to its offset in ``text``."""
    if _stable(text):
        return text, None
    global _hf_nfc
    if _hf_nfc is None:
        from tokenizers.normalizers import NFC

        _hf_nfc = NFC().normalize_str
    whole = _hf_nfc(text)
    if whole == text:
        return text, None
    starts: list[int] = []
    out: list[str] = []
    last = 0
    for match in re.finditer(_RUN, text):
        starts += range(last, match.start())
        out.append(text[last : match.start()])
        done = _hf_nfc(match.group())
        starts += _run_starts(match.group(), done, match.start())
        out.append(done)
        last = match.end()
    starts += range(last, len(text))
    out.append(text[last:])
    if "".join(out) != whole:  # a composition across runs: map the whole text as one run
        starts = _run_starts(text, whole, 0)
    return whole, starts.__getitem__


def _run_starts(before: str, after: str, offset: int) -> list[int]:
    """Offsets into ``before`` of each character of ``after``: equal ends map one to one, the changed
    middle to where the change starts."""
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    middle = len(after) - head - tail
    return (
        [offset + i for i in range(head)]
        + [offset + head] * middle
        + [offset + len(before) - tail + i for i in range(tail)]
    )
