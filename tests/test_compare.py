from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tokenlab
from tokenlab import render
from tokenlab.registry import GENERATIONS

from .strategies import texts
from .test_render import parse


def test_compare_tokenizes_one_text_under_each_encoding_in_order():
    comparison = tokenlab.compare("Hello 你好世界")
    assert [t.encoding for t in comparison] == list(GENERATIONS)
    assert comparison.counts == {name: tokenlab.count("Hello 你好世界", encoding=name) for name in GENERATIONS}


def test_compare_accepts_model_names_and_reports_the_change_in_percent():
    comparison = tokenlab.compare("你好世界，你好世界", encodings=["r50k_base", "gpt-4o"])
    r50k, o200k = comparison.counts.values()
    assert comparison.change("o200k_base") == pytest.approx(100 * (o200k - r50k) / r50k)
    html = comparison.to_html()
    assert f"{-comparison.change('o200k_base'):.0f}% fewer than r50k_base" in html
    assert html.count('<span style="background') == sum(len(t.segments()) for t in comparison)


def test_comparison_displays_as_html_and_plain_text():
    bundle = tokenlab.compare("<script>", encodings=["cl100k_base", "o200k_base"])._repr_mimebundle_()
    assert "<script" not in bundle["text/html"] and "script" in bundle["text/html"]
    n, m = tokenlab.count("<script>", encoding="cl100k_base"), tokenlab.count("<script>", encoding="o200k_base")
    assert bundle["text/plain"] == f"<Comparison cl100k_base: {n}, o200k_base: {m}>"


def test_compare_needs_an_encoding_and_names_bad_ones():
    with pytest.raises(ValueError, match="at least one encoding"):
        tokenlab.compare("x", encodings=[])
    with pytest.raises(ValueError, match="unknown encoding 'nope'"):
        tokenlab.compare("x", encodings=["cl100k_base", "nope"])


def test_the_older_spellings_still_work_with_a_deprecation_warning():
    comparison = tokenlab.compare("Hello")
    with pytest.warns(DeprecationWarning, match="a property"):
        assert comparison.counts() == dict(comparison.counts)
    with pytest.warns(DeprecationWarning, match="encodings="):
        assert tokenlab.compare("Hello", ["cl100k_base"]).counts == {"cl100k_base": 1}


def spans(tokens):
    """Each box's character span, from the tokens' own offsets (Token.start/end)."""
    return [(s.tokens[0].start, s.tokens[-1].end) for s in tokens.segments()]


@given(text=texts, names=st.lists(st.sampled_from((*GENERATIONS, "p50k_base")), min_size=2, max_size=3, unique=True))
def test_a_span_is_marked_exactly_when_some_encoding_does_not_cut_it_out_as_a_box(text, names):
    comparison = tokenlab.compare(text, encodings=names)
    boxes = {t.encoding: spans(t) for t in comparison}
    shared = set.intersection(*(set(b) for b in boxes.values()))
    differences = comparison.differences()
    for name, drawn in boxes.items():
        assert differences[name] == [s for s in drawn if s not in shared]
    # The display marks the same boxes, row by row.
    rows = comparison.to_html().split('class="tokenlab-tokens')[1:]
    for row, drawn in zip(rows, boxes.values(), strict=True):
        marked = [render.MARK in box["style"] for box in parse('<div class="x' + row.split("</td>")[0]).boxes]
        assert marked == [s not in shared for s in drawn]


@given(text=texts)
def test_every_row_underlines_the_same_stretches_of_the_text(text):
    # A box that some encoding cuts differently overlaps, in every other row, boxes that are not
    # shared either: so each row marks the same characters.
    covered = [
        {i for start, end in marked for i in range(start, end)}
        for marked in tokenlab.compare(text).differences().values()
    ]
    assert all(c == covered[0] for c in covered)


def test_highlight_marks_where_gpt3_and_gpt4o_cut_differently_with_a_legend():
    comparison = tokenlab.compare(" ChatGPT is here", encodings=["r50k_base", "o200k_base"])
    assert comparison.differences() == {"r50k_base": [(5, 6), (6, 8)], "o200k_base": [(5, 8)]}
    html = comparison.to_html()
    assert html.count(render.MARK) == 3 + 1 and "underlined: cut differently" in html  # and the legend's sample


def test_same_cuts_say_so_and_highlight_can_be_turned_off():
    assert "cut this text at the same places" in tokenlab.compare("Hello world").to_html()
    html = tokenlab.compare(" ChatGPT", encodings=["r50k_base", "o200k_base"], highlight=False).to_html()
    assert render.MARK not in html and "underlined" not in html
    one = tokenlab.compare(" ChatGPT", encodings=["r50k_base"]).to_html()
    assert render.MARK not in one and "underlined" not in one


def test_the_marks_follow_max_tokens_and_reach_past_a_shorter_row():
    text = "你好世界" * 300 + " ChatGPT"
    comparison = tokenlab.compare(text, encodings=["r50k_base", "o200k_base"])
    html = comparison.to_html(max_tokens=50)
    rows = html.split('class="tokenlab-tokens')[1:]
    drawn = [parse('<div class="x' + row.split("</td>")[0]).boxes for row in rows]
    assert [len(b) for b in drawn] == [len(t.segments(50)) for t in comparison]
    assert all(render.MARK in box["style"] for box in drawn[1])  # o200k's pairs are split characters in r50k


