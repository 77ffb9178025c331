from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab import _visible, render

from . import reference_render
from .strategies import clean_texts, texts


class Boxes(HTMLParser):
    """Collects the token boxes (spans with an id title) and every tag, checking nesting."""

    VOID = {"br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.boxes: list[dict[str, str]] = []
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.body: list[str] = []  # the drawn text: inside the boxes' container, not in sup/sub
        self._body_depth: int | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if tag not in self.VOID:
            self.stack.append(tag)
        if attrs.get("dir") == "auto":
            self._body_depth = len(self.stack)
        if tag == "span" and "title" in attrs and "background" in attrs.get("style", ""):
            self.boxes.append(attrs)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}>"
        if self._body_depth == len(self.stack):
            self._body_depth = None
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self._body_depth is not None and self.stack[-1] not in ("sup", "sub"):
            self.body.append(data)


def parse(html: str) -> Boxes:
    parser = Boxes()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    return parser


def test_each_token_is_a_box_with_its_id_on_hover():
    tokens = tokenlab.tokenize("Hello world", encoding="cl100k_base")
    boxes = parse(tokens.to_html()).boxes
    assert [b["title"] for b in boxes] == ["id 9906", "id 1917"]


def test_boxes_have_a_border_and_dark_text_on_a_palette_background():
    html = tokenlab.tokenize("Hello world", encoding="cl100k_base").to_html()
    for box in parse(html).boxes:
        style = box["style"]
        assert "border:1px solid" in style and "color:#000" in style
        assert re.search(r"background:(#[0-9A-F]{6})", style)[1] in render.PALETTE


@given(text=texts, name=st.sampled_from(tokenlab.encodings()), view=st.sampled_from(["text", "bytes"]))
def test_neighbouring_boxes_never_share_a_color(text, name, view):
    boxes = parse(tokenlab.tokenize(text, encoding=name).to_html(view=view, ids=True)).boxes
    backgrounds = [re.search(r"background:(#[0-9A-F]{6})", b["style"])[1] for b in boxes]
    assert all(a != b for a, b in itertools.pairwise(backgrounds))


@given(ids=st.lists(st.integers(0, 200_000), max_size=60))
def test_a_box_takes_its_ids_color_unless_its_left_neighbour_has_it(ids):
    colors = render.colors(ids)
    for i, (token_id, k) in enumerate(zip(ids, colors, strict=True)):
        assert k == (token_id % 9 if i == 0 or colors[i - 1] != token_id % 9 else (token_id + 1) % 9)


