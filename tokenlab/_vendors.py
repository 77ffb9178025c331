"""Other vendors' tokenizers, offline: Qwen (Alibaba), DeepSeek and Mistral AI's Tekken.

Each loads once, and only when first used, from files shipped in ``tokenlab/data/tokenizers``
(rebuilt by ``scripts/build_tokenizers.py``), after checking their SHA-256; ``vendors.json`` says
what each is, so that it can be described without loading it.

- ``qwen`` (Qwen 1 to 3) and ``qwen3.6`` (Qwen 3.5 / 3.6): tiktoken over the ``.tiktoken`` ranks
  with Qwen's regex, after NFC as Qwen's tokenizer.json does (see ``_vendor_kinds.NFCEncoding``
  and ``_nfc``).
- ``deepseek_v3`` (DeepSeek V3, R1, V4): Hugging Face ``tokenizers`` on DeepSeek's tokenizer.json.
  Its pre-tokenizer is three regex splits applied one after another, which one tiktoken regex
  cannot reproduce (``"a  1"``: the digit split runs first, so the two spaces stay one piece).
- ``tekken`` (Mistral): a ``tiktoken.Encoding`` (a ``ShippedEncoding``) over the first 130,072 ranks of
  ``tekken_240911.json``, each shifted by the 1,000 control-token ids before them, as
  mistral-common's ``Tekkenizer`` numbers them; the control tokens are its special tokens.

This module does not display or count anything.

>>> get("tekken").encode_ordinary("Hello world")
[22177, 4304]
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias

from ._encode import as_encoded as fixed_surrogates
from ._i18n import _

if TYPE_CHECKING:
    import tiktoken

    from ._offsets import Offsets
    from ._shipped_encoding import Ranks
    from ._vendor_kinds import JSONEncoding, NFCEncoding

    VendorEncoding: TypeAlias = NFCEncoding | JSONEncoding

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


def as_encoded(name: str, text: str, allowed: AbstractSet[str]) -> tuple[str, Offsets]:
    """The text ``name`` really encodes, and ``Offsets`` from it back to ``text``'s."""
    if manifest(name).get("normalizer") != "NFC":
        return fixed_surrogates(text)
    from ._vendor_kinds import NFCEncoding

    encoding = get(name)
    assert isinstance(encoding, NFCEncoding)
    return encoding.as_encoded(text, allowed)


def _qwen(name: str, spec: dict[str, Any]) -> VendorEncoding:
    from ._nfc import nfc
    from ._vendor_kinds import NFCEncoding

    ranks = _tiktoken_ranks(spec["file"])
    hidden, unreachable = {}, set(spec["unreachable"])
    for raw, rank in list(ranks.items()):
        if rank in unreachable:
            hidden[rank] = raw
            del ranks[raw]
    return NFCEncoding(
        name,
        pat_str=spec["pattern"],
        mergeable_ranks=ranks,
        special_tokens=spec["special_tokens"],
        hidden=hidden,
        read_ranks=partial(_tiktoken_ranks, spec["file"]),
        nfc=nfc,
    )


def _tekken(name: str, spec: dict[str, Any]) -> tiktoken.Encoding:
    from ._shipped_encoding import ShippedEncoding

    return ShippedEncoding(
        name,
        pat_str=spec["pattern"],
        mergeable_ranks=_tekken_ranks(spec),
        special_tokens=spec["special_tokens"],
        read_ranks=partial(_tekken_ranks, spec),
        end_of_text="</s>",
    )


# Where DeepSeek's pre-tokenizer certainly cuts, whatever comes before or after (so a long text can
# be encoded a piece at a time): its three splits are digits in threes, runs of CJK, then a GPT-4
# style regex; none reaches across a space between two letters (the letter run before it ends
# there, and the space starts the next word), nor across either end of a run of CJK.
_DEEPSEEK_CUT = r"(?<=\p{L}) (?=\p{L})|(?<![{cjk}])(?=[{cjk}])|(?<=[{cjk}])(?![{cjk}])"
_DEEPSEEK_CJK = "[一-龥぀-ゟ゠-ヿ]+"  # the second split, as vendors.json gives it (a test checks)


def _deepseek(name: str, spec: dict[str, Any]) -> VendorEncoding:
    import json

    from tokenizers import Tokenizer

    from ._shipped import damaged, verified
    from ._vendor_kinds import JSONEncoding

    # Special-token strings are text unless allowed (JSONEncoding cuts those out), so the tokenizer
    # runs without its added tokens: the JSON's list of them is spliced out as text, which spares
    # reading the whole vocabulary into Python objects only to write it out again.
    raw = verified("tokenizers", spec["file"] + ".gz").decode("utf-8")
    start = raw.index("[", raw.index('"added_tokens"'))
    added, end = json.JSONDecoder().raw_decode(raw, start)
    if {token["content"]: token["id"] for token in added} != spec["special_tokens"]:
        raise damaged("tokenizers", spec["file"] + ".gz", _("is not the one vendors.json describes"))
    tokenizer = Tokenizer.from_str(raw[:start] + "[]" + raw[end:])
    del raw
    cjk = _DEEPSEEK_CJK[1:-2]
    safe = spec["patterns"][1] == _DEEPSEEK_CJK and len(spec["patterns"]) == 3
    return JSONEncoding(
        name,
        tokenizer,
        spec["special_tokens"],
        set(spec["normalized_specials"]),
        safe_cut=_DEEPSEEK_CUT.replace("{cjk}", cjk) if safe else r"(?!)",
        end_of_text="<｜end▁of▁sentence｜>",
    )


def _tiktoken_ranks(filename: str) -> Ranks:
    from binascii import a2b_base64

    from ._shipped import damaged, verified
    from ._shipped_encoding import Ranks

    fields = verified("tokenizers", filename + ".gz").split()
    if len(fields) % 2:
        raise damaged("tokenizers", filename + ".gz", _("is not a rank file"))
    return Ranks(zip(map(a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


def _tekken_ranks(spec: dict[str, Any]) -> Ranks:
    """mistral-common's ``_reload_mergeable_ranks``: the first ``ranks`` entries, shifted by ``id_offset``."""
    from binascii import a2b_base64

    from ._shipped import damaged, shipped_json
    from ._shipped_encoding import Ranks

    vocab = shipped_json("tokenizers", spec["file"] + ".gz")["vocab"][: spec["ranks"]]
    offset = spec["id_offset"]
    ranks = Ranks((a2b_base64(entry["token_bytes"]), entry["rank"] + offset) for entry in vocab)
    if sorted(ranks.values()) != list(range(offset, offset + spec["ranks"])):
        raise damaged("tokenizers", spec["file"] + ".gz", _("is not the one vendors.json describes"))
    return ranks


def nfc(text: str) -> tuple[str, Offsets]:
    """NFC of ``text`` as Hugging Face tokenizers computes it, and ``Offsets`` back (see ``_nfc``)."""
    from ._nfc import nfc as exact

    return exact(text)
