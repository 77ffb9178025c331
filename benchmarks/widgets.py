"""Widgets: the time of one interaction with each, at the limits of its inputs.

    python benchmarks/widgets.py       # or as a section of benchmarks/run.py

A student's click or keystroke runs the widget's redraw in the kernel; while it runs the notebook
does not answer, so none should take more than about half a second. Each widget is opened once
(timed too: that is the cell that shows it), then one value is set as a student would set it, at
the far end of what the widget takes: the longest texts, every option picked. Values set from code
redraw at once (no debounce), so the time measured is the redraw's. Where an interaction must
encode a text, the bare tiktoken work it cannot avoid is timed beside it, in the same run: on a busy
machine both grow, and the ratio says what the widget adds.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

INTERACTION_TARGET_S = 0.5

LONG_TEXT = 100_000  # characters pasted into a text box: a long chapter
MB = 1_000_000  # and a whole book: the most a text box is tried with


def _long(paragraph: str, characters: int = LONG_TEXT) -> str:
    return (paragraph * (characters // len(paragraph) + 1))[:characters]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _row(label: str, seconds: float, target: float | None = INTERACTION_TARGET_S, bare: float | None = None) -> None:
    verdict = "" if target is None else ("  ok" if seconds <= target else "  over")
    alone = "" if bare is None else f"  (tiktoken alone {bare * 1e3:6.1f} ms: {seconds / bare:4.1f}x)"
    print(f"  {label:<84} {seconds * 1e3:8.1f} ms{verdict}{alone}")


def _bare(text: str, *names: str) -> Callable[[], Any]:
    """tiktoken's own encode of ``text`` under ``names`` (its Python-regex path where its Rust regex
    would overflow, as tokenlab takes it)."""
    from tokenlab import registry

    def encode() -> None:
        for name in names:
            enc = registry.get_encoding(name)
            enc._encode_only_native_bpe(text) if text.startswith(" " * 1000) else enc.encode_ordinary(text)

    return encode


def _mixed(size: int) -> str:
    rng = random.Random(0)
    words = ["the", " cat", " sat", "你好", "世界", "😀", "👍🏽", " on", " mat", ",", " 人工智能", "\n", " token", "🇫🇷"]
    return "".join(rng.choice(words) for _ in range(size))[:size]


def at_the_limits() -> list[tuple[str, Callable[[int], Any], Callable[[Any, int], Any], Callable[[], Any] | None]]:
    """The same widgets pushed further: a megabyte pasted, one huge word, a megabyte of spaces,
    the merge stepper's worst texts, every model, a budget with 1,000 requests behind it."""
    from texts import CHINESE_PARAGRAPH, ENGLISH_PARAGRAPH

    from tokenlab import bpe, registry
    from tokenlab.usage import Budget
    from tokenlab.widgets import BudgetMeter, ContextGauge, CostCalculator, EncodingComparison, MergeStepper, Playground
    from tokenlab.widgets.costs import countable_models

    english, chinese = _long(ENGLISH_PARAGRAPH, MB), _long(CHINESE_PARAGRAPH, MB // 3)  # about 1 MB of UTF-8 each
    rows: list[tuple[str, Callable[[int], Any], Callable[[Any, int], Any], Callable[[], Any] | None]] = []
    for label, text in (
        ("1 MB of English", english),
        ("1 MB of Chinese", chinese),
        ("1 MB of one letter (one huge word)", "a" * MB),
        ("1 MB of spaces (tiktoken's Rust regex overflows)", " " * MB),
        ("1 MB of <|endoftext|> (a special token, as text)", "<|endoftext|>" * (MB // 13)),
    ):
        rows.append(
            (
                f"Playground: paste {label}",
                lambda i: Playground("Hi", debounce=0),
                lambda p, i, text=text: setattr(p.text, "value", f"{text}{i}"),
                _bare(text, "o200k_base"),
            )
        )
    everything = registry.encodings("openai")
    rows.append(
        (
            "EncodingComparison: paste 1 MB of English, all six encodings",
            lambda i: EncodingComparison("Hi", everything, debounce=0),
            lambda c, i: setattr(c.text, "value", f"{english}{i}"),
            _bare(english, *everything),
        )
    )
    for label, text, merges in (
        ('1,250 x "你好世界", 50 merges', "你好世界" * 1250, 50),
        ('1,250 x "你好世界", 500 merges', "你好世界" * 1250, 500),
        ('"a" x 5,000, 500 merges', "a" * 5000, 500),
        ("5,000 characters of English, Chinese and emoji, 500 merges", _mixed(bpe.MAX_TEXT), 500),
    ):
        rows.append(
            (
                f"MergeStepper: train on {label}",
                lambda i, merges=merges: MergeStepper("the cat sat", merges=merges, debounce=0),
                lambda m, i, text=text: setattr(m.text, "value", text[: len(text) - i]),
                None,
            )
        )
        rows.append(
            (
                f"MergeStepper: {label}, slider to the middle",
                lambda i, text=text, merges=merges: MergeStepper(text, merges=merges, debounce=0),
                lambda m, i: setattr(m.step, "value", m.step.max // 2 + i),
                None,
            )
        )
    rows += [
        (
            "CostCalculator: paste 1 MB of English, compare all models",
            lambda i: CostCalculator("Hi", "gpt-4o", compare=countable_models(), debounce=0),
            lambda c, i: setattr(c.text, "value", f"{english}{i}"),
            _bare(english, "o200k_base", "cl100k_base"),
        ),
        (
            "CostCalculator: 1 MB of English, all models, change the output tokens",
            lambda i: CostCalculator(f"{english}{i}", "gpt-4o", compare=countable_models(), debounce=0),
            lambda c, i: setattr(c.output_tokens, "value", 1234),
            None,
        ),
        (
            "ContextGauge: paste 1 MB of English",
            lambda i: ContextGauge("Hi", "gpt-5.4", debounce=0),
            lambda g, i: setattr(g.text, "value", f"{english}{i}"),
            _bare(english, "o200k_base"),
        ),
        (
            "ContextGauge: 1 MB of English, pick another model",  # the gauge offers current models only: o200k_base
            lambda i: ContextGauge(f"{english}{i}", "gpt-5.4", debounce=0),
            lambda g, i: setattr(g.model, "value", "gpt-5.4-mini"),
            _bare(english, "o200k_base"),
        ),
        (
            "BudgetMeter: record a request after 1,000 others",
            lambda i: _recorded(BudgetMeter(Budget(limit_usd=1_000_000)), 1000),
            lambda meter, i: _recorded(meter, 1),
            None,
        ),
    ]
    return rows


def _recorded(meter: Any, times: int) -> Any:
    for _ in range(times):
        meter.budget.record({"prompt_tokens": 1000, "completion_tokens": 100}, model="gpt-4o")
    return meter


def cases() -> list[tuple[str, Callable[[], Any], Callable[[Any], Any]]]:
    """(what, open the widget, one interaction at its limits)."""
    from texts import CHINESE_PARAGRAPH, ENGLISH_PARAGRAPH

    from tokenlab import bpe, registry
    from tokenlab.usage import Budget
    from tokenlab.widgets import (
        BudgetMeter,
        ContextGauge,
        CostCalculator,
        EncodingComparison,
        LanguageExplorer,
        MergeStepper,
        Playground,
    )
    from tokenlab.widgets.costs import countable_models

    chinese, english = _long(CHINESE_PARAGRAPH), _long(ENGLISH_PARAGRAPH)
    longest = _long(ENGLISH_PARAGRAPH, LONG_TEXT * 10)
    everything = registry.encodings("openai")

    def all_encodings_shown() -> LanguageExplorer:
        return LanguageExplorer(encodings=everything)

    def pick_all_languages(explorer: LanguageExplorer) -> None:
        explorer.languages.value = tuple(code for _label, code in explorer.languages.options)

    def record(meter: BudgetMeter) -> None:
        meter.budget.record({"prompt_tokens": 1_000_000, "completion_tokens": 100_000}, model="gpt-4o")

    return [
        (
            f"Playground: paste {LONG_TEXT:,} Chinese characters, r50k_base, ids and bytes shown",
            lambda: Playground("Hi", "r50k_base", ids=True, debounce=0),
            lambda p: (setattr(p.bytes, "value", True), setattr(p.text, "value", chinese)),
        ),
        (
            f"Playground: paste {LONG_TEXT:,} Chinese characters, r50k_base, text view",
            lambda: Playground("Hi", "r50k_base", debounce=0),
            lambda p: setattr(p.text, "value", chinese),
        ),
        (
            f"EncodingComparison: {LONG_TEXT:,} Chinese characters, all six encodings",
            lambda: EncodingComparison("Hi", everything, debounce=0),
            lambda c: setattr(c.text, "value", chinese),
        ),
        (
            f"MergeStepper: {bpe.MAX_TEXT:,} characters, {bpe.MAX_MERGES} merges (retrain)",
            lambda: MergeStepper("the cat sat", merges=bpe.MAX_MERGES, debounce=0),
            lambda m: setattr(m.text, "value", _long(ENGLISH_PARAGRAPH, bpe.MAX_TEXT)),
        ),
        (
            "MergeStepper: move the slider to the last merge",
            lambda: MergeStepper(_long(ENGLISH_PARAGRAPH, 1000), merges=bpe.MAX_MERGES, debounce=0),
            lambda m: (setattr(m.step, "value", 0), setattr(m.step, "value", m.step.max)),
        ),
        (
            "LanguageExplorer: all six encodings shown, pick all 52 languages",
            all_encodings_shown,
            pick_all_languages,
        ),
        (
            f"CostCalculator: {LONG_TEXT:,} English characters, compare all models",
            lambda: CostCalculator("Hi", "gpt-4o", debounce=0),
            lambda c: (setattr(c.compare, "value", tuple(countable_models())), setattr(c.text, "value", english)),
        ),
        (
            f"ContextGauge: {LONG_TEXT * 10:,} English characters, then another model",
            lambda: ContextGauge("Hi", "gpt-5.4", debounce=0),
            lambda g: (setattr(g.text, "value", longest), setattr(g.model, "value", "gpt-5.4-mini")),
        ),
        ("BudgetMeter: record a request", lambda: BudgetMeter(Budget(limit_usd=1)), record),
    ]


def main() -> None:
    target = INTERACTION_TARGET_S
    print(f"Each widget: opening it, then one interaction at its input limits (target: under {target} s):")
    for label, make, interact in cases():
        opening, widget = _timed(make)
        seconds, _ = _timed(lambda: interact(widget))
        _row(f"{label.split(':')[0]}: open", opening, None)
        _row(label, seconds)
    print("Further, one interaction each (the median of 3):")
    for label, make, interact, bare in at_the_limits():
        times = []
        for i in range(3):  # each round its own text: no count is reused from the round before
            widget = make(i)
            times.append(_timed(lambda: interact(widget, i))[0])
        floor = None if bare is None else min(_timed(bare)[0] for _ in range(3))
        _row(label, sorted(times)[1], bare=floor)


if __name__ == "__main__":
    import sys
    import warnings
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    warnings.simplefilter("ignore")  # notices (e.g. a budget passed) are not what is measured
    main()
