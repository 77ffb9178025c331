"""Hostile input against every public function and widget: wrong types, NaN and infinities, huge
numbers, huge or empty strings, special-token strings, lone surrogates, bidi controls, malformed
dicts. Each call must return, or raise a clear one-line error a user can act on (ValueError,
TypeError, KeyError, or the module's own documented exception), and never freeze: never an
AttributeError, RecursionError, decimal.InvalidOperation, UnicodeError, OverflowError, IndexError
or the like from deep inside.
"""

from __future__ import annotations

import decimal
import importlib
import math
import warnings
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab import (
    bpe,
    chat,
    corpus,
    digits,
    formats,
    images,
    keys,
    languages,
    limits,
    plots,
    pricing,
    ratelimits,
    registry,
    render,
    retry,
    streaming,
    tokens,
    usage,
    vocab,
)
from tokenlab.demo_api import DemoAPI

from .strategies import SNIPPETS, texts

compare = importlib.import_module("tokenlab.compare")  # tokenlab.compare is the function
explain = importlib.import_module("tokenlab.explain")  # and tokenlab.explain too

# A clear error a user can act on: one of these, with a one-line message.
CLEAR = (ValueError, TypeError, KeyError, usage.BudgetExceeded)
# Raw errors from deep inside; ValueError's own subclasses among them are not clear either.
RAW = (UnicodeError, decimal.InvalidOperation, RecursionError, OverflowError, AttributeError, IndexError)

_deep: object = {"a": 1}
for _ in range(5000):
    _deep = {"a": _deep}
_deep_list: object = []
for _ in range(5000):
    _deep_list = [_deep_list]

hostile_values = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            -1,
            1,
            2**63,
            10**40,
            -(10**40),
            1.5,
            math.nan,
            math.inf,
            -math.inf,
            -0.0,
            1e308,
            decimal.Decimal("NaN"),
            decimal.Decimal("1e999"),
            decimal.Decimal("-1"),
            "",
            " ",
            "   \t\n",
            "gpt-4o",
            "o200k_base",
            "all",
            "<|endoftext|>",
            "\ud800",
            "\u202e\u2066abc",
            "\ufeff",
            "$x$ {x} %s",
            "a" * 100_000,
            " " * 100_000,
            b"bytes",
            bytearray(b"\xff"),
            [],
            [None],
            [{}],
            [1, 2, 3],
            ["<|endoftext|>"],
            {},
            {"role": None},
            {"role": "user", "content": None},
            {"prompt_tokens": math.nan},
            {"a": [1, {"b": None}]},
            {None: 1},
            _deep,
            _deep_list,
            (),
            {1, 2},
            object(),
            Path("/nonexistent/prices.json"),
            print,
        ]
    ),
    st.sampled_from(SNIPPETS),
    texts,
    st.integers(),
    st.floats(),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=4),
    st.dictionaries(
        st.text(max_size=5), st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=5)), max_size=3
    ),
)

TEXT = "Hello, 世界 <|endoftext|>"
MESSAGES = [{"role": "user", "content": "hi"}]
USAGE = {"prompt_tokens": 10, "completion_tokens": 5}


def _table():
    return languages.premiums(corpus.load_corpus({"eng": "Hello.", "fra": "Bonjour."}), encodings=["o200k_base"])


def _budget_record(v):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return usage.Budget(10).record(v, model="gpt-4o")


def _use_prices(v):
    with pricing.use_prices(v):
        pass


def _with_demo_api(call: Callable[[DemoAPI], object]) -> object:
    return call(DemoAPI())  # not started: answer() and key() need no server


