"""Every encoding tokenlab serves is a drop-in ``tiktoken.Encoding``: each method of tiktoken's public
interface, called with the same arguments, returns what tiktoken's would or raises the error type
tiktoken's raises. The oracle is tiktoken's own o200k_base (loaded by tiktoken, see conftest.py).

DeepSeek's tokenizer runs a tokenizer.json, not tiktoken's core: it has no ``encode_with_unstable``
(``NotImplementedError``, saying why), and none of tiktoken's private hooks. Those are the only
differences, and they are listed here.
"""

from __future__ import annotations

import copy
import pickle

import pytest
import tiktoken
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab import registry

NAMES = list(tokenlab.encodings())
NOT_TIKTOKEN_CORE = {"deepseek_v3": {"encode_with_unstable": NotImplementedError}}

CASES = {
    "encode": lambda e: e.encode("hello <|endoftext|>", disallowed_special=()),
    "encode bytes": lambda e: e.encode(b"hello"),
    "encode None": lambda e: e.encode(None),
    "encode an int": lambda e: e.encode(5),
    "encode allowed list": lambda e: e.encode("hi", allowed_special=["x"]),
    "encode allowed tuple": lambda e: e.encode("hi", allowed_special=()),
    "encode allowed str": lambda e: e.encode("hi", allowed_special="<|x|>"),
    "encode allowed None": lambda e: e.encode("hi", allowed_special=None),
    "encode allowed unknown set": lambda e: e.encode("hi", allowed_special={"<nope>"}),
    "encode allowed list, nothing disallowed": lambda e: e.encode("hi", allowed_special=["x"], disallowed_special=()),
    "encode allowed frozenset": lambda e: e.encode("hi", allowed_special=frozenset()),
    "encode disallowed list": lambda e: e.encode("hi", disallowed_special=["hi"]),
    "encode disallowed str": lambda e: e.encode("hi there", disallowed_special="hi"),
    "encode disallowed None": lambda e: e.encode("hi", disallowed_special=None),
    "encode positional allowed": lambda e: e.encode("hi", "all"),
    "encode_ordinary": lambda e: e.encode_ordinary("hello world"),
    "encode_ordinary bytes": lambda e: e.encode_ordinary(b"hi"),
    "encode_ordinary None": lambda e: e.encode_ordinary(None),
    "encode_ordinary lone surrogate": lambda e: e.encode_ordinary("a\ud800b"),
    "encode_batch": lambda e: e.encode_batch(["hi", "yo"]),
    "encode_batch of a str": lambda e: e.encode_batch("hi"),
    "encode_batch of bytes": lambda e: e.encode_batch([b"hi"]),
    "encode_ordinary_batch": lambda e: e.encode_ordinary_batch(["hi", ""]),
    "encode_to_numpy": lambda e: e.encode_to_numpy("hi"),
    "encode_to_numpy bytes": lambda e: e.encode_to_numpy(b"hi"),
    "encode_with_unstable": lambda e: e.encode_with_unstable("hello fan"),
    "encode_single_token": lambda e: e.encode_single_token("hello"),
    "encode_single_token bytes": lambda e: e.encode_single_token(b"hello"),
    "encode_single_token no token": lambda e: e.encode_single_token("hello world, no such token"),
    "encode_single_token empty": lambda e: e.encode_single_token(""),
    "encode_single_token int": lambda e: e.encode_single_token(5),
    "encode_single_token None": lambda e: e.encode_single_token(None),
    "encode_single_token bytearray": lambda e: e.encode_single_token(bytearray(b"a")),
    "decode": lambda e: e.decode(e.encode_ordinary("hello")),
    "decode -1": lambda e: e.decode([-1]),
    "decode an unused id": lambda e: e.decode([10**9]),
    "decode n_vocab": lambda e: e.decode([e.n_vocab]),
    "decode 2**40": lambda e: e.decode([2**40]),
    "decode 2**70": lambda e: e.decode([2**70]),
    "decode a str": lambda e: e.decode("abc"),
    "decode None": lambda e: e.decode(None),
    "decode a float": lambda e: e.decode([1.0]),
    "decode a bool": lambda e: e.decode([True]),
    "decode a tuple": lambda e: e.decode((1, 2)),
    "decode an iterator": lambda e: e.decode(iter([1, 2])),
    "decode strict": lambda e: e.decode(e.encode_ordinary("hé"), errors="strict"),
    "decode strict half a character": lambda e: e.decode([e.encode_single_token(b"\xe4")], errors="strict"),
    "decode_bytes": lambda e: e.decode_bytes([1, 2]),
    "decode_bytes -1": lambda e: e.decode_bytes([-1]),
    "decode_bytes an unused id": lambda e: e.decode_bytes([10**9]),
    "decode_single_token_bytes": lambda e: e.decode_single_token_bytes(1),
    "decode_single_token_bytes -1": lambda e: e.decode_single_token_bytes(-1),
    "decode_single_token_bytes an unused id": lambda e: e.decode_single_token_bytes(10**9),
    "decode_single_token_bytes 2**70": lambda e: e.decode_single_token_bytes(2**70),
    "decode_single_token_bytes a str": lambda e: e.decode_single_token_bytes("1"),
    "decode_single_token_bytes a float": lambda e: e.decode_single_token_bytes(1.0),
    "decode_single_token_bytes None": lambda e: e.decode_single_token_bytes(None),
    "decode_tokens_bytes": lambda e: e.decode_tokens_bytes([1, 2]),
    "decode_tokens_bytes -1": lambda e: e.decode_tokens_bytes([-1]),
    "decode_with_offsets": lambda e: e.decode_with_offsets(e.encode_ordinary("hello 你好")),
    "decode_with_offsets an unused id": lambda e: e.decode_with_offsets([10**9]),
    "decode_batch": lambda e: e.decode_batch([[1], [2]]),
    "decode_batch an unused id": lambda e: e.decode_batch([[10**9]]),
    "decode_bytes_batch": lambda e: e.decode_bytes_batch([[1]]),
    "token_byte_values": lambda e: e.token_byte_values()[:3],
    "is_special_token": lambda e: e.is_special_token(1),
    "is_special_token a str": lambda e: e.is_special_token("x"),
    "is_special_token -1": lambda e: e.is_special_token(-1),
    "eot_token": lambda e: e.eot_token,
    "n_vocab": lambda e: e.n_vocab,
    "max_token_value": lambda e: e.max_token_value,
    "special_tokens_set": lambda e: e.special_tokens_set,
    "name": lambda e: e.name,
    "repr": lambda e: repr(e),
    "pickle": lambda e: pickle.loads(pickle.dumps(e)).encode_ordinary("hello"),
    "copy": lambda e: copy.copy(e).encode_ordinary("hello"),
    "deepcopy": lambda e: copy.deepcopy(e).encode_ordinary("hello"),
}


