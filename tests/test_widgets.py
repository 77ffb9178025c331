"""Widgets, headless: set a value as a student would, and check what they show."""

from __future__ import annotations

import asyncio

import tokenlab
from tokenlab import render
from tokenlab.widgets import EncodingComparison, MergeStepper, Playground

from .test_render import parse


def test_playground_updates_spans_and_counts_when_the_text_changes():
    p = Playground("Hello", debounce=0)
    assert "1 token ·" in p.output.value
    p.text.value = "Hello <world> 你好"
    assert p.tokens.ids == tokenlab.tokenize("Hello <world> 你好").ids
    assert f"{len(p.tokens)} tokens" in p.output.value and "&lt;" in p.output.value and "<world" not in p.output.value


def test_playground_picker_takes_encodings_and_models():
    p = Playground("Hello world", debounce=0)
    p.encoding.value = "gpt-4"
    assert p.tokens.encoding == "cl100k_base" and p.tokens.ids == [9906, 1917]
    assert ("gpt-4o → o200k_base", "gpt-4o") in p.encoding.options
    p.encoding.value = "r50k_base"
    assert p.tokens.encoding == "r50k_base"


def test_playground_picker_lists_the_other_vendors_and_their_models():
    p = Playground("Hello world", debounce=0)
    names = [value for _label, value in p.encoding.options]
    assert names[:10] == tokenlab.encodings()
    assert ("deepseek-chat → deepseek_v3", "deepseek-chat") in p.encoding.options
    p.encoding.value = "qwen-plus"
    assert p.tokens.encoding == "qwen" and p.tokens.ids == [9707, 1879]
    p.explain.value = True  # Qwen's BPE is tiktoken's: its merges can be replayed
    assert p.explanation is not None and p.explanation.ids == [9707]
    p.encoding.value = "deepseek_v3"
    assert p.explanation is None and "not a tiktoken encoding" in p.tree.value


def test_playground_ids_and_bytes_toggles():
    p = Playground("你", "r50k_base", debounce=0)
    p.ids.value = True
    assert ">19526+254</sup>" in p.output.value
    p.bytes.value = True
    assert ">e4 bd<" in p.output.value


def test_playground_typing_is_debounced_in_a_running_loop():
    async def type_fast():
        p = Playground("a", debounce=0.05)
        for text in ("ab", "abc", "abcd tokens"):
            p.text.set_state({"value": text})  # as the browser sends each keystroke
        before = repr(p)
        await asyncio.sleep(0.2)
        return before, repr(p), p.tokens.text

    before, after, text = asyncio.run(type_fast())
    assert before == "Playground(o200k_base: 1 token)" and text == "abcd tokens"
    assert after == f"Playground(o200k_base: {tokenlab.count('abcd tokens')} tokens)"


def test_a_value_set_from_code_shows_at_once_even_in_a_running_loop():
    async def set_from_code():
        p = Playground("a", debounce=5)
        p.text.value = "Hello, world!"
        return p.tokens.text

    assert asyncio.run(set_from_code()) == "Hello, world!"


def test_widgets_display_a_static_view_and_a_short_text():
    p = Playground("Hello <world>", debounce=0)
    bundle = p._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == repr(p) and "HBox" not in bundle["text/plain"]
    assert "Hello &lt;world&gt;" in bundle["text/html"] and "tokenlab-tokens" in bundle["text/html"]
    assert "<script" not in bundle["text/html"]


def test_playground_draws_a_huge_text_capped():
    p = Playground("", debounce=0)
    p.text.value = "token " * 20_000
    assert len(p.tokens) == tokenlab.count("token " * 20_000) > 20_000
    assert "more tokens not drawn" in p.output.value and len(p.output.value) < 500_000


def test_encoding_comparison_shows_counts_and_change():
    c = EncodingComparison("你好，世界！你好，世界！", debounce=0)
    counts = c.comparison.counts
    assert list(counts) == ["r50k_base", "cl100k_base", "o200k_base"]
    change = 100 * (counts["o200k_base"] - counts["r50k_base"]) / counts["r50k_base"]
    assert f"{abs(change):.0f}% {'fewer' if change < 0 else 'more'} than r50k_base" in c.output.value
    c.encodings.value = ("cl100k_base",)
    assert list(c.comparison.counts) == ["cl100k_base"]
    c.encodings.value = ()
    assert "Pick at least one encoding" in c.output.value


def test_merge_stepper_steps_through_merges():
    m = MergeStepper("low lower lowest", merges=3, debounce=0)
    assert m.step.max == 3 and m.step.value == 3
    m.step.value = 0
    assert "every byte is its own token" in m.merge.value and len(m.tokens) == 16
    m.step.value = 2
    assert "Merge 257: &#x27;lo&#x27; + &#x27;w&#x27; → &#x27;low&#x27;" in m.merge.value
    assert len(m.tokens) == 10


def test_merge_stepper_retrains_when_the_text_changes_and_reports_errors():
    m = MergeStepper("aaaa", merges=5, debounce=0)
    m.text.value = "abab abab"
    assert m.trained.text == "abab abab" and m.step.value == len(m.trained)
    m.text.value = ""
    assert "train needs some text" in m.output.value and repr(m) == "MergeStepper(not trained)"


def test_language_explorer_follows_the_picks():
    from tokenlab.widgets import LanguageExplorer

    explorer = LanguageExplorer(["eng", "mya"], ["o200k_base"])
    assert list(explorer.selection.index) == ["eng", "mya"]
    assert "Burmese" in explorer.table.value and bytes(explorer.chart.value).startswith(b"\x89PNG")
    explorer.encodings.value = ("r50k_base", "o200k_base")
    assert list(explorer.selection.columns)[-2:] == ["r50k_base premium", "o200k_base premium"]
    explorer.languages.value = ()
    assert "Pick at least one language" in explorer.table.value
    assert repr(explorer) == "LanguageExplorer(0 languages, 2 encodings)"


