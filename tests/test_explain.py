"""explain: the merges behind a token, checked step by step against tiktoken's teaching BPE and
token by token against tiktoken itself (its own Encoding, built by tiktoken from a local cache)."""

from __future__ import annotations

import ast
import contextlib
import io

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st
from tiktoken._educational import bpe_encode

import tokenlab
from tokenlab import _merge_tree
from tokenlab.explain import MAX_PIECE_BYTES, MAX_PIECES, explain

from .strategies import clean_texts, texts
from .test_render import parse

ENCODINGS = ["r50k_base", "cl100k_base", "o200k_base"]


def reference_states(ranks: dict[bytes, int], piece: bytes) -> list[list[bytes]]:
    """The parts before each merge and at the end, as tiktoken._educational.bpe_encode prints them."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bpe_encode(ranks, piece, visualise="simple")
    return [ast.literal_eval(line) for line in out.getvalue().splitlines() if line.strip()]


def our_states(piece) -> list[list[bytes]]:
    parts = [bytes([b]) for b in piece.raw]
    states = [list(parts)]
    for step in piece.steps:
        assert parts[step.at] == step.left and parts[step.at + 1] == step.right
        parts[step.at : step.at + 2] = [step.result]
        states.append(list(parts))
    return states


@given(text=texts, name=st.sampled_from(ENCODINGS))
def test_each_step_is_the_merge_tiktokens_teaching_bpe_makes_next(reference, text, name):
    ranks = reference(name)._mergeable_ranks
    for piece in explain(text, encoding=name).pieces:
        if piece.explained:
            assert our_states(piece) == reference_states(ranks, piece.raw)
            assert all(ranks[s.result] == s.rank for s in piece.steps)


@given(text=texts, name=st.sampled_from(ENCODINGS))
def test_the_pieces_are_tiktokens_split_and_their_tokens_tiktokens_tokens(reference, text, name):
    e = explain(text, encoding=name)
    enc = reference(name)
    if not e.pieces:
        assert enc.encode_ordinary(text) == []
        return
    clean = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    assert [p.text for p in e.pieces] == regex.findall(enc._pat_str, clean)[:MAX_PIECES]
    for piece in e.pieces:
        assert list(piece.ids) == enc._encode_single_piece(piece.raw)
    if not e.cut:
        assert e.ids == enc.encode_ordinary(text)


@given(text=clean_texts, name=st.sampled_from(ENCODINGS))
def test_piece_offsets_cut_the_text_into_its_pieces(text, name):
    e = explain(text, encoding=name)
    assert "".join(text[p.start : p.end] for p in e.pieces) == text[: e.pieces[-1].end if e.pieces else 0]


@given(data=st.data(), name=st.sampled_from(ENCODINGS))
def test_every_token_is_built_from_its_bytes_by_its_merges(reference, data, name):
    ranks = reference(name)._mergeable_ranks
    token = data.draw(st.sampled_from(sorted(ranks.values())))
    e = explain(token, encoding=name)
    (piece,) = e.pieces
    assert e.ids == [token] and piece.raw == reference(name).decode_single_token_bytes(token)
    assert piece.parts == [piece.raw] and not piece.direct
    assert our_states(piece) == reference_states(ranks, piece.raw)


def test_a_tokens_steps_start_from_single_bytes_with_their_ranks():
    e = explain(9906, encoding="cl100k_base")  # 'Hello'
    assert [(s.left, s.right, s.result) for s in e.steps] == [
        (b"e", b"l", b"el"),
        (b"l", b"o", b"lo"),
        (b"el", b"lo", b"ello"),
        (b"H", b"ello", b"Hello"),
    ]
    assert [s.rank for s in e.steps] == sorted(s.rank for s in e.steps) and e.steps[-1].rank == 9906
    enc = tokenlab.get_encoding("cl100k_base")
    assert e.pieces[0].byte_ranks == tuple(enc.encode_single_token(bytes([b])) for b in b"Hello")


def test_the_longest_tokens_explain_quickly_and_draw_in_full():
    enc = tokenlab.get_encoding("o200k_base")
    longest = max(range(enc.n_vocab - 300), key=lambda i: len(enc.decode_single_token_bytes(i)))
    e = explain(longest, encoding="o200k_base")
    assert len(e.pieces[0].raw) == 128 and e.ids == [longest]
    html = e.to_html()
    assert html.count("· step ") == len(e.steps) and "dashed" not in html


def test_a_special_token_is_not_made_by_merges():
    e = explain(100257, encoding="cl100k_base")
    assert e.special and e.steps == [] and e.ids == [100257]
    assert "special token" in e.to_html() and "<|endoftext|>" not in e.to_html()
    assert "special token" in e.to_text()


def test_special_token_text_is_explained_as_text():
    e = explain("<|endoftext|>", encoding="cl100k_base")
    assert e.ids == tokenlab.get_encoding("cl100k_base").encode_ordinary("<|endoftext|>") and len(e.pieces) > 1


@pytest.mark.parametrize(
    ("what", "options", "error", "match"),
    [
        (10**9, {"encoding": "cl100k_base"}, ValueError, "cl100k_base has no token 1000000000"),
        (-1, {}, ValueError, "has no token -1"),
        (True, {}, TypeError, "not bool"),
        (b"hi", {}, TypeError, "decode it first"),
        (1.5, {}, TypeError, "a text .str. or a token id .int."),
        ("hi", {"encoding": "nope"}, ValueError, "unknown encoding 'nope'"),
    ],
)
def test_bad_input_is_a_clear_error(what, options, error, match):
    with pytest.raises(error, match=match):
        explain(what, **options)


def test_encodings_and_models_are_named_as_everywhere():
    assert explain("Hi", model="gpt-4").encoding == "cl100k_base"
    assert explain("Hi", encoding="gpt-4o").encoding == "o200k_base"
    assert explain("Hi").encoding == "o200k_base"


def test_a_long_piece_is_tokenized_but_not_replayed():
    e = explain(" " * 5_000 + "x", encoding="o200k_base")
    long = e.pieces[0]
    assert not long.explained and long.steps == () and long.trees() == [] and len(long.raw) > MAX_PIECE_BYTES
    assert e.ids == tokenlab.get_encoding("o200k_base").encode_ordinary(" " * 5_000 + "x")
    assert "too long to replay" in e.to_html() and len(e.to_html()) < 20_000


def test_a_long_text_is_cut_after_max_pieces_with_a_note():
    e = explain("word " * 10_000, encoding="o200k_base")
    assert e.cut and len(e.pieces) == MAX_PIECES
    assert "The text goes on" in e.to_html() and "the text goes on" in e.to_text()


def test_a_large_explanation_stays_bounded():
    import random
    import string

    rng = random.Random(0)
    text = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(200)) for _ in range(MAX_PIECES))
    e = explain(text, encoding="o200k_base")
    html = e.to_html()
    assert len(e.steps) > _merge_tree.MAX_STEPS and "more steps not listed" in html
    assert html.count("<li>") == _merge_tree.MAX_STEPS and len(html) < 600_000 and len(e.to_text()) < 100_000


def test_the_html_is_static_escaped_and_balanced():
    html = explain("<b>x</b> & 你好", encoding="r50k_base").to_html()
    parser = parse(html)
    assert "<b>x" not in html and "&lt;/" in html
    assert parser.tags <= {"div", "span", "b", "ol", "li"} and "script" not in html
    assert "tex2jax_ignore" in html and "color:#000" in html


def test_partial_characters_show_as_hex_bytes():
    e = explain("你", encoding="r50k_base")
    assert [s.result for s in e.steps] == [b"\xe4\xbd"]
    assert "⟨e4 bd⟩" in e.to_html() and "'⟨e4 bd⟩'" in e.to_text() and "\ufffd" not in e.to_html()


def test_the_tree_draws_each_merge_once_inside_its_result():
    e = explain(" lower", encoding="cl100k_base")
    (tree,) = e.pieces[0].trees()
    assert tree.raw == b" lower" and tree.left.raw == b" l" and tree.right.raw == b"ower"
    assert e.to_html().count("· step ") == len(e.steps) == 5
    assert "tree: [[· l] [[o w] [e r]]]" in e.to_text()


def test_past_the_box_budget_deep_merges_fold_into_dashed_boxes():
    piece = explain(" lower", encoding="cl100k_base").pieces[0]
    html, used = _merge_tree._tree_html(piece, 3)
    assert used == 3 and html.count("dashed") == 2


def test_explanation_displays_as_html_and_text():
    e = explain("Hi you", encoding="o200k_base")
    bundle = e._repr_mimebundle_()
    assert bundle["text/plain"].startswith("How o200k_base builds the tokens of this text")
    assert "regex split (2 pieces): Hi|·you" in bundle["text/plain"]
    assert repr(e) == f"<Explanation o200k_base: 2 pieces, {len(e.steps)} merges>"
    assert "1. The regex split" in bundle["text/html"] and "2. BPE, piece by piece." in bundle["text/html"]


def test_an_empty_text_has_nothing_to_explain():
    e = explain("")
    assert e.pieces == [] and e.ids == [] and "nothing to explain" in e.to_html()


def test_a_piece_that_is_a_token_no_merge_reaches_is_looked_up_whole_as_tiktoken_does():
    import importlib

    import tiktoken

    module = importlib.import_module("tokenlab.explain")  # tokenlab.explain is the function

    ranks = {bytes([b]): b for b in range(256)} | {b"bc": 256, b"abcd": 257}  # a + bc + d: no pair merges on
    enc = tiktoken.Encoding("toy", pat_str=r"\S+|\s+", mergeable_ranks=ranks, special_tokens={})
    piece = module._piece(enc, b"abcd", "abcd", 0, 4, module._ranker(enc))
    assert piece.parts == [b"a", b"bc", b"d"] and piece.direct
    assert list(piece.ids) == enc._encode_single_piece(b"abcd") == [257]
    html, _used = _merge_tree._tree_html(piece, 100)
    assert html.count("· step ") == 1


def test_an_encoding_that_is_not_tiktokens_is_a_clear_error(monkeypatch):
    from tokenlab import registry

    monkeypatch.setitem(registry._loaded, "o200k_base", object())
    with pytest.raises(ValueError, match="o200k_base is not a tiktoken encoding"):
        explain("Hi", encoding="o200k_base")
