"""Widgets: the time of one interaction with each, at the limits of its inputs.

    python benchmarks/widgets.py       # or as a section of benchmarks/run.py

A student's click or keystroke runs the widget's redraw in the kernel; while it runs the notebook
does not answer, so none should take more than about half a second. Each widget is opened once
(timed too: that is the cell that shows it), then one value is set as a student would set it, at
the far end of what the widget takes: the longest texts, every option picked. Values set from code
redraw at once (no debounce), so the time measured is the redraw's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

INTERACTION_TARGET_S = 0.5

LONG_TEXT = 100_000  # characters pasted into a text box: a long chapter


def _long(paragraph: str, characters: int = LONG_TEXT) -> str:
    return (paragraph * (characters // len(paragraph) + 1))[:characters]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _row(label: str, seconds: float, target: float | None = INTERACTION_TARGET_S) -> None:
    verdict = "" if target is None else ("  ok" if seconds <= target else "  over")
    print(f"  {label:<84} {seconds * 1e3:8.1f} ms{verdict}")


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
    everything = registry.encodings()

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
            lambda: ContextGauge("Hi", "gpt-4o", debounce=0),
            lambda g: (setattr(g.text, "value", longest), setattr(g.model, "value", "gpt-4")),
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


if __name__ == "__main__":
    import sys
    import warnings
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    warnings.simplefilter("ignore")  # notices (e.g. a budget passed) are not what is measured
    main()