def test_language_explorer_lists_chinese_names_by_pinyin():
    from tokenlab._i18n import speaking
    from tokenlab.widgets import LanguageExplorer

    with speaking("zh_CN"):
        labels = [label for label, _code in LanguageExplorer(["eng"], ["o200k_base"]).languages.options]
    assert labels[:2] == ["阿拉伯语 (arb)", "阿姆哈拉语 (amh)"] and labels[-1] == "祖鲁语 (zul)"


def test_language_explorer_table_goes_from_cheapest_to_costliest_under_the_last_encoding():
    from tokenlab.widgets import LanguageExplorer

    explorer = LanguageExplorer(["mya", "cmn_hans", "arb", "eng"], ["r50k_base", "o200k_base"], reference="cmn_hans")
    shown = explorer.selection["o200k_base premium"]
    assert list(shown) == sorted(shown) and shown.index[0] == "eng" and shown.index[-1] == "mya"


def test_encoding_comparison_underlines_differences_unless_unticked():
    c = EncodingComparison(" ChatGPT", ["r50k_base", "o200k_base"], debounce=0)
    assert render.MARK in c.output.value and c.highlight.value
    c.highlight.value = False
    assert render.MARK not in c.output.value and not c.comparison.highlight


def test_playground_explains_the_picked_token_below_the_tokens():
    p = Playground("Hello tokenization", debounce=0)
    assert p.pick.layout.display == "none" and p.tree.value == "" and p.explanation is None
    p.explain.value = True
    assert p.pick.layout.display is None and p.pick.max == len(p.tokens) == 3
    assert p.explanation.token == p.tokens.ids[0] and "Token 1 of 3" in p.tree.value
    p.pick.value = 3
    assert p.explanation.token == p.tokens.ids[2] and p.explanation.to_html() in p.tree.value
    boxes = [render.MARK in b["style"] for b in parse(p.output.value).boxes]
    assert boxes == [False, False, True]  # the picked token is underlined
    assert p.tree.value in p._repr_mimebundle_()["text/html"]


def test_playground_pick_follows_the_text_and_marks_a_split_characters_box():
    p = Playground("你好 hi", "r50k_base", debounce=0)
    p.explain.value = True
    p.pick.value = 2  # the second token of 你
    assert [render.MARK in b["style"] for b in parse(p.output.value).boxes][:2] == [True, False]
    assert p.explanation.steps == [] and p.explanation.pieces[0].raw == b"\xa0"
    p.text.value = "a"
    assert p.pick.max == 1 and p.pick.value == 1 and p.explanation.token == p.tokens.ids[0]
    p.text.value = ""
    assert p.explanation is None and p.pick.layout.display == "none"
    p.explain.value = False
    p.text.value = "back"
    assert p.tree.value == "" and render.MARK not in p.output.value


def test_playground_explains_in_the_bytes_view_too():
    p = Playground("你好", "r50k_base", debounce=0)
    p.bytes.value = True
    p.explain.value = True
    p.pick.value = 2
    assert [render.MARK in b["style"] for b in parse(p.output.value).boxes] == [False, True, False, False]


def test_language_explorer_takes_your_own_corpus_without_being_told_its_languages():
    from tokenlab.corpus import load_corpus
    from tokenlab.widgets import LanguageExplorer

    mine = load_corpus({"fr$": "Bonjour $5.\nAu revoir.", "de_$x$": "Hallo $5.\nTschüss.", "it": "Ciao.\nA presto."})
    explorer = LanguageExplorer(corpus=mine)
    assert set(explorer.languages.value) == {"fr$", "de_$x$", "it"} and explorer.reference == "fr$"
    assert bytes(explorer.chart.value).startswith(b"\x89PNG")  # a $ in a name is drawn as it is
    with_english = load_corpus({"eng": "Hello.", "zzz": "Zzz."})
    explorer = LanguageExplorer(corpus=with_english)
    assert explorer.reference == "eng" and explorer.languages.value == ("eng",)


def test_language_explorer_counts_your_own_corpus_under_a_vendor_only_once_it_is_picked():
    from tokenlab.corpus import load_corpus
    from tokenlab.widgets import LanguageExplorer

    explorer = LanguageExplorer(corpus=load_corpus({"eng": "Hello there.", "zho": "你好。"}))
    assert "qwen premium" not in explorer.full.columns
    explorer.encodings.value = ("o200k_base", "qwen")
    assert explorer.full.loc["zho", "qwen tokens"] == tokenlab.count("你好。", encoding="qwen")
    assert "qwen premium" in explorer.selection.columns


def test_the_playgrounds_slider_reaches_only_the_tokens_drawn():
    p = Playground("Hello world " * 10_000, debounce=0)
    p.explain.value = True
    assert p.pick.max == render.extent(p.tokens) < len(p.tokens)
    p.pick.value = p.pick.max
    assert render.MARK in p.output.value and f"Token {p.pick.max} of {len(p.tokens)}" in p.tree.value


def test_widgets_take_every_name_the_library_takes():
    from tokenlab.widgets import ImageCost

    assert EncodingComparison("hi", ["gpt-4o", "o200k_base", "gpt-4"], debounce=0).comparison.encodings == [
        "o200k_base",
        "cl100k_base",
    ]
    assert Playground("hi", "gpt-4o-2024-05-13", debounce=0).tokens.encoding == "o200k_base"
    snapshot = ImageCost(1024, 1024, "gpt-4o-2024-05-13", debounce=0)
    assert snapshot.result.model == "gpt-4o-2024-05-13" and "$0.00383" in snapshot.output.value  # its own price
