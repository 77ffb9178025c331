"""Each private part of tiktoken that tokenlab relies on, checked, so that an upgrade that moves
one fails here, loudly, and not somewhere in a lesson. pyproject.toml pins tiktoken's minor versions;
widen the pin only once these pass on the new version."""

from __future__ import annotations

import inspect

import tiktoken
from tiktoken_ext import openai_public

import tokenlab


def test_each_constructor_loads_its_ranks_through_the_module_global_loader():
    # _shipped.openai_encoding runs each constructor with its own globals, holding our loader.
    for name in tokenlab.encodings("openai"):
        constructor = openai_public.ENCODING_CONSTRUCTORS[name]
        assert constructor.__module__ == openai_public.__name__
        assert "load_tiktoken_bpe" in constructor.__code__.co_names or any(
            other in constructor.__code__.co_names for other in ("o200k_base", "p50k_base", "r50k_base")
        )


def test_an_encoding_reads_its_python_ranks_only_to_build_its_core_and_to_pickle():
    # _shipped.load_openai puts a mapping that reads the file again in place of the dict.
    source = inspect.getsource(tiktoken.Encoding)
    assert source.count("self._mergeable_ranks") == 2  # stored in __init__, read by __getstate__
    assert "self._mergeable_ranks = mergeable_ranks" in source
    assert '"mergeable_ranks": self._mergeable_ranks' in inspect.getsource(tiktoken.Encoding.__getstate__)


def test_an_encoding_keeps_its_specials_and_pattern_and_decodes_single_tokens():
    enc = tokenlab.get_encoding("cl100k_base")
    assert enc._special_tokens["<|endoftext|>"] == 100257 and isinstance(enc._pat_str, str)
    assert enc.decode_single_token_bytes(9906) == b"Hello"
    try:  # an id no token uses: registry.token_bytes maps it to b""
        enc.decode_single_token_bytes(100261)
    except KeyError:
        pass
    else:
        raise AssertionError("tiktoken decoded an id no token uses")


def test_explain_can_ask_an_encoding_for_ranks_and_pieces():
    # explain asks encode_single_token for ranks (KeyError: no token) and _encode_single_piece for
    # a piece too long to replay; it splits with _pat_str and the regex module, as tiktoken does.
    enc = tokenlab.get_encoding("cl100k_base")
    assert enc.encode_single_token(b"Hello") == 9906
    try:
        enc.encode_single_token(b"Hello world, no such token")
    except KeyError:
        pass
    else:
        raise AssertionError("encode_single_token should raise KeyError for bytes that are no token")
    assert enc._encode_single_piece(b" tokenization") == enc.encode_ordinary(" tokenization")
    assert enc.decode_single_token_bytes(9906) == b"Hello" and enc.max_token_value == 100276


def test_the_python_regex_path_exists_and_agrees():
    enc = tokenlab.get_encoding("o200k_base")
    assert enc._encode_only_native_bpe("Hello world") == enc.encode_ordinary("Hello world")


def test_the_teaching_bpe_is_there():
    from tiktoken import _educational

    assert {"bpe_train", "bpe_encode"} <= set(dir(_educational))
    assert "visualise" in inspect.signature(_educational.bpe_encode).parameters


def test_a_rust_panic_surfaces_as_pyo3s_panic_exception():
    # _encode.unless_tiktoken_overflowed recognises it by this name.
    from tokenlab._encode import unless_tiktoken_overflowed

    class PanicException(BaseException):
        pass

    unless_tiktoken_overflowed(PanicException())  # swallowed: the caller falls back
    assert tiktoken.__version__.split(".")[:2] in (["0", "11"], ["0", "12"], ["0", "13"], ["0", "14"])


def test_the_core_encodes_into_a_buffer_of_4_byte_ids_as_ordinary_text_when_nothing_is_allowed():
    # _encode.count_ordinary counts long texts in this buffer instead of a list of Python ints. It
    # reads only nbytes: the buffer's shape counts bytes, not ids (read it as tiktoken does, with
    # numpy.frombuffer, never with memoryview.tolist, which would read past its end).
    import numpy as np

    enc = tokenlab.get_encoding("cl100k_base")
    text = "Hello <|endoftext|> 你好"
    buffer = enc._core_bpe.encode_to_tiktoken_buffer(text, set())
    assert memoryview(buffer).nbytes == 4 * len(enc.encode_ordinary(text))
    assert np.frombuffer(buffer, dtype=np.uint32).tolist() == enc.encode_ordinary(text)