@given(text=texts)
def test_every_encoding_in_a_comparison_gives_tiktokens_own_ids(reference, text):
    # Encodings that differ only in special tokens share one encode: their ids must still be theirs.
    compared = tokenlab.compare(text, encodings=tokenlab.encodings("openai"))
    for tokens in compared.tokens:
        assert tokens.ids == reference(tokens.encoding).encode_ordinary(text)
        assert tokens.to_html()


def test_twins_differ_only_in_special_tokens():
    from tokenlab import registry

    twins = {name: registry.ordinary_encoding(name).name for name in registry.encodings("openai")}
    assert twins == {
        "r50k_base": "r50k_base",
        "p50k_base": "p50k_base",
        "p50k_edit": "p50k_base",
        "cl100k_base": "cl100k_base",
        "o200k_base": "o200k_base",
        "o200k_harmony": "o200k_base",
    }


# One row per encoding, however it was named, in every view: counts, differences(), change(),
# indexing, the text and the HTML.
names = st.lists(
    st.sampled_from(
        [
            "r50k_base",
            "cl100k_base",
            "o200k_base",
            "o200k_harmony",
            "gpt-4o",
            "gpt-4",
            " gpt-4o ",
            "gpt-4o-2024-05-13",
            "gpt-3.5-turbo",
            "qwen",
            "qwen-plus",
            "tekken",
        ]
    ),
    min_size=1,
    max_size=6,
)


@given(text=texts, given_names=names)
def test_each_encoding_is_one_row_in_every_view_however_often_it_is_named(text, given_names):
    from tokenlab import registry

    comparison = tokenlab.compare(text, encodings=given_names)
    rows = list(dict.fromkeys(registry.resolve(name) for name in given_names))
    assert comparison.encodings == rows and len(comparison) == len(rows)
    assert list(comparison.counts) == rows and list(comparison.differences()) == rows
    for name in given_names:
        assert comparison[name].encoding == registry.resolve(name)
        assert comparison.change(name) == comparison.change(registry.resolve(name))
    html = comparison.to_html()
    assert html.count('<tr style="border-top') == len(rows)
    twice = [e for e in rows if len(comparison.names[e]) > 1]
    assert all(f"use the same encoding, {e}: it is shown once" in html for e in twice)
    assert comparison.to_text().count("\n\n") == len(rows) - 1


@pytest.mark.parametrize(
    ("encodings", "error", "match"),
    [
        (["qwen", None], TypeError, "holds None"),
        ([1], TypeError, "holds 1"),
        ({"o200k_base": 1}, TypeError, "list of names"),
        (b"o200k_base", TypeError, "list of names"),
        (["o200k_base", "nope"], ValueError, "unknown encoding 'nope'"),
        ([], ValueError, "at least one encoding"),
    ],
)
def test_anything_but_names_is_refused_never_filled_in_with_the_default(encodings, error, match):
    with pytest.raises(error, match=match):
        tokenlab.compare("hi", encodings=encodings)


def test_none_means_the_default_as_in_tokenize():
    assert tokenlab.compare("hi", encodings=None).encodings == list(GENERATIONS)


@pytest.mark.parametrize("name", ["r50k_base", "nope", "", "gpt-4"])
def test_change_of_a_name_not_compared_says_what_is(name):
    comparison = tokenlab.compare("hi", encodings=["gpt-4o", "qwen"])
    with pytest.raises(ValueError, match="is not in this comparison; it compares o200k_base, qwen"):
        comparison.change(name)
    assert name not in comparison and "gpt-4o-mini" in comparison  # gpt-4o-mini uses o200k_base too


@given(limit=st.one_of(st.integers(-10, 10**16), st.floats(), st.booleans(), st.none(), st.text(max_size=3)))
def test_differences_takes_a_whole_number_of_tokens_or_none(limit):
    comparison = tokenlab.compare(" ChatGPT", encodings=["r50k_base", "o200k_base"])
    valid = limit is None or (type(limit) is int and 0 <= limit <= 10**15)
    if valid:
        assert comparison.differences(limit=limit) == comparison.differences() or limit < 3
        return
    with pytest.raises((TypeError, ValueError), match="limit"):
        comparison.differences(limit=limit)


@given(text=texts, given_names=names)
def test_a_comparison_pickles_and_copies_with_every_row_whatever_the_encoding(text, given_names):
    import copy
    import pickle

    comparison = tokenlab.compare(text, encodings=given_names)
    for again in (pickle.loads(pickle.dumps(comparison)), copy.deepcopy(comparison)):
        assert again.names == comparison.names and again.counts == comparison.counts
        assert [t.ids for t in again] == [t.ids for t in comparison]
        assert again.differences() == comparison.differences() and again.to_html() == comparison.to_html()


def test_the_bytes_view_marks_every_token_of_a_box_cut_differently():
    comparison = tokenlab.compare("你好", encodings=["r50k_base", "o200k_base"])
    assert comparison.differences() == {"r50k_base": [(0, 1), (1, 2)], "o200k_base": [(0, 2)]}
    rows = comparison.to_html(view="bytes").split('class="tokenlab-tokens')[1:]
    drawn = [parse('<div class="x' + row.split("</td>")[0]).boxes for row in rows]
    marked = [[render.MARK in box["style"] for box in boxes] for boxes in drawn]
    assert marked == [[True] * 4, [True]]


def test_a_huge_comparison_shares_one_size_bound_among_its_rows():
    comparison = tokenlab.compare(" " * 30_000 + "x", encodings=tokenlab.encodings())
    html = comparison.to_html()
    assert len(html) < 1_000_000 and html.count("more tokens not drawn") == len(comparison)
    per_row = -(-render.DEFAULT_MAX_CHARS // len(comparison))
    assert f"at most {per_row:,} characters" in html
