"""count_messages against the prompt_tokens the API reported for OpenAI's published examples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tokenlab
from tokenlab.chat import rule_for

# The cookbook's example ("How to count tokens with tiktoken", section 6) and the prompt_tokens the
# API reported for it, per model, as published there.
JARGON = [
    {
        "role": "system",
        "content": "You are a helpful, pattern-following assistant that translates corporate jargon "
        "into plain English.",
    },
    {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
    {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
    {
        "role": "system",
        "name": "example_user",
        "content": "Let's circle back when we have more bandwidth to touch base on opportunities "
        "for increased leverage.",
    },
    {
        "role": "system",
        "name": "example_assistant",
        "content": "Let's talk later when we're less busy about how to do better.",
    },
    {
        "role": "user",
        "content": "This late pivot means we don't have time to boil the ocean for the client deliverable.",
    },
]
WEATHER_TOOL = [
    {
        "type": "function",
        "function": {
            "name": "get_current_weather",
            "description": "Get the current weather in a given location",
            "parameters": {
                "type": "object",
                "properties": {
                    "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
                    "unit": {
                        "type": "string",
                        "description": "The unit of temperature to return",
                        "enum": ["celsius", "fahrenheit"],
                    },
                },
                "required": ["location"],
            },
        },
    }
]
WEATHER = [
    {"role": "system", "content": "You are a helpful assistant that can answer to questions about the weather."},
    {"role": "user", "content": "What's the weather like in San Francisco?"},
]


@pytest.mark.parametrize(
    ("model", "api_count"),
    [
        ("gpt-3.5-turbo-0301", 127),
        ("gpt-3.5-turbo-0613", 129),
        ("gpt-3.5-turbo", 129),
        ("gpt-4-0314", 129),
        ("gpt-4-0613", 129),
        ("gpt-4", 129),
        ("gpt-4o", 124),
        ("gpt-4o-mini", 124),
    ],
)
def test_messages_count_as_the_api_reported(model, api_count):
    assert tokenlab.count_messages(JARGON, model=model) == api_count


@pytest.mark.parametrize(
    ("model", "api_count"), [("gpt-3.5-turbo", 105), ("gpt-4", 105), ("gpt-4o", 101), ("gpt-4o-mini", 101)]
)
def test_tools_count_as_the_api_reported(model, api_count):
    assert tokenlab.count_messages(WEATHER, model=model, tools=WEATHER_TOOL) == api_count


def test_the_count_is_content_plus_overhead_item_by_item():
    n = tokenlab.count_messages(JARGON, model="gpt-4o")
    content = sum(tokenlab.count(m["content"], model="gpt-4o") for m in JARGON)
    assert n.content_tokens == content
    assert n.overhead_tokens == int(n) - content
    labels = [item.label for item in n.items]
    assert labels[1] == "message 2: system (example_user)"
    assert labels[-1].startswith("priming the reply")
    # message 2: 3 per message + "system" (1) + "example_user" (2) + 1 for the name
    assert n.items[1].overhead == 3 + 1 + tokenlab.count("example_user", model="gpt-4o") + 1


def test_a_chat_count_is_a_number_that_displays_as_a_table():
    n = tokenlab.count_messages([{"role": "user", "content": "Hi <b>there</b>"}], model="gpt-4")
    assert n + 1 == int(n) + 1 and isinstance(n, int)
    html = n._repr_mimebundle_()["text/html"]
    assert "<b>there" not in html and "message 1: user" in html and f"= {int(n)} tokens" in html
    assert repr(n).startswith(f"ChatCount({int(n)} tokens for gpt-4:")


def test_models_without_a_published_rule_are_marked_as_estimates():
    assert not rule_for("gpt-5").checked and rule_for("gpt-4o-2024-08-06").checked
    html = tokenlab.count_messages(WEATHER, model="gpt-4.1").to_html()
    assert "estimate: OpenAI published no counting rule for gpt-4.1" in html


def test_text_parts_are_counted_like_plain_content():
    parts = [{"role": "user", "content": [{"type": "text", "text": "Hello "}, {"type": "text", "text": "world"}]}]
    assert tokenlab.count_messages(parts) == tokenlab.count_messages([{"role": "user", "content": "Hello world"}])


@pytest.mark.parametrize(
    ("messages", "error", "match"),
    [
        ({"role": "user", "content": "hi"}, TypeError, "list of dicts"),
        (["hi"], TypeError, "message 1 is a str"),
        ([{"content": "hi"}], ValueError, "message 1 has no 'role'"),
        (
            [{"role": "user", "content": [{"type": "input_audio", "input_audio": {"data": "x"}}]}],
            ValueError,
            "text and image_url parts, not 'input_audio' parts",
        ),
    ],
)
def test_malformed_messages_are_clear_errors(messages, error, match):
    with pytest.raises(error, match=match):
        tokenlab.count_messages(messages)


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown model 'gpt-4x'"):
        tokenlab.count_messages(WEATHER, model="gpt-4x")


def png_url(width: int, height: int) -> str:
    import base64

    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big")
    return "data:image/png;base64," + base64.b64encode(header + b"\x08\x02\x00\x00\x00").decode()


def image_part(url: str, detail: str | None = None) -> dict:
    image = {"url": url} | ({"detail": detail} if detail else {})
    return {"type": "image_url", "image_url": image}


def test_image_parts_are_counted_by_the_documented_rule_each_on_its_own_line():
    text = [{"role": "user", "content": "What is in this image?"}]
    both = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in this image?"},
                image_part(png_url(1024, 1024), "high"),
                image_part("https://example.com/cat.jpg", "low"),
            ],
        }
    ]
    n = tokenlab.count_messages(both, model="gpt-4o", image_sizes={"https://example.com/cat.jpg": (4096, 8192)})
    assert int(n) == tokenlab.count_messages(text, model="gpt-4o") + 765 + 85
    images = [i for i in n.items if i.kind == "image"]
    assert [(i.detail, i.content, i.overhead) for i in images] == [
        ("1.1: 1024×1024, high", 765, 0),
        ("1.2: 4096×8192, low", 85, 0),
    ]
    assert [int(i) for i in n.images] == [765, 85]
    html = n.to_html()
    assert "image 1.1: 1024×1024, high" in html and "documented rule as of 2026-09" in html
    assert "usage.prompt_tokens" in html


def test_an_image_without_detail_is_auto_as_in_the_api():
    n = tokenlab.count_messages([{"role": "user", "content": [image_part(png_url(2048, 2048))]}], model="gpt-5.4")
    assert n.images[0].detail == "auto" and int(n.images[0]) == 3000


def test_pricing_prices_image_tokens_as_input():
    messages = [{"role": "user", "content": [image_part(png_url(1024, 1024), "high")]}]
    count = tokenlab.count_messages(messages, model="gpt-4o")
    assert tokenlab.pricing.estimate(messages, model="gpt-4o") == tokenlab.pricing.estimate(int(count), model="gpt-4o")
    assert tokenlab.pricing.prompt_tokens(messages, model="gpt-4o") == int(count) > 765


@pytest.mark.parametrize(
    ("part", "options", "error", "match"),
    [
        (image_part("https://example.com/cat.jpg"), {}, ValueError, "message 1, image 1: tokenlab does not download"),
        (image_part("data:image/png;base64,AAAA"), {}, ValueError, "cannot read the image's size"),
        (image_part(png_url(10, 10)), {"model": "gpt-4"}, ValueError, "no image rule for 'gpt-4'"),
        (image_part(png_url(10, 10), "original"), {}, ValueError, "gpt-4o takes detail"),
        ({"type": "image_url"}, {}, ValueError, "needs image_url"),
        (image_part("https://x.org/a.png"), {"image_sizes": {"https://x.org/a.png": 5}}, TypeError, "width, height"),
    ],
)
def test_image_parts_that_cannot_be_counted_are_clear_errors(part, options, error, match):
    with pytest.raises(error, match=match):
        tokenlab.count_messages([{"role": "user", "content": [part]}], **options)


def test_a_chat_count_copies_and_pickles_with_its_bill():
    import copy
    import pickle

    counted = tokenlab.count_messages([{"role": "user", "content": "hi there"}], model="gpt-4o")
    for again in (copy.copy(counted), copy.deepcopy(counted), pickle.loads(pickle.dumps(counted))):
        assert type(again) is type(counted) and again == counted and again.items == counted.items
        assert again.model == "gpt-4o" and again.rule == counted.rule and repr(again) == repr(counted)


@given(
    sizes=st.lists(st.tuples(st.integers(1, 5000), st.integers(1, 5000)), max_size=3),
    model=st.sampled_from(["gpt-4o", "gpt-4o-2024-05-13", "gpt-4.1-mini", "gpt-5.4"]),
)
def test_a_chat_count_with_images_copies_and_pickles_with_every_image(sizes, model):
    import copy
    import pickle

    parts = [image_part(f"https://x.org/{i}.png") for i in range(len(sizes))]
    known = {f"https://x.org/{i}.png": size for i, size in enumerate(sizes)}
    counted = tokenlab.count_messages([{"role": "user", "content": parts}], model=model, image_sizes=known)
    assert len(counted.images) == len(sizes)
    for again in (copy.copy(counted), copy.deepcopy(counted), pickle.loads(pickle.dumps(counted))):
        assert again == counted and again.items == counted.items and again.images == counted.images
        assert [vars(i) for i in again.images] == [vars(i) for i in counted.images]
        assert again.to_html() == counted.to_html()


def test_arithmetic_on_a_chat_count_gives_a_plain_int():
    counted = tokenlab.count_messages([{"role": "user", "content": "hi there"}], model="gpt-4o")
    for result in (counted + 1, 1 + counted, counted * 2, -counted, counted - counted, abs(counted), counted // 1):
        assert type(result) is int


@pytest.mark.parametrize(
    ("tools", "message"),
    [
        (["x"], "tool 1 must be a dict (a JSON object), not str"),
        ([{"type": "function", "function": None}], "tool 1's function must be a dict (a JSON object), not NoneType"),
        ([{"type": "function", "function": {"name": 5}}], "tool 1 needs a 'function' with a 'name'"),
    ],
)
def test_a_malformed_tool_is_named_with_what_it_is(tools, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        tokenlab.count_messages([{"role": "user", "content": "hi"}], tools=tools)


def test_a_text_part_without_text_counts_nothing_not_the_word_none():
    empty = tokenlab.count_messages([{"role": "user", "content": [{"type": "text", "text": None}]}], model="gpt-4o")
    assert empty.content_tokens == 0


def test_a_bill_of_any_length_draws_at_most_its_drawn_lines_with_exact_totals():
    from tokenlab.chat import DRAWN_LINES

    messages = [{"role": "user", "content": "hi", "name": "n" * 500}] * 1_000  # a long name, cut when drawn
    counted = tokenlab.count_messages(messages, model="gpt-4o")
    html = counted.to_html()
    assert html.count("<tr>") == 1 + DRAWN_LINES + 1  # the head, the lines drawn, and one for those between
    assert f"… {len(counted.items) - DRAWN_LINES:,} more lines" in html and len(html) < 60_000
    assert f">{counted.content_tokens:,}<" in html and f">{counted.overhead_tokens:,}<" in html  # exact totals, grouped
    assert "n" * 100 not in html and "nnn…" in html


def test_a_chat_count_speaks_the_language_in_use_with_its_punctuation():
    messages = [{"role": "system", "content": "你好"}, {"role": "user", "content": "hi"}]
    count = tokenlab.count_messages(messages, model="gpt-4o")
    assert count._repr_mimebundle_()["text/plain"] == (
        f"gpt-4o: {int(count)} tokens ({count.content_tokens} content + {count.overhead_tokens} overhead)"
    )
    tokenlab.set_language("zh-CN")
    try:
        bundle = count._repr_mimebundle_()
    finally:
        tokenlab.set_language("en")
    assert bundle["text/plain"].startswith(f"gpt-4o：{int(count)} 个词元")
    assert "消息 1：system" in bundle["text/html"] and "消息 2：user" in bundle["text/html"]
