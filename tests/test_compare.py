from __future__ import annotations

import pytest

import tokenlab
from tokenlab.registry import GENERATIONS


def test_compare_tokenizes_one_text_under_each_encoding_in_order():
    comparison = tokenlab.compare("Hello 你好世界")
    assert [t.encoding for t in comparison] == list(GENERATIONS)
    assert comparison.counts == {name: tokenlab.count("Hello 你好世界", encoding=name) for name in GENERATIONS}


def test_compare_accepts_model_names_and_reports_the_change_in_percent():
    comparison = tokenlab.compare("你好世界，你好世界", encodings=["r50k_base", "gpt-4o"])
    r50k, o200k = comparison.counts.values()
    assert comparison.change("o200k_base") == pytest.approx(100 * (o200k - r50k) / r50k)
    html = comparison.to_html()
    assert f"{comparison.change('o200k_base'):+.0f}% vs r50k_base" in html
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
