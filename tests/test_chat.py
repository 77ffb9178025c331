"""count_messages against the prompt_tokens the API reported for OpenAI's published examples."""

from __future__ import annotations

import pytest

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
            [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}],
            ValueError,
            "images are not counted",
        ),
    ],
)
def test_malformed_messages_are_clear_errors(messages, error, match):
    with pytest.raises(error, match=match):
        tokenlab.count_messages(messages)


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown model 'gpt-4x'"):
        tokenlab.count_messages(WEATHER, model="gpt-4x")
