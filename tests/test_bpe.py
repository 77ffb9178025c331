from __future__ import annotations

import itertools

import pytest

from tokenlab import bpe


def test_merges_are_learned_in_order_of_frequency_and_split_into_their_pair():
    steps = bpe.train("low lower lowest", merges=3)
    assert [(m.left, m.right, m.token) for m in steps.merges] == [
        (b"l", b"o", b"lo"),
        (b"lo", b"w", b"low"),
        (b" ", b"low", b" low"),
    ]
    assert [m.rank for m in steps.merges] == [256, 257, 258]


def test_each_merge_makes_the_text_shorter_in_tokens_and_never_changes_it():
    steps = bpe.train("the cat sat on the mat, the cat ate the rat. 你好，你好。", merges=25)
    lengths = [len(steps.tokenize(after=k)) for k in range(len(steps) + 1)]
    assert lengths[0] == len(steps.text.encode("utf-8"))  # before any merge: one token per byte
    assert all(a > b for a, b in itertools.pairwise(lengths))
    for k in (0, 5, len(steps)):
        tokens = steps.tokenize(after=k)
        assert "".join(s.text for s in tokens.segments()) == steps.text
        assert tokens.encoding == f"toy BPE after {k} merges"


def test_split_characters_of_the_toy_bpe_draw_once():
    html = bpe.train("你好你好", merges=0).tokenize().to_html()
    assert "\ufffd" not in html and "你 = 3 tokens" in html


def test_training_stops_when_nothing_is_left_to_merge():
    steps = bpe.train("ab ab", merges=50)
    assert len(steps) == 2 and len(steps.tokenize()) == 2


@pytest.mark.parametrize(
    ("text", "merges", "match"),
    [("", 5, "some text"), ("x" * 6000, 5, "at most 5,000"), ("ok", 9999, "between 0 and 500")],
)
def test_bad_training_input_is_a_clear_error(text, merges, match):
    with pytest.raises(ValueError, match=match):
        bpe.train(text, merges)
