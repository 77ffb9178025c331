from __future__ import annotations

import warnings

import pytest

from tokenlab import plots
from tokenlab.languages import premiums


@pytest.fixture(scope="module")
def table():
    return premiums(encodings=["cl100k_base", "o200k_base"])


def _render(fig) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning: make it fail
        fig.canvas.draw()


def test_premium_chart_has_a_bar_per_language_and_encoding_sorted(table):
    fig = plots.premium_chart(table)
    _render(fig)
    ax = fig.axes[0]
    assert [len(bars.get_paths()) for bars in ax.collections] == [len(table)] * 2  # a bar per language, per encoding
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "English (eng)" and labels[0].endswith("(lao)")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["cl100k_base", "o200k_base"]
    assert [tuple(bars.get_facecolor()[0][:3]) for bars in ax.collections] == [
        tuple(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)) for c in plots.OKABE_ITO[:2]
    ]
    first = table.sort_values("o200k_base premium", ascending=False).iloc[0]  # the bottom row
    lengths = [bars.get_paths()[0].vertices[:, 0].max() for bars in ax.collections]
    assert lengths == [first["cl100k_base premium"], first["o200k_base premium"]]
    centers = [bars.get_paths()[0].vertices[:, 1].mean() for bars in ax.collections]
    assert centers[0] > centers[1]  # in each row, the bars go down in the legend's order


def test_context_chart_shows_the_text_that_fits_as_a_share_of_the_reference(table):
    fig = plots.context_chart(table, window=100_000, encoding="o200k_base")
    _render(fig)
    ax = fig.axes[0]
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths[-1] == 100  # English, the reference, is 100%
    assert widths[0] == pytest.approx(100 / table["o200k_base premium"].max())
    assert "100,000-token window" in ax.get_title(loc="left") and "share of what fits in English" in ax.get_xlabel()
    assert [line.get_xdata()[0] for line in ax.get_lines()] == [100]


def test_context_chart_with_a_cheaper_language_than_the_reference_says_what_its_bar_measures():
    """With Chinese as the reference, English holds more than 100%: the axis is a share of the text
    Chinese fits, never tokens, so no bar reads as more tokens than the window."""
    fig = plots.context_chart(premiums(encodings=["o200k_base"], reference="cmn_hans"), window=128_000)
    _render(fig)
    ax = fig.axes[0]
    assert max(p.get_width() for p in ax.patches) > 100 > min(p.get_width() for p in ax.patches)
    assert ax.xaxis.get_major_formatter()(112, 0) == "112%"
    assert [t.get_text() for t in ax.texts] == ["Chinese (Simplified): 100%"]


def test_cost_chart_scales_the_price_by_the_premium(table):
    fig = plots.cost_chart(table, usd_per_million=2.0, encoding="cl100k_base")
    _render(fig)
    assert max(p.get_width() for p in fig.axes[0].patches) == pytest.approx(2.0 * table["cl100k_base premium"].max())
    assert "$2 per 1M tokens" in fig.axes[0].get_title(loc="left")


def test_a_table_without_premiums_is_a_clear_error(table):
    with pytest.raises(ValueError, match="no premium columns"):
        plots.premium_chart(table[["name"]])


def test_a_chart_once_shown_keeps_no_image_in_memory(table):
    from matplotlib.backends.backend_agg import RendererAgg

    fig = plots.premium_chart(table)
    assert fig._repr_png_()[0].startswith(b"\x89PNG")
    assert not [a for a in fig.findobj() if any(isinstance(v, RendererAgg) for v in vars(a).values())]
    assert fig.png() == fig.png()  # and it draws again the same


def test_dollar_signs_in_names_are_drawn_literally_never_as_math():
    from tokenlab.corpus import load_corpus
    from tokenlab.languages import premiums

    table = premiums(load_corpus({"eng": "Hello.", "a$b": "Costs $5.", "c": "$x^2$ $"}), encodings=["o200k_base"])
    table.loc["a$b", "name"] = "Costs $5 (a $ sign)"
    chart = plots.premium_chart(table)
    assert chart.png(dpi=40).startswith(b"\x89PNG")  # an unbalanced $ would fail as mathtext
    labels = [label.get_text() for label in chart.figure.axes[0].get_yticklabels()]
    assert any("$5 (a $ sign)" in label for label in labels)


def _texts(fig) -> list[str]:
    ax = fig.axes[0]
    return [ax.get_title(loc="left"), ax.get_xlabel(), *(t.get_text() for t in ax.get_yticklabels())]


def test_an_english_chart_is_drawn_without_a_cjk_font(table):
    fig = plots.premium_chart(table)
    assert list(fig.families) == ["DejaVu Sans"]  # a CJK font is large: only charts that need one load it
    assert not plots._wide(_texts(fig))


@pytest.fixture
def chinese():
    from tokenlab._i18n import speaking

    with speaking("zh_CN"):
        yield


def test_a_chinese_chart_names_languages_in_chinese_with_a_font_that_has_them(chinese):
    if plots._cjk_font() is None:
        pytest.skip("no CJK font installed (CI installs fonts-noto-cjk)")
    fig = plots.premium_chart(premiums(encodings=["o200k_base"]))
    assert fig.families[-1] == plots._cjk_font()
    texts = _texts(fig)
    assert texts[0] == "词元溢价：同样的文本在各语言中所需的词元数"
    assert "英语 (eng)" in texts and "韩语 (kor)" in texts
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        assert fig.png(dpi=30).startswith(b"\x89PNG")


def test_with_no_cjk_font_a_chinese_chart_is_drawn_in_english_with_a_notice(chinese, monkeypatch):
    from tokenlab._i18n import language

    monkeypatch.setattr(plots, "_cjk", [None])
    table = premiums(encodings=["o200k_base"])
    assert "英语" in set(table["name"])
    with pytest.warns(plots.NoFontNotice, match="fonts-noto-cjk"):
        fig = plots.cost_chart(table, usd_per_million=2.0, encoding="o200k_base")
    texts = _texts(fig)
    assert "English (eng)" in texts and texts[0].startswith("The same content, priced at $2")
    assert not plots._wide(texts)
    assert language() == "zh_CN"  # the chart's English is only for the chart
    assert "没有安装含中文字符的字体" in str(plots.NoFontNotice())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fig.png(dpi=30).startswith(b"\x89PNG")
