from __future__ import annotations

import pytest

import tokenlab
from tokenlab.compare import DEFAULT_ENCODINGS


def test_compare_tokenizes_one_text_under_each_encoding_in_order():
    comparison = tokenlab.compare("Hello 你好世界")
    assert [t.encoding for t in comparison] == list(DEFAULT_ENCODINGS)
    assert comparison.counts() == {name: tokenlab.count("Hello 你好世界", name) for name in DEFAULT_ENCODINGS}


def test_compare_accepts_model_names_and_reports_the_change_in_percent():
    comparison = tokenlab.compare("你好世界，你好世界", encodings=["r50k_base", "gpt-4o"])
    r50k, o200k = comparison.counts().values()
    assert comparison.change("o200k_base") == pytest.approx(100 * (o200k - r50k) / r50k)
    html = comparison.to_html()
    assert f"{comparison.change('o200k_base'):+.0f}% vs r50k_base" in html
    assert html.count('<span style="background') == sum(len(t.segments()) for t in comparison)


def test_comparison_displays_as_html_and_plain_text():
    bundle = tokenlab.compare("<script>", ["cl100k_base", "o200k_base"])._repr_mimebundle_()
    assert "<script" not in bundle["text/html"] and "script" in bundle["text/html"]
    n, m = tokenlab.count("<script>", "cl100k_base"), tokenlab.count("<script>", "o200k_base")
    assert bundle["text/plain"] == f"<Comparison cl100k_base: {n}, o200k_base: {m}>"


def test_compare_needs_an_encoding_and_names_bad_ones():
    with pytest.raises(ValueError, match="at least one encoding"):
        tokenlab.compare("x", encodings=[])
    with pytest.raises(ValueError, match="unknown encoding 'nope'"):
        tokenlab.compare("x", encodings=["cl100k_base", "nope"])


def test_show_prints_plain_text_outside_a_notebook(capsys):
    tokenlab.show("Hello world", "cl100k_base")
    assert capsys.readouterr().out == "cl100k_base: 2 tokens · 11 characters · 2 words · 1.00 tokens per word\nHello|·world\n"


def test_show_displays_html_in_ipython():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shown = []
    shell.display_pub.publish = lambda data, **kwargs: shown.append(data)
    try:
        tokenlab.show("Hello world", model="gpt-4", ids=True)
    finally:
        InteractiveShell.clear_instance()
    (bundle,) = shown
    assert ">9906</sub>" in bundle["text/html"]
    assert bundle["text/plain"].endswith("Hello[9906]|·world[1917]")