# Each target calls one public function with the hostile value in one place, the rest valid.
TARGETS: dict[str, Callable[[object], object]] = {
    "tokenize(v)": lambda v: tokens.tokenize(v),
    "tokenize(encoding=v)": lambda v: tokens.tokenize(TEXT, encoding=v),
    "tokenize(model=v)": lambda v: tokens.tokenize(TEXT, model=v),
    "tokenize(allowed_special=v)": lambda v: tokens.tokenize(TEXT, allowed_special=v),
    "count(v)": lambda v: tokens.count(v),
    "count(encoding=v)": lambda v: tokens.count(TEXT, encoding=v),
    "count(allowed_special=v)": lambda v: tokens.count(TEXT, allowed_special=v),
    "Tokens.to_html(max_tokens=v)": lambda v: tokens.tokenize(TEXT).to_html(max_tokens=v),
    "render.html(view=v)": lambda v: render.html(tokens.tokenize(TEXT), view=v),
    "render.text(max_tokens=v)": lambda v: render.text(tokens.tokenize(TEXT), max_tokens=v),
    "render.html(v)": lambda v: render.html(v),
    "tokens[v]": lambda v: tokens.tokenize(TEXT)[v],
    "compare(v)": lambda v: compare.compare(v).to_html(),
    "compare(encodings=v)": lambda v: compare.compare(TEXT, encodings=v).to_html(),
    "count_messages(v)": lambda v: chat.count_messages(v),
    "count_messages([v])": lambda v: chat.count_messages([v]),
    "count_messages(content=v)": lambda v: chat.count_messages([{"role": "user", "content": v}]),
    "count_messages(name=v)": lambda v: chat.count_messages([{"role": "user", "content": "x", "name": v}]),
    "count_messages(model=v)": lambda v: chat.count_messages(MESSAGES, model=v),
    "count_messages(tools=v)": lambda v: chat.count_messages(MESSAGES, tools=v),
    "count_messages(tools=[v])": lambda v: chat.count_messages(MESSAGES, tools=[v]),
    "bpe.train(v)": lambda v: bpe.train(v).tokenize(),
    "bpe.train(merges=v)": lambda v: bpe.train("low lower", v),
    "bpe.train(encoding=v)": lambda v: bpe.train("low lower", 3, encoding=v),
    "Merges.tokenize(after=v)": lambda v: bpe.train("low lower", 3).tokenize(after=v),
    "bpe.shown(v)": lambda v: bpe.shown(v),
    "load_corpus(v)": lambda v: corpus.load_corpus(v) if v is not None else None,
    "load_corpus({eng: v})": lambda v: corpus.load_corpus({"eng": "Hi.", "fra": v}),
    "premiums(encodings=v)": lambda v: languages.premiums(encodings=v),
    "premiums(reference=v)": lambda v: languages.premiums(reference=v),
    "premiums(v)": lambda v: languages.premiums(v) if v is not None else None,
    "pricing.usd(v)": lambda v: pricing.usd(v),
    "estimate(v)": lambda v: pricing.estimate(v, model="gpt-4o"),
    "estimate(model=v)": lambda v: pricing.estimate(TEXT, model=v),
    "estimate(output_tokens=v)": lambda v: pricing.estimate(TEXT, model="gpt-4o", output_tokens=v),
    "estimate(reasoning_tokens=v)": lambda v: pricing.estimate(TEXT, model="o3", reasoning_tokens=v),
    "estimate(cached_input_tokens=v)": lambda v: pricing.estimate(2000, model="gpt-4o", cached_input_tokens=v),
    "estimate(batch=v)": lambda v: pricing.estimate(TEXT, model="gpt-4o", batch=v),
    "estimate(encoding=v)": lambda v: pricing.estimate(TEXT, model="gpt-4o", encoding=v),
    "estimate(prices=v)": lambda v: pricing.estimate(TEXT, model="gpt-4o", prices=v),
    "from_usage(v)": lambda v: pricing.from_usage(v, model="gpt-4o"),
    "from_usage(prompt_tokens=v)": lambda v: pricing.from_usage({"prompt_tokens": v}, model="gpt-4o"),
    "from_usage(completion_tokens=v)": lambda v: pricing.from_usage({**USAGE, "completion_tokens": v}, model="gpt-4o"),
    "from_usage(details=v)": lambda v: pricing.from_usage({**USAGE, "prompt_tokens_details": v}, model="gpt-4o"),
    "prices(v)": lambda v: pricing.prices(v) if v is not None else None,
    "load_prices(v)": lambda v: pricing.load_prices(v),
    "use_prices(v)": _use_prices,
    "compare_models(v)": lambda v: pricing.compare_models(v, models=["gpt-4o", "gpt-4"]),
    "compare_models(models=v)": lambda v: pricing.compare_models(TEXT, models=v),
    "cacheable_tokens(v)": lambda v: pricing.cacheable_tokens(v),
    "v * cost": lambda v: v * pricing.estimate(TEXT, model="gpt-4o"),
    "cost * v": lambda v: pricing.estimate(TEXT, model="gpt-4o") * v,
    "cost + v": lambda v: pricing.estimate(TEXT, model="gpt-4o") + v,
    "context_window(v)": lambda v: limits.context_window(v),
    "max_output(v)": lambda v: limits.max_output(v),
    "shares_window(v)": lambda v: limits.shares_window(v),
    "fits(v)": lambda v: limits.fits(v, model="gpt-4o").to_html(),
    "fits(model=v)": lambda v: limits.fits(TEXT, model=v),
    "fits(max_output_tokens=v)": lambda v: limits.fits(TEXT, model="gpt-4o", max_output_tokens=v),
    "chunk(v)": lambda v: limits.chunk(v, 10),
    "chunk(max_tokens=v)": lambda v: limits.chunk(TEXT * 3, v),
    "chunk(overlap=v)": lambda v: limits.chunk(TEXT * 3, 5, overlap=v),
    "truncate(max_tokens=v)": lambda v: limits.truncate(TEXT, v),
    "truncate(side=v)": lambda v: limits.truncate(TEXT, 3, side=v),
    "simulate(v)": lambda v: ratelimits.simulate(v, rpm=10, tpm=1000),
    "simulate([v])": lambda v: ratelimits.simulate([v], rpm=10, tpm=1000),
    "simulate(rpm=v)": lambda v: ratelimits.simulate(
        ratelimits.steady(3, per_minute=60, prompt_tokens=10), rpm=v, tpm=1000
    ),
    "simulate(tpm=v)": lambda v: ratelimits.simulate(
        ratelimits.steady(3, per_minute=60, prompt_tokens=10), rpm=10, tpm=v
    ),
    "simulate(window=v)": lambda v: ratelimits.simulate([], rpm=10, tpm=1000, window=v),
    "steady(v)": lambda v: ratelimits.steady(v, per_minute=60, prompt_tokens=10),
    "steady(per_minute=v)": lambda v: ratelimits.steady(3, per_minute=v, prompt_tokens=10),
    "steady(prompt_tokens=v)": lambda v: ratelimits.steady(3, per_minute=60, prompt_tokens=v),
    "status_text(v)": lambda v: ratelimits.status_text(v),
    "mask(v)": lambda v: keys.mask(v),
    "redact(v)": lambda v: keys.redact(v),
    "looks_like_key(v)": lambda v: keys.looks_like_key(v),
    "load_key(v)": lambda v: keys.load_key(v, env_file="/nonexistent/.env", ask=False),
    "load_key(env_file=v)": lambda v: keys.load_key("TOKENLAB_HOSTILE_NO_SUCH_KEY", env_file=v, ask=False),
    "Budget(v)": lambda v: usage.Budget(v),
    "Budget(thresholds=v)": lambda v: usage.Budget(10, thresholds=v),
    "Budget.record(v)": _budget_record,
    "Budget.record(prompt_tokens=v)": lambda v: _budget_record({"prompt_tokens": v}),
    "Budget.allows(v)": lambda v: usage.Budget(10).allows(v),
    "retry(v)": lambda v: retry.retry(v, sleep=lambda s: None),
    "retry(attempts=v)": lambda v: retry.retry(lambda: 1, attempts=v),
    "retry(base=v)": lambda v: retry.retry(lambda: 1, base=v),
    "retry(cap=v)": lambda v: retry.retry(lambda: 1, cap=v),
    "wait_for(v)": lambda v: retry.wait_for(v, 1),
    "wait_for(attempt=v)": lambda v: retry.wait_for(TimeoutError(), v),
    "worth_retrying(v)": lambda v: retry.worth_retrying(v),
    "DemoAPI(rpm=v)": lambda v: DemoAPI(rpm=v),
    "DemoAPI(tpm=v)": lambda v: DemoAPI(tpm=v),
    "DemoAPI.key(v)": lambda v: _with_demo_api(lambda api: api.key(v)),
    "DemoAPI.answer(body=v)": lambda v: _with_demo_api(lambda api: api.answer(api.key(), v)),
    "DemoAPI.answer(key=v)": lambda v: _with_demo_api(
        lambda api: api.answer(v, {"model": "gpt-4o", "messages": MESSAGES})
    ),
    "DemoAPI.answer(messages=v)": lambda v: _with_demo_api(
        lambda api: api.answer(api.key(), {"model": "gpt-4o", "messages": v})
    ),
    "DemoAPI.answer(model=v)": lambda v: _with_demo_api(
        lambda api: api.answer(api.key(), {"model": v, "messages": MESSAGES})
    ),
    "get_encoding(v)": lambda v: registry.get_encoding(v),
    "get_encoding(model=v)": lambda v: registry.get_encoding(model=v),
    "encoding_for_model(v)": lambda v: registry.encoding_for_model(v),
    "token_bytes(v)": lambda v: registry.token_bytes(v),
    "premium_chart(encodings=v)": lambda v: plots.premium_chart(_table(), v),
    "context_chart(window=v)": lambda v: plots.context_chart(_table(), window=v),
    "cost_chart(usd_per_million=v)": lambda v: plots.cost_chart(_table(), usd_per_million=v),
    "rate_limit_chart(v)": lambda v: plots.rate_limit_chart(v),
    "set_language(v)": lambda v: _language(v),
    "explain(v)": lambda v: explain.explain(v).to_html(),
    "explain(encoding=v)": lambda v: explain.explain("tokenization", encoding=v),
    "explain(model=v)": lambda v: explain.explain("tokenization", model=v),
    "image_tokens(width=v)": lambda v: images.image_tokens(v, 512, model="gpt-4o"),
    "image_tokens(height=v)": lambda v: images.image_tokens(512, v, model="gpt-4o"),
    "image_tokens(model=v)": lambda v: images.image_tokens(512, 512, model=v),
    "image_tokens(detail=v)": lambda v: images.image_tokens(512, 512, model="gpt-4o", detail=v),
    "part_tokens(v)": lambda v: images.part_tokens(v, model="gpt-4o"),
    "part_tokens(image_url=v)": lambda v: images.part_tokens({"type": "image_url", "image_url": v}, model="gpt-4o"),
    "part_tokens(url=v)": lambda v: images.part_tokens({"type": "image_url", "image_url": {"url": v}}, model="gpt-4o"),
    "part_tokens(sizes=v)": lambda v: images.part_tokens(
        {"type": "image_url", "image_url": {"url": "https://x/y.png"}}, model="gpt-4o", sizes=v
    ),
    "count_messages(image part=v)": lambda v: chat.count_messages(
        [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": v}}]}]
    ),
    # lesson 08's views
    "stream(v)": lambda v: streaming.stream(v).to_html(),
    "stream(encoding=v)": lambda v: streaming.stream(TEXT, encoding=v).to_html(),
    "stream(upto=v)": lambda v: streaming.stream(TEXT, upto=v).to_html(),
    "stream(rows=v)": lambda v: streaming.stream(TEXT, rows=v).to_html(),
    "Stream.to_html(upto=v)": lambda v: streaming.stream(TEXT).to_html(upto=v),
    "TextStream(v)": lambda v: list(streaming.TextStream(v)),
    "TextStream([v])": lambda v: list(streaming.TextStream([v])),
    "decode_chunks(v)": lambda v: list(streaming.decode_chunks(v)),
    "xray(v)": lambda v: vocab.xray(v).to_html(),
    "xray(script=v)": lambda v: vocab.xray("o200k_base", script=v).to_html(),
    "xray(top=v)": lambda v: vocab.xray("o200k_base", top=v).to_html(),
    "xray(longest=v)": lambda v: vocab.xray("o200k_base", longest=v).to_html(),
    "hanzi(v)": lambda v: vocab.hanzi(v),
    "digits(v)": lambda v: digits.digits(v, encodings=["o200k_base"]).to_html(),
    "digits(encodings=v)": lambda v: digits.digits("2025", encodings=v).to_html(),
    "formats(v)": lambda v: formats.formats(v).to_html(),
    "formats(encodings=v)": lambda v: formats.formats({"a": 1}, encodings=v).to_html(),
}


def _language(v: object) -> None:
    try:
        tokenlab.set_language(v)
    finally:
        tokenlab.set_language("en")


def _explain_pick(playground, value):
    playground.explain.value = True
    if isinstance(value, int) and not isinstance(value, bool):
        playground.pick.value = value  # a slider clamps its value


def _widget_targets() -> dict[str, Callable[[object], object]]:
    from tokenlab import widgets as w

    return {
        "Playground(v)": lambda v: w.Playground(v, debounce=0),
        "Playground(encoding=v)": lambda v: w.Playground("x", v, debounce=0),
        # Typed or pasted text (a value of another type is ipywidgets' own TraitError)
        "Playground.text = v": lambda v: (
            setattr(w.Playground(debounce=0).text, "value", v) if isinstance(v, str) else 0
        ),
        "MergeStepper.text = v": lambda v: (
            setattr(w.MergeStepper(debounce=0).text, "value", v) if isinstance(v, str) else 0
        ),
        "EncodingComparison(v)": lambda v: w.EncodingComparison(v, debounce=0),
        "EncodingComparison(encodings=v)": lambda v: w.EncodingComparison("x", v, debounce=0),
        "MergeStepper(v)": lambda v: w.MergeStepper(v, debounce=0),
        "MergeStepper(merges=v)": lambda v: w.MergeStepper("low lower", v, debounce=0),
        "CostCalculator(v)": lambda v: w.CostCalculator(v, debounce=0),
        "CostCalculator(model=v)": lambda v: w.CostCalculator("x", v, debounce=0),
        "CostCalculator(output_tokens=v)": lambda v: w.CostCalculator("x", output_tokens=v, debounce=0),
        "CostCalculator(compare=v)": lambda v: w.CostCalculator("x", compare=v, debounce=0),
        "ContextGauge(v)": lambda v: w.ContextGauge(v, debounce=0),
        "ContextGauge(model=v)": lambda v: w.ContextGauge("x", v, debounce=0),
        "ContextGauge(max_output_tokens=v)": lambda v: w.ContextGauge("x", max_output_tokens=v, debounce=0),
        "LanguageExplorer(v)": lambda v: w.LanguageExplorer(v, ["o200k_base"]),
        "LanguageExplorer(encodings=v)": lambda v: w.LanguageExplorer(["eng", "fra"], v),
        "LanguageExplorer(reference=v)": lambda v: w.LanguageExplorer(["eng"], ["o200k_base"], reference=v),
        "LanguageExplorer(corpus=v)": lambda v: w.LanguageExplorer(corpus=v),
        "BudgetMeter(v)": lambda v: w.BudgetMeter(v),
        "ImageCost(width=v)": lambda v: w.ImageCost(v, debounce=0),
        "ImageCost(model=v)": lambda v: w.ImageCost(512, 512, v, debounce=0),
        "ImageCost(detail=v)": lambda v: w.ImageCost(512, 512, detail=v, debounce=0),
        "ImageCost(compare=v)": lambda v: w.ImageCost(512, 512, compare=v, debounce=0),
        "Playground.explain pick = v": lambda v: _explain_pick(w.Playground("Hello tokenization", debounce=0), v),
        "StreamPlayer(v)": lambda v: w.StreamPlayer(v, debounce=0),
        "StreamPlayer(encoding=v)": lambda v: w.StreamPlayer("x", v, debounce=0),
        "StreamPlayer.text = v": lambda v: (
            setattr(w.StreamPlayer(debounce=0).text, "value", v) if isinstance(v, str) else 0
        ),
        "VocabularyXray(v)": lambda v: w.VocabularyXray(v),
        "VocabularyXray(script=v)": lambda v: w.VocabularyXray("o200k_base", script=v),
        "VocabularyXray(top=v)": lambda v: w.VocabularyXray("o200k_base", top=v),
        "DigitSplitter(v)": lambda v: w.DigitSplitter(v, ["o200k_base"], debounce=0),
        "DigitSplitter(encodings=v)": lambda v: w.DigitSplitter("2025", v, debounce=0),
        "DigitSplitter.text = v": lambda v: (
            setattr(w.DigitSplitter("1", ["o200k_base"], debounce=0).text, "value", v) if isinstance(v, str) else 0
        ),
        "FormatComparison(v)": lambda v: w.FormatComparison(v, debounce=0),
        "FormatComparison(encodings=v)": lambda v: w.FormatComparison("[1]", v, debounce=0),
        "FormatComparison.text = v": lambda v: (
            setattr(w.FormatComparison(debounce=0).text, "value", v) if isinstance(v, str) else 0
        ),
    }


def _clear_or_returns(call: Callable[[object], object], value: object, allowed: tuple = ()) -> None:
    try:
        call(value)
    except allowed:
        pass
    except CLEAR as error:
        assert not isinstance(error, RAW), f"a raw {type(error).__name__}: {error}"
        message = str(error)
        assert message and "\n" not in message.strip(), f"not a one-line message: {message!r}"
    except StopIteration:
        pass


_settings = settings(
    max_examples=400,
    deadline=timedelta(seconds=10),  # a freeze, not a benchmark: the slowest call here takes about 1 s
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("name", list(TARGETS))
@_settings
@given(value=hostile_values)
def test_every_public_function_returns_or_raises_a_clear_error(name, value):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # notices (a budget crossed, a deprecation) are not errors
        # tokens[i] out of range is an IndexError, as for any sequence
        _clear_or_returns(TARGETS[name], value, (IndexError,) if name == "tokens[v]" else ())


@pytest.mark.parametrize("name", list(_widget_targets()))
@settings(_settings, max_examples=60, deadline=timedelta(seconds=30))  # building an explorer takes seconds
@given(value=hostile_values)
def test_every_widget_returns_or_raises_a_clear_error(name, value):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _clear_or_returns(_widget_targets()[name], value)


@settings(_settings, max_examples=150)
@given(
    line=st.one_of(texts, st.sampled_from(SNIPPETS), st.sampled_from(["--model", "-e", "--compare ,", "-- ", "--ids"]))
)
def test_the_magic_takes_any_line_and_cell(line):
    from IPython.core.error import UsageError

    from tokenlab.magics import TokenMagics

    magics = TokenMagics(shell=None)  # the magic itself; tests/test_magics.py runs it in a real shell
    for call in (
        lambda: magics.tokens(line),
        lambda: magics.tokens("", line),
        lambda: magics.tokens("--compare r50k_base,o200k_base", line),
    ):
        try:
            call()
        except UsageError as error:
            assert "\n" not in str(error).strip()


def test_every_drawing_of_a_huge_text_stays_light_and_says_what_it_left_out(capsys):
    from tokenlab.display import show
    from tokenlab.magics import TokenMagics
    from tokenlab.widgets import EncodingComparison, Playground

    text = "x" + " " * 12_000 + "\n\t" * 2_000  # few tokens, many characters, each drawn as a mark
    names = ["r50k_base", "o200k_base", "qwen"]
    magics = TokenMagics(shell=None)
    playground = Playground(text, debounce=0)
    drawings = {
        "Tokens": tokenlab.tokenize(text)._repr_mimebundle_()["text/html"],
        "Tokens, text/plain": tokenlab.tokenize(text)._repr_mimebundle_()["text/plain"],
        "compare": tokenlab.compare(text, encodings=names)._repr_mimebundle_()["text/html"],
        "Playground": playground.output.value,
        "Playground, static": playground._repr_mimebundle_()["text/html"],
        "%tokens": magics.tokens(f"-- {text}")._repr_mimebundle_()["text/html"],
        "%tokens --ids --bytes": magics.tokens(f"--ids --bytes -- {text}")._repr_mimebundle_()["text/html"],
        "%%tokens --compare": magics.tokens("--compare r50k_base,gpt-4o,qwen", text)._repr_mimebundle_()["text/html"],
    }
    playground.bytes.value = playground.ids.value = True
    drawings["Playground, bytes and ids"] = playground.output.value
    comparison = EncodingComparison(text, names, debounce=0)
    drawings["EncodingComparison"] = comparison._repr_mimebundle_()["text/html"]
    show(text)
    drawings["show"] = capsys.readouterr().out
    for where, drawn in drawings.items():
        assert len(drawn) < 1_100_000 and "more tokens not drawn" in drawn, where
