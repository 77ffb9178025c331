from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokenlab import bpe

from .strategies import texts


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


# The reference: tiktoken's own teaching code, which bpe.py must match merge for merge.
_PARTS = ["a", "b", "ab", "ba", "aaa", " ", "你", "好", "😀", "x\n", "1"]
_small_texts = st.one_of(
    st.text(st.sampled_from("ab c\n"), min_size=1, max_size=40),
    st.lists(st.sampled_from(_PARTS), min_size=1, max_size=25).map("".join),
    texts.filter(bool),
)


def _reference(text: str, merges: int) -> dict[bytes, int]:
    from tiktoken._educational import bpe_train

    pat = bpe.train("x", 0).pat_str
    clean = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    for vocab in range(256 + merges, 255, -1):  # bpe_train fails when it runs out of pairs
        try:
            return bpe_train(clean, vocab, pat, visualise=None)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@given(_small_texts, st.integers(0, 30))
def test_training_learns_the_merges_of_tiktokens_teaching_bpe_train_ties_included(text, merges):
    steps = bpe.train(text, merges)
    assert steps.ranks == _reference(text, merges)
    assert [m.rank for m in steps.merges] == list(range(256, 256 + len(steps)))
    assert all(m.left + m.right == m.token for m in steps.merges)


@given(_small_texts, st.integers(0, 30), st.data())
def test_tokens_after_each_merge_are_tiktokens_teaching_bpe_encode(text, merges, data):
    import regex
    from tiktoken._educational import bpe_encode

    steps = bpe.train(text, merges)
    k = data.draw(st.integers(0, len(steps)))
    ranks = {t: r for t, r in steps.ranks.items() if r < 256 + k}
    clean = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    expected = [
        i for piece in regex.findall(steps.pat_str, clean) for i in bpe_encode(ranks, piece.encode(), visualise=None)
    ]
    assert steps.tokenize(after=k).ids == expected


def test_a_long_word_is_trained_and_stepped_through_like_the_reference():
    # One piece of 3,600 bytes: the case where the teaching code is quadratic.
    text = "你好世界" * 300
    steps = bpe.train(text, 40)
    assert steps.ranks == _reference(text, 40)
    assert len(steps.tokenize(after=len(steps))) < len(steps.tokenize(after=5)) < len(text.encode())


def test_merges_read_as_text_with_partial_characters_in_hex():
    steps = bpe.train("你好你好", merges=2)
    assert str(steps.merges[0]) == "'⟨e4⟩' + '⟨bd⟩' → '⟨e4 bd⟩'"
    assert "b'" not in str(steps.merges[1])


@pytest.mark.parametrize("merges", [-1, 1.5, True, "3", 10**40])
def test_a_bad_number_of_merges_is_a_clear_error(merges):
    with pytest.raises((TypeError, ValueError), match="merges"):
        bpe.train("ok", merges)


def test_text_that_is_not_a_string_is_a_clear_error():
    with pytest.raises(TypeError, match="not bytes"):
        bpe.train(b"bytes", 3)
