"""tiktoken's own public tests, run against tokenlab's encodings.

Re-expressed from the public test suite of tiktoken (https://github.com/openai/tiktoken, MIT License,
Copyright (c) 2022 OpenAI, Shantanu Jain), version 0.14.0, commit 4e71bbe0c078468e00fefbf94b39849389f346e5:
tests/test_encoding.py, test_offsets.py, test_pickle.py, test_misc.py and test_simple_public.py. Each
test below names the one it re-expresses. Where tiktoken's test names one encoding, the same encoding
of tokenlab's is used; where it runs over a list of encodings, it runs over every encoding tokenlab
serves, OpenAI's and the other vendors'. Two differences are by design and said where they apply:
Qwen's tokenizers apply NFC before encoding (so a round trip gives the text NFC'd), and DeepSeek's is
not tiktoken's core (no private ``_encode_bytes``, no ``_pat_str`` to extend it with). tiktoken's
``gpt2`` encoding is tokenlab's ``r50k_base`` (the same ranks, pattern and special token).
Hypothesis runs fewer examples than tiktoken's 100, to keep the suite quick.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest
import tiktoken
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab import registry

NAMES = list(tokenlab.encodings())
TIKTOKEN_CORE = [n for n in NAMES if n != "deepseek_v3"]  # those with tiktoken's private hooks


def enc(name: str):
    return tokenlab.get_encoding(name)


def encoded(name: str, text: str) -> str:
    """The text an encoding really encodes: the text itself, NFC'd for Qwen's."""
    return registry.as_encoded(name, text, "all")[0]


# --- tests/test_encoding.py


def test_simple():
    gpt2 = enc("r50k_base")
    assert gpt2.encode("hello world") == [31373, 995]
    assert gpt2.decode([31373, 995]) == "hello world"
    assert gpt2.encode("hello <|endoftext|>", allowed_special="all") == [31373, 220, 50256]
    cl100k = enc("cl100k_base")
    assert cl100k.encode("hello world") == [15339, 1917]
    assert cl100k.decode([15339, 1917]) == "hello world"
    assert cl100k.encode("hello <|endoftext|>", allowed_special="all") == [15339, 220, 100257]
    for name in tokenlab.encodings("openai"):  # tiktoken.list_encoding_names(); every encoding: below
        e = enc(name)
        tokens = range(min(10_000, e.max_token_value - 1))
        assert list(map(e.encode_single_token, map(e.decode_single_token_bytes, tokens))) == list(tokens)


def test_simple_repeated():
    gpt2 = enc("r50k_base")
    expected = {1: [15], 2: [405], 3: [830], 4: [2388], 5: [20483], 6: [10535], 7: [24598], 8: [8269],
                9: [10535, 830], 10: [8269, 405], 11: [8269, 830], 12: [8269, 2388], 13: [8269, 20483],
                14: [8269, 10535], 15: [8269, 24598], 16: [25645], 17: [8269, 10535, 830]}  # fmt: skip
    assert {n: gpt2.encode("0" * n) for n in expected} == expected


def test_large_repeated():
    assert enc("o200k_base").encode("x" * 1_000_000)


def test_simple_regex():
    cl100k = enc("cl100k_base")
    assert cl100k.encode("rer") == [38149]
    assert cl100k.encode("'rer") == [2351, 81]
    assert cl100k.encode("today\n ") == [31213, 198, 220]
    assert cl100k.encode("today\n \n") == [31213, 27907]
    assert cl100k.encode("today\n  \n") == [31213, 14211]


def test_basic_encode():
    assert enc("r50k_base").encode("hello world") == [31373, 995]
    assert enc("p50k_base").encode("hello world") == [31373, 995]
    assert enc("cl100k_base").encode("hello world") == [15339, 1917]
    assert enc("cl100k_base").encode(" \x850") == [220, 126, 227, 15]


@pytest.mark.parametrize("name", NAMES)
def test_encode_empty(name):
    assert enc(name).encode("") == []


def test_encode_bytes():
    cl100k = enc("cl100k_base")
    assert cl100k._encode_bytes(b" \xec\x8b\xa4\xed") == [62085]
    for i in range(10):
        assert cl100k.decode_bytes(cl100k._encode_bytes(b"\x80" * i)) == b"\x80" * i


@pytest.mark.parametrize("name", TIKTOKEN_CORE)
@settings(max_examples=25)
@given(bytestring=st.binary())
def test_hyp_encode_bytes(name, bytestring):
    e = enc(name)
    assert e.decode_bytes(e._encode_bytes(bytestring)) == bytestring


@pytest.mark.parametrize("name", NAMES)
def test_encode_surrogate_pairs(name):
    e = enc(name)
    if name == "cl100k_base":
        assert e.encode("👍") == [9468, 239, 235]
    assert e.encode("\ud83d\udc4d") == e.encode("👍")  # a surrogate pair is its code point
    assert e.encode("\ud83d") == e.encode("�")  # a lone surrogate is replaced


@pytest.mark.parametrize("name", NAMES)
def test_catastrophically_repetitive(name):
    e = enc(name)
    for c in ["^", "0", "a", "'s", " ", "\n"]:
        big = c * 10_000
        assert big == e.decode(e.encode(big))
        big = " " + big
        assert big == e.decode(e.encode(big))
        big = big + "\n"
        assert big == e.decode(e.encode(big))


@pytest.mark.parametrize("name", NAMES)
def test_basic_roundtrip(name):
    e = enc(name)
    for value in (
        "hello",
        "hello ",
        "hello  ",
        " hello",
        " hello ",
        " hello  ",
        "hello world",
        "请考试我的软件！12345",
    ):
        assert value == e.decode(e.encode(value))
        assert value == e.decode(e.encode_ordinary(value))


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=25)
@given(text=st.text())
def test_hyp_roundtrip(name, text):
    assert encoded(name, text) == enc(name).decode(enc(name).encode(text))  # Qwen's: the text NFC'd


@pytest.mark.parametrize("name", NAMES)
def test_single_token_roundtrip(name):
    # Every fifth id (tiktoken's test takes them all), every special token and every token no merge
    # makes, looked up again by its bytes. tokenlab's table maps an id no token uses to b"".
    e, table = enc(name), registry.token_bytes(name)
    ids = {*range(0, e.n_vocab, 5), *map(e.encode_single_token, e.special_tokens_set), *_never_merged(e)}
    tokens = sorted(t for t in ids if table[t])
    assert list(map(e.encode_single_token, map(e.decode_single_token_bytes, tokens))) == tokens


def test_special_token():
    cl100k = enc("cl100k_base")
    eot = cl100k.encode_single_token("<|endoftext|>")
    assert eot == cl100k.eot_token
    fip = cl100k.encode_single_token("<|fim_prefix|>")
    fim = cl100k.encode_single_token("<|fim_middle|>")

    text = "<|endoftext|> hello <|fim_prefix|>"
    assert eot not in cl100k.encode(text, disallowed_special=())
    for disallowed in ("all", {"<|endoftext|>"}, {"<|fim_prefix|>"}):
        with pytest.raises(ValueError):
            cl100k.encode(text, disallowed_special=disallowed)
    with pytest.raises(ValueError):
        cl100k.encode(text)

    text = "<|endoftext|> hello <|fim_prefix|> there <|fim_middle|>"
    found = {tuple(s in cl100k.encode(text, disallowed_special=()) for s in (eot, fip, fim))}
    assert found == {(False, False, False)}
    for disallowed in ((), "all"):
        tokens = cl100k.encode(text, allowed_special="all", disallowed_special=disallowed)
        assert eot in tokens and fip in tokens and fim in tokens
    for allowed, which in (("<|fim_prefix|>", fip), ("<|endoftext|>", eot), ("<|fim_middle|>", fim)):
        tokens = cl100k.encode(text, allowed_special={allowed}, disallowed_special=())
        assert [t in tokens for t in (eot, fip, fim)] == [t == which for t in (eot, fip, fim)]


@pytest.mark.parametrize("name", NAMES)
def test_special_tokens_of_every_encoding_are_refused_allowed_or_text_as_tiktoken_does(name):
    # test_special_token, on each encoding's own special tokens.
    e = enc(name)
    first, *more = sorted(e.special_tokens_set)
    second = more[0] if more else "<|nothing special|>"
    text = f"{first} hello {second}"
    with pytest.raises(ValueError):
        e.encode(text)
    ids = e.encode(text, allowed_special={first}, disallowed_special=())
    assert e.encode_single_token(first) in ids and (not more or e.encode_single_token(second) not in ids)
    assert e.encode(text, allowed_special="all") == e.encode(text, allowed_special="all", disallowed_special=())


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=25)
@given(text=st.text())
def test_hyp_special_ordinary(name, text):
    assert enc(name).encode_ordinary(text) == enc(name).encode(text, disallowed_special=())


@pytest.mark.parametrize("name", NAMES)
def test_batch_encode(name):
    e = enc(name)
    text1, text2 = "hello world", "goodbye world"
    assert e.encode_batch([text1]) == [e.encode(text1)]
    assert e.encode_batch([text1, text2]) == [e.encode(text1), e.encode(text2)]
    assert e.encode_ordinary_batch([text1]) == [e.encode_ordinary(text1)]
    assert e.encode_ordinary_batch([text1, text2]) == [e.encode_ordinary(text1), e.encode_ordinary(text2)]


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=15)
@given(batch=st.lists(st.text(), max_size=5))
def test_hyp_batch_roundtrip(name, batch):
    e = enc(name)
    encoded_batch = e.encode_batch(batch, allowed_special="all")
    assert encoded_batch == [e.encode(t, allowed_special="all") for t in batch]
    assert e.decode_batch(encoded_batch) == [encoded(name, t) for t in batch]


def _never_merged(e) -> frozenset[int]:
    found: frozenset[int] = getattr(e, "never_merged", frozenset())
    return found


# --- tests/test_offsets.py


def _common_prefix_len(a: str, b: str) -> int:
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    return i


def _token_offsets_reference(e, tokens: list[int]) -> list[int]:
    text = e.decode(tokens, errors="strict")
    return [_common_prefix_len(text, e.decode(tokens[:i], errors="ignore")) for i in range(len(tokens))]


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=20)
@given(data=st.data())
def test_hyp_offsets(name, data):
    e, table = enc(name), registry.token_bytes(name)
    tokens = data.draw(st.lists(st.integers(0, e.n_vocab - 1).filter(table.__getitem__), min_size=1, max_size=20))
    tokens = e.encode(e.decode(tokens, errors="ignore"), allowed_special="all")  # valid UTF-8, as tiktoken's
    assert e.decode_with_offsets(tokens)[1] == _token_offsets_reference(e, tokens)


def test_basic_offsets():
    cl100k = enc("cl100k_base")
    for prompt, offsets in (
        ("hello world", [0, 5]),
        ("hello world<|endoftext|> green cow", [0, 5, 11, 24, 30]),
        ("我非常渴望与人工智能一起工作", [0, 1, 2, 3, 3, 4, 4, 5, 6, 7, 8, 8, 9, 10, 11, 12, 13]),
        ("நடிகர் சூர்யா", [0, 0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 8, 8, 9, 9, 10, 11, 12, 12]),
        (" Ġ除", [0, 1]),
    ):
        assert cl100k.decode_with_offsets(cl100k.encode(prompt, allowed_special="all")) == (prompt, offsets)


# --- tests/test_pickle.py


@pytest.mark.parametrize("name", NAMES)
def test_pickle(name):
    old = enc(name)
    new = pickle.loads(pickle.dumps(old))
    assert old.encode("hello world") == new.encode("hello world")


@pytest.mark.parametrize("name", ["r50k_base"])  # building a core from 200,000 ranks takes seconds: one is enough
def test_pickle_of_an_encoding_extended_as_tiktoken_documents(name):
    old = enc(name)
    custom = tiktoken.Encoding(
        name="custom_enc",
        pat_str=old._pat_str,
        mergeable_ranks=old._mergeable_ranks,
        special_tokens={"<|pickle|>": 1_000_000},
    )
    new = pickle.loads(pickle.dumps(custom))
    assert custom.encode("hello world") == new.encode("hello world") == old.encode("hello world")
    assert custom.encode("<|pickle|>", allowed_special="all") == new.encode("<|pickle|>", allowed_special="all")
    assert new.encode("<|pickle|>", allowed_special="all") == [1_000_000]


@pytest.mark.parametrize("name", TIKTOKEN_CORE)
def test_every_tiktoken_encodings_ranks_are_a_dict_to_extend_it_with(name):
    ranks = enc(name)._mergeable_ranks
    assert isinstance(ranks, dict) and len(ranks) == registry.encoding_info(name).ranks
    sample = list(ranks.items())[:: len(ranks) // 50]
    assert all(enc(name).decode_single_token_bytes(rank) == raw for raw, rank in sample)


# --- tests/test_misc.py and tests/test_simple_public.py


def test_encoding_for_model():
    assert tokenlab.encoding_for_model("gpt2") == "r50k_base"  # tiktoken's "gpt2": the same ranks and pattern
    assert tokenlab.encoding_for_model("text-davinci-003") == "p50k_base"
    assert tokenlab.encoding_for_model("text-davinci-edit-001") == "p50k_edit"
    assert tokenlab.encoding_for_model("gpt-3.5-turbo-0301") == "cl100k_base"
    assert tokenlab.encoding_for_model("gpt-4") == "cl100k_base"
    assert tokenlab.encoding_for_model("gpt-4o") == "o200k_base"
    assert tokenlab.encoding_for_model("gpt-oss-120b") == "o200k_harmony"


def test_optional_blobfile_dependency():
    code = "import sys, tokenlab; tokenlab.count('hi'); assert 'blobfile' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