def _outcome(call, enc):
    try:
        return type(call(enc))
    except Exception as error:  # the type is what is compared; tokenlab's own messages are clearer
        return type(error)


@pytest.fixture(scope="module")
def oracle(reference):
    enc = reference("o200k_base")
    return {case: _outcome(call, enc) for case, call in CASES.items()}


@pytest.mark.parametrize("name", NAMES)
def test_every_method_does_what_tiktokens_does_with_the_same_arguments(oracle, name):
    enc = tokenlab.get_encoding(name)
    expected = {**oracle, **NOT_TIKTOKEN_CORE.get(name, {})}
    got = {case: _outcome(call, enc) for case, call in CASES.items()}
    assert {c: t.__name__ for c, t in got.items()} == {c: t.__name__ for c, t in expected.items()}


@pytest.mark.parametrize("name", NAMES)
def test_every_encoding_is_a_tiktoken_encoding_but_deepseeks(name):
    enc = tokenlab.get_encoding(name)
    assert isinstance(enc, tiktoken.Encoding) == (name != "deepseek_v3")
    assert type(copy.copy(enc)) is type(enc) and copy.copy(enc).name == name
    assert isinstance(enc.eot_token, int) and enc.decode_single_token_bytes(enc.eot_token)
    assert enc.decode_single_token_bytes(enc.eot_token).decode() in enc.special_tokens_set


@pytest.mark.parametrize("name", NAMES)
def test_errors_are_ours_and_short_where_tokenlab_raises_them(name):
    enc = tokenlab.get_encoding(name)
    for call in (lambda: enc.decode([enc.n_vocab + 10]), lambda: enc.encode(b"x"), lambda: enc.decode([-1])):
        with pytest.raises(Exception) as caught:
            call()
        assert "\n" not in str(caught.value)


@settings(max_examples=60)
@given(st.sampled_from(NAMES), st.integers(-(2**70), 2**70) | st.integers(-5, 300_000))
def test_an_id_decodes_or_raises_as_tiktoken_decides(name, token):
    enc = tokenlab.get_encoding(name)
    if not 0 <= token < 2**32:
        expected: type = OverflowError
    else:
        expected = bytes if _valid(name, token) else KeyError
    assert _outcome(lambda e: e.decode_single_token_bytes(token), enc) is expected
    assert _outcome(lambda e: e.decode([token]), enc) is (str if expected is bytes else expected)


def _valid(name: str, token: int) -> bool:
    """Whether ``token`` is an id of ``name`` (from tokenlab's table of each id's bytes)."""
    return token < registry.encoding_info(name).n_vocab and bool(registry.token_bytes(name)[token])


def test_the_rule_for_ids_is_tiktokens(reference):
    theirs = reference("cl100k_base")
    for token, expected in ((-1, OverflowError), (100_261, KeyError), (2**32, OverflowError), (9906, bytes)):
        assert _outcome(lambda e, token=token: e.decode_single_token_bytes(token), theirs) is expected


def test_deepseeks_borrowed_methods_are_tiktokens_own_python():
    # JSONEncoding takes these from tiktoken.Encoding: they must use only the public methods it has.
    from tokenlab._vendor_kinds import JSONEncoding

    for method in ("encode_batch", "encode_ordinary_batch", "decode_tokens_bytes", "decode_with_offsets",
                   "decode_batch", "decode_bytes_batch", "is_special_token"):  # fmt: skip
        code = getattr(tiktoken.Encoding, method).__code__
        assert getattr(JSONEncoding, method).__code__ is code
        assert "_core_bpe" not in code.co_names and "_mergeable_ranks" not in code.co_names, method
