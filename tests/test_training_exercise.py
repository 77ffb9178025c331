"""The write-your-own-BPE checker: it accepts a right implementation and says, in the student's language,
where a usual mistake goes wrong. About 3 s (the right one is run over 18 texts)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab.training import Check, check_bpe


def count_pairs(ids):
    counts = {}
    for pair in zip(ids, ids[1:], strict=False):  # noqa: RUF007  (as students write it)
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids, pair, new_id):
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


# Three usual mistakes in merge, two in count_pairs.
def merge_overlapping(ids, pair, new_id):  # forgets to skip the second id of a merged pair: 'aaa' -> X X
    out = []
    for i, x in enumerate(ids):
        if i + 1 < len(ids) and (x, ids[i + 1]) == pair:
            out.append(new_id)
        elif not (i > 0 and (ids[i - 1], x) == pair):
            out.append(x)
    return out


def merge_first_only(ids, pair, new_id):
    for i in range(len(ids) - 1):
        if (ids[i], ids[i + 1]) == pair:
            return ids[:i] + [new_id] + ids[i + 2 :]  # noqa: RUF005
    return ids


def merge_drops_the_last(ids, pair, new_id):
    out, i = [], 0
    while i < len(ids) - 1:
        if (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def count_around_the_end(ids):  # the last id's "neighbour" is the first
    counts = {}
    for pair in zip(ids, ids[1:] + ids[:1], strict=True):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def count_sorted(ids):  # right counts, but sorted: the tie-break takes the wrong pair
    return dict(sorted(count_pairs(ids).items()))


@pytest.fixture(autouse=True)
def english():
    yield
    tokenlab.set_language("en")


def test_a_right_implementation_passes():
    result = check_bpe(count_pairs, merge)
    assert isinstance(result, Check) and result.passed and bool(result)
    assert result.message == (
        "Both functions are right: the same merges as tokenlab's BPE, and the same ids as tiktoken on 18 texts."
    )
    assert "Both functions are right" in result._repr_html_()


@pytest.mark.parametrize(
    ("pairs", "merger", "where", "message"),
    [
        (count_pairs, merge_overlapping, "merge([5, 5, 5], (5, 5), 9)",
         "merge([5, 5, 5], (5, 5), 9) is wrong: after merging a pair, skip both of its ids: in 5 5 5 the pair (5, 5) "
         "is merged once, and a 5 is left"),
        (count_pairs, merge_first_only, "merge([1, 2, 3, 1, 2], (1, 2), 9)",
         "merge([1, 2, 3, 1, 2], (1, 2), 9) is wrong: replace every occurrence of the pair, not only the first"),
        (count_pairs, merge_drops_the_last, "merge([3, 1], (1, 2), 9)",
         "merge([3, 1], (1, 2), 9) is wrong: keep the last id when it is not the start of a pair"),
        (count_around_the_end, merge, "count_pairs([3, 1, 2, 3, 1])",
         "count_pairs([3, 1, 2, 3, 1]) is wrong: (1, 3) is not a pair of neighbours in the list: the last id has no "
         "neighbour after it"),
        (count_sorted, merge, "count_pairs([3, 1, 2, 3, 1])",
         "count_pairs([3, 1, 2, 3, 1]) has the right counts in the wrong order: keep pairs in the order they first "
         "appear (training takes the first of the most frequent pairs, as tiktoken does)"),
    ],
)  # fmt: skip
def test_a_usual_mistake_is_caught_with_the_message_a_student_sees(pairs, merger, where, message):
    result = check_bpe(pairs, merger)
    assert not result.passed and not result
    assert result.where == where and result.message == message
    assert "tokenlab-check" in result._repr_html_()


def test_a_mistake_only_longer_texts_show_is_caught_in_training_with_the_text_and_the_merge():
    def count_but_not_the_last_of_long_lists(ids):  # passes every small case (5 ids at most); wrong on words
        return count_pairs(ids[:-1]) if len(ids) > 5 else count_pairs(ids)

    result = check_bpe(count_but_not_the_last_of_long_lists, merge)
    assert not result.passed and result.where.startswith("merge ") and result.text.startswith("All human beings")
    assert "tokenlab's BPE merges" in result.message


def test_a_mistake_in_encoding_names_the_text_and_the_token():
    def merge_loses_the_end(ids, pair, new_id):  # right while training (ids below 300), wrong with o200k's ranks
        out = merge(ids, pair, new_id)
        return out[:-1] if new_id >= 300 and len(out) > 1 else out

    result = check_bpe(count_pairs, merge_loses_the_end)
    assert not result.passed and result.text == tokenlab.corpus.load_corpus()["eng"].units["1"]
    assert result.message.startswith(
        "text 'All human beings are born free': your tokens differ from tiktoken's at token"
    )
    assert result.where.startswith("token ") and result.expected != result.got

    def merge_stuck(ids, pair, new_id):  # never shortens the list: the checker stops instead of looping forever
        return merge(ids, pair, new_id) if new_id < 300 else ids

    assert "returned no shorter list, though the pair is in it" in check_bpe(count_pairs, merge_stuck).message


def test_the_message_is_in_the_students_language():
    tokenlab.set_language("zh_CN")
    result = check_bpe(count_pairs, merge_first_only)
    assert result.message.startswith("merge([1, 2, 3, 1, 2], (1, 2), 9) ") and "每" in result.message
    assert check_bpe(count_pairs, merge).message.startswith("两个函数都对")


def test_code_that_raises_or_returns_nonsense_is_a_failed_check_not_a_traceback():
    def broken(ids):
        raise ZeroDivisionError("oops")

    result = check_bpe(broken, merge)
    assert not result.passed and result.message == "count_pairs([3, 1, 2, 3, 1]) raised ZeroDivisionError: oops"
    assert not check_bpe(lambda ids: None, merge).passed
    assert not check_bpe(count_pairs, lambda ids, pair, new: None).passed
    with pytest.raises(TypeError, match="merge is a function, not int"):
        check_bpe(count_pairs, 3)


_anything = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 300)
    | st.text(max_size=5)
    | st.tuples(st.integers(0, 300), st.integers(0, 300)),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.tuples(st.integers(0, 300), st.integers(0, 300)), inner, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=100, deadline=None)
@given(pairs=_anything, merged=_anything)
def test_student_code_returning_anything_gets_a_check_never_a_traceback(pairs, merged):
    result = check_bpe(lambda ids: pairs, lambda ids, pair, new_id: merged)
    assert isinstance(result, Check) and not result.passed and "\n" not in result.message
    assert isinstance(result._repr_html_(), str)