@given(text=texts, name=st.sampled_from(tokenlab.encodings()))
def test_user_text_is_always_escaped(text, name):
    html = tokenlab.tokenize(text + "<script>alert(1)</script><img src=x onerror=alert(2)>", encoding=name).to_html()
    parsed = parse(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert parsed.tags <= {"div", "span", "sup", "sub"}


def test_html_is_deterministic_and_has_no_script():
    text = "Tokens are fun! 你好 👍🏽"
    first, second = tokenlab.tokenize(text).to_html(), tokenlab.tokenize(text).to_html()
    assert first == second
    assert "<script" not in first.lower() and "id=" not in first


def test_header_gives_tokens_characters_words_and_tokens_per_word():
    html = tokenlab.tokenize("Hello world, hello tokens", encoding="cl100k_base").to_html()
    assert "cl100k_base: 5 tokens · 25 characters · 4 words · 1.25 tokens per word" in html
    one = tokenlab.tokenize("a").to_text()
    assert "1 token · 1 character · 1 word" in one


def test_split_character_is_drawn_once_and_marked_with_its_token_count():
    html = tokenlab.tokenize("你好", encoding="r50k_base").to_html()
    parsed = parse(html)
    assert "\ufffd" not in html
    assert [b["title"] for b in parsed.boxes] == [
        "你 = 2 tokens: id 19526 (e4 bd) + id 254 (a0)",
        "好 = 2 tokens: id 25001 (e5 a5) + id 121 (bd)",
    ]
    assert all("border-style:dashed" in b["style"] for b in parsed.boxes)
    assert html.count("你") == 2  # once in the box, once in its hover text
    assert "one character split over several tokens" in html


@given(text=clean_texts, name=st.sampled_from(tokenlab.encodings()))
def test_no_bare_replacement_character_is_ever_drawn(text, name):
    text = text.replace("\ufffd", "")
    tokens = tokenlab.tokenize(text, encoding=name)
    assert "\ufffd" not in tokens.to_html()
    assert "\ufffd" not in tokens.to_text()
    assert "\ufffd" not in tokens.to_text(view="bytes", ids=True)


@given(text=texts, name=st.sampled_from(tokenlab.encodings()))
def test_drawn_text_is_the_whole_text_with_invisible_characters_marked(text, name):
    tokens = tokenlab.tokenize(text, encoding=name)
    clean = tokenlab.get_encoding(name).decode(tokens.ids)  # lone surrogates become U+FFFD
    expected = _visible.plain(clean) if clean else "(empty text: 0 tokens)"
    assert "".join(parse(render.html(tokens, header=False)).body) == expected


def test_whitespace_is_visible_and_layout_kept():
    html = tokenlab.tokenize("a b\tc\nd\r\n", encoding="cl100k_base").to_html()
    assert "·" in html and "→</span>\t" in html and "↵</span>\n" in html and "␍" in html
    assert "white-space:pre-wrap" in html
    text = tokenlab.tokenize("a b\tc\nd", encoding="cl100k_base").to_text(header=False)
    assert text == "a|·b|→\tc|↵\n|d"


def test_invisible_and_bidi_characters_are_named():
    text = tokenlab.tokenize("a\u200db\u202ec\x00", encoding="cl100k_base").to_text(header=False)
    assert "⟨ZWJ⟩" in text and "⟨RLO⟩" in text and "␀" in text
    assert "\u202e" not in tokenlab.tokenize("x\u202ey").to_html()


def test_ids_option_writes_ids_inline():
    html = tokenlab.tokenize("Hello world", encoding="cl100k_base").to_html(ids=True)
    assert ">9906</sub>" in html and ">1917</sub>" in html
    assert tokenlab.tokenize("你", encoding="r50k_base").to_text(ids=True, header=False) == "你²[19526+254]"


def test_bytes_view_shows_each_tokens_bytes_in_hex():
    tokens = tokenlab.tokenize("你", encoding="r50k_base")
    assert tokens.to_text(view="bytes", header=False) == "e4 bd|a0"
    boxes = parse(tokens.to_html(view="bytes")).boxes
    assert [b["title"] for b in boxes] == ["id 19526: ⟨e4 bd⟩", "id 254: ⟨a0⟩"]


def test_huge_input_is_drawn_capped_with_a_note_and_exact_counts():
    text = "word " * 499_999 + "word"  # 2.5 MB, one token a word
    tokens = tokenlab.tokenize(text)
    html = tokens.to_html()
    assert len(parse(html).boxes) == render.DEFAULT_MAX_TOKENS
    assert f"{500_000 - render.DEFAULT_MAX_TOKENS:,} more tokens not drawn" in html
    assert "500,000 tokens · 2,499,999 characters" in html
    assert len(html) < 500_000
    assert len(tokens.to_text()) < 30_000


def test_max_tokens_never_cuts_a_split_character():
    tokens = tokenlab.tokenize("你好", encoding="r50k_base")
    assert tokens.to_text(max_tokens=1, header=False).startswith("你²")


def test_mimebundle_has_html_and_a_short_plain_text():
    bundle = tokenlab.tokenize("Hello world")._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/plain"] == "o200k_base: 2 tokens · 11 characters · 2 words · 1.00 tokens per word\nHello|·world"


def test_plain_text_separates_tokens_with_a_mark_the_text_does_not_hold():
    assert tokenlab.tokenize("a|b").to_text(header=False) == "a│|│b"
    assert tokenlab.tokenize("x").to_text(header=False) == "x"


@given(text=clean_texts)
def test_plain_text_boxes_split_back_into_the_tokens(text):
    tokens = tokenlab.tokenize(text.replace("\ufffd", ""))
    drawn = tokens.to_text(header=False, max_tokens=10_000)
    separator = next((s for s in render.SEPARATORS if s not in _visible.plain(tokens.text)), None)
    if separator is not None and len(tokens):
        assert len(drawn.split(separator)) == len(tokens.segments())


def test_every_display_keeps_mathjax_away_from_dollar_signs():
    assert "tex2jax_ignore mathjax_ignore" in tokenlab.tokenize("costs $5 and $6").to_html()


def test_empty_text_says_so():
    assert "empty text" in tokenlab.tokenize("").to_html()


def test_ansi_colors_never_give_neighbours_the_same_color():
    text = tokenlab.tokenize("aaaa aaaa aaaa", encoding="cl100k_base").to_text(color=True, header=False)
    colors = re.findall(r"\x1b\[48;5;(\d+);", text)
    assert len(colors) == len(tokenlab.tokenize("aaaa aaaa aaaa", encoding="cl100k_base"))
    assert all(a != b for a, b in itertools.pairwise(colors))


@pytest.mark.parametrize(("option", "value"), [("view", "hex"), ("max_tokens", -1), ("max_tokens", 1.5)])
def test_bad_options_are_clear_errors(option, value):
    with pytest.raises(ValueError, match=option):
        tokenlab.tokenize("x").to_html(**{option: value})


@given(text=clean_texts, name=st.sampled_from(["r50k_base", "o200k_base"]), data=st.data())
def test_marked_boxes_and_only_they_are_underlined_and_nothing_else_changes(text, name, data):
    tokens = tokenlab.tokenize(text, encoding=name)
    n = len(tokens.segments())
    marked = data.draw(st.sets(st.integers(0, max(n - 1, 0)), max_size=n))
    plain_boxes, marked_boxes = parse(render.html(tokens)).boxes, parse(render.html(tokens, marked=marked)).boxes
    assert len(plain_boxes) == len(marked_boxes) == n
    for k, (before, after) in enumerate(zip(plain_boxes, marked_boxes, strict=True)):
        assert after["title"] == before["title"]
        assert after["style"] == (before["style"] + ";" + render.MARK if k in marked else before["style"])


def test_marks_work_in_the_bytes_view_and_with_ids():
    tokens = tokenlab.tokenize("你好", encoding="r50k_base")
    assert render.html(tokens, view="bytes", marked={1}).count(render.MARK) == 1
    assert render.html(tokens, ids=True, marked={0, 1}).count(render.MARK) == 2


# The HTML and text of every drawing are byte for byte what they were before drawing was made faster
# (tests/reference_render.py keeps that code, with each id's bytes taken from tiktoken itself).

OPTIONS = [
    {},
    {"ids": True},
    {"view": "bytes"},
    {"view": "bytes", "ids": True},
    {"max_tokens": 3},
    {"max_tokens": 0},
    {"ids": True, "max_tokens": 5, "header": False},
    {"marked": {0, 2, 5}},
    {"marked": {1, 3}, "ids": True},
    {"marked": {0, 1}, "view": "bytes"},
    {"marked": {0, 4}, "max_tokens": 3},
]


@pytest.fixture(scope="module")
def reference_table(reference):
    tables = {}

    def table(name):
        if name not in tables:
            if name in tokenlab.encodings("openai"):
                tables[name] = reference_render.table_of(reference(name))
            else:
                from . import vendor_refs

                tables[name] = vendor_refs.token_table(name)
        return tables[name]

    return table


def assert_drawn_as_before(tokens, table, options):
    assert render.html(tokens, **options) == reference_render.html(tokens, table, **options)
    options = {k: v for k, v in options.items() if k != "marked"}  # marks are drawn in HTML only
    assert render.text(tokens, **options) == reference_render.text(tokens, table, **options)
    assert render.text(tokens, color=True, **options) == reference_render.text(tokens, table, color=True, **options)


@given(
    text=texts,
    name=st.sampled_from(tokenlab.encodings()),
    options=st.sampled_from(OPTIONS),
    special=st.booleans(),
)
def test_drawings_are_byte_for_byte_what_they_were_for_any_text(reference_table, text, name, options, special):
    tokens = tokenlab.tokenize(text, encoding=name, allowed_special="all" if special else frozenset())
    assert_drawn_as_before(tokens, reference_table(name), options)


@pytest.mark.parametrize("name", tokenlab.encodings())
def test_drawings_of_every_language_are_byte_for_byte_what_they_were(reference_table, name):
    from tokenlab.corpus import load_corpus

    for language in load_corpus().values():
        text = language.units["1"] + "\n" + language.units["2"]
        tokens = tokenlab.tokenize(text, encoding=name)
        for options in ({}, {"ids": True}, {"max_tokens": 7}):
            assert_drawn_as_before(tokens, reference_table(name), options)


def test_drawings_of_a_toy_bpe_are_byte_for_byte_what_they_were():
    from tokenlab import bpe

    steps = bpe.train("the cat sat on the mat, 猫坐在垫子上，猫吃了老鼠", merges=30)
    for after in (0, 5, 30):
        tokens = steps.tokenize(after=after)
        for options in ({}, {"ids": True}, {"view": "bytes"}):
            assert_drawn_as_before(tokens, steps.table, options)


# Bounded by size too, not only in tokens: 2,000 tokens of 128 spaces each were megabytes of HTML.
runs = st.lists(
    st.tuples(
        st.sampled_from([" ", "\n", "\t", "\u3000", "\u200b", "a", "ab ", "你", "👍🏽", "<&>", "\x00"]),
        st.integers(1, 4_000),
    ),
    min_size=1,
    max_size=4,
).map(lambda parts: "".join(piece * n for piece, n in parts))


@settings(max_examples=15)
@given(
    text=runs,
    name=st.sampled_from(["r50k_base", "cl100k_base", "o200k_base", "qwen", "tekken"]),
    options=st.sampled_from([{}, {"ids": True}, {"view": "bytes"}, {"view": "bytes", "ids": True}]),
    max_chars=st.sampled_from([0, 1, 50, 3_000, render.DEFAULT_MAX_CHARS]),
)
def test_a_drawing_holds_at_most_max_chars_characters_in_bounded_html_and_says_what_it_left_out(
    text, name, options, max_chars
):
    tokens = tokenlab.tokenize(text, encoding=name)
    html = render.html(tokens, max_chars=max_chars, **options)
    boxes = parse(html).boxes
    drawn = sum(int(b["title"].split(" = ")[1].split()[0]) if " = " in b["title"] else 1 for b in boxes)
    shown = tokens.segments(drawn) if drawn else []
    assert sum(len(s.text) for s in shown) <= max(max_chars, 0) or drawn == 0
    bound = max(render.HTML_PER_CHAR * max_chars, 64_000)
    assert len(html) <= bound + 2_000  # the boxes within the bound, plus the header and the notes
    assert ("not drawn (the counts are exact)" in html) == (drawn < len(tokens))
    plain = render.text(tokens, max_chars=max_chars, **options)
    assert len(plain) <= 12 * max_chars + 40 * min(len(tokens), render.DEFAULT_MAX_TOKENS) + 500
    # The text view is bounded in characters and tokens only (the HTML also in its own size, so with ids
    # it may stop a box earlier): it says what it left out exactly when the text is past those bounds.
    cut = len(text) > max_chars or len(tokens) > render.DEFAULT_MAX_TOKENS
    assert ("not drawn (the counts are exact)" in plain) == cut or options.get("view") == "bytes"


def test_spaces_stop_the_drawing_by_characters_long_before_its_tokens_and_it_says_why():
    tokens = tokenlab.tokenize(" " * 200_000)  # 1,563 tokens of 128 spaces: under max_tokens
    html, plain = tokens.to_html(), tokens.to_text()
    assert len(html) < 500_000 and len(plain) < 20_000
    drawn = render.DEFAULT_MAX_CHARS // 128
    assert f"{len(tokens) - drawn:,} more tokens not drawn" in html
    assert f"at most {render.DEFAULT_MAX_CHARS:,} characters" in html and "max_chars" in html
    with tokenlab._i18n.speaking("zh_CN"):
        assert f"一幅图最多画出文本的 {render.DEFAULT_MAX_CHARS:,} 个字符" in tokens.to_html()
    assert len(parse(tokens.to_html(max_chars=20_000)).boxes) == 20_000 // 128  # more when asked for


def test_max_chars_is_checked_like_max_tokens():
    for bad in (-1, 1.5, True, "10", None):
        with pytest.raises(ValueError, match="max_chars"):
            tokenlab.tokenize("x").to_html(max_chars=bad)


def test_a_text_with_nothing_drawn_is_not_called_empty():
    tokens = tokenlab.tokenize("hello")
    for drawn in (tokens.to_html(max_chars=0), tokens.to_text(max_chars=0), tokens.to_html(max_tokens=0)):
        assert "empty text" not in drawn and "1 more token not drawn" in drawn
    assert "empty text" in tokenlab.tokenize("").to_html(max_chars=0)
