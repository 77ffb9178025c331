"""Lesson 08's views: one interaction with each widget at the limits of its input, and the lesson's memory.

    python benchmarks/views.py            # or as the "views" section of benchmarks/run.py

As in ``widgets.py``: each widget is opened, then one value is set as a student sets it (values set
from code redraw at once, so the time is the redraw's), and each figure is the median of 3 rounds,
each round with a text of its own. Where an interaction must tokenize a text, the bare work it cannot
avoid (the encoding's own ``encode_ordinary``, tiktoken's or the vendor's) is timed beside it, in the
same run, and the ratio says what the view adds. The limits:

- streaming: a megabyte pasted (English, and Chinese), under OpenAI's and the vendors' tokenizers,
  then the slider moved to the middle;
- the X-ray: every encoding picked in turn (its figures were counted at build time);
- digits: the longest text it takes (``digits.MAX_TEXT`` characters) under all ten encodings, and a
  megabyte pasted (refused with a one-line message);
- formats: the most data it writes (``formats.MAX_DATA`` characters) under all ten encodings, and a
  megabyte of JSON pasted (refused with a one-line message).

Then lesson 08 (English and Chinese) runs in a kernel of its own, as JupyterLab gives each notebook.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import widgets as timing  # the same timing helpers as the other widgets' benchmark

MB = 1_000_000
LESSON = "08-what-tokens-do-to-models.ipynb"


def _records(characters: int, seed: int) -> str:
    """A JSON list of student records, at most ``characters`` long when minified, Chinese and English,
    typed indented (as a student pastes it)."""
    rng = random.Random(seed)
    names = ["李伟", "王芳", "张敏", "Zoë Martin", "Ravi Kumar", "José Núñez"]
    cities = ["北京", "上海", "深圳", "Lyon", "Chennai"]
    rows, size = [], 1
    while True:
        row = {"id": len(rows), "name": rng.choice(names), "city": rng.choice(cities), "score": rng.randint(0, 100)}
        size += len(json.dumps(row, ensure_ascii=False, separators=(",", ":"))) + 1
        if size > characters:
            return json.dumps(rows, ensure_ascii=False, indent=2)
        rows.append(row)


# OpenAI's two kinds (the last: most split characters, slider moved), and each vendor's
STREAMED = ("o200k_base", "qwen", "deepseek_v3", "tekken", "r50k_base")


def cases(
    encodings: Sequence[str] | None = None, streamed: Sequence[str] = STREAMED
) -> list[tuple[str, Callable[[int], Any], Callable[[Any, int], Any], Callable[[], Any] | None]]:
    """(what, open the widget for round i, one interaction in round i, the bare work it cannot avoid).

    ``encodings`` are those picked at once (all ten by default), ``streamed`` those a text is streamed under."""
    from texts import CHINESE_PARAGRAPH, ENGLISH_PARAGRAPH

    from tokenlab import digits, formats, registry
    from tokenlab.widgets import DigitSplitter, FormatComparison, StreamPlayer, VocabularyXray

    english, chinese = timing._long(ENGLISH_PARAGRAPH, MB), timing._long(CHINESE_PARAGRAPH, MB // 3)
    every = list(registry.encodings() if encodings is None else encodings)
    rows: list[tuple[str, Callable[[int], Any], Callable[[Any, int], Any], Callable[[], Any] | None]] = []
    for label, text in (("1 MB of English", english), ("1 MB of Chinese", chinese)):
        for name in streamed:
            rows.append(
                (
                    f"StreamPlayer: paste {label}, {name}",
                    lambda i, name=name: StreamPlayer("Hi", name, debounce=0),
                    lambda p, i, text=text: setattr(p.text, "value", f"{text}{i}"),
                    _bare(text, name),
                )
            )
    rows.append(
        (
            f"StreamPlayer: 1 MB of Chinese, {streamed[-1]}, slider to the middle",
            lambda i: StreamPlayer(f"{chinese}{i}", streamed[-1], debounce=0),
            lambda p, i: setattr(p.step, "value", p.step.max // 2 + i),
            None,
        )
    )
    rows.append(
        (
            f"VocabularyXray: pick each of {len(every)} encodings in turn (the slowest)",
            lambda i: VocabularyXray("r50k_base"),
            lambda x, i: max(timing._timed(lambda: setattr(x.encoding, "value", n))[0] for n in every),
            None,
        )
    )
    numbers = "".join(random.Random(0).choice("0123456789 ,.") for _ in range(digits.MAX_TEXT))
    rows += [
        (
            f"DigitSplitter: type {digits.MAX_TEXT:,} characters of numbers, {len(every)} encodings",
            lambda i: DigitSplitter("1", every, debounce=0),
            lambda d, i: setattr(d.text, "value", numbers[: len(numbers) - i]),
            _bare(numbers, *every),
        ),
        (
            "DigitSplitter: paste 1 MB (refused in one line)",
            lambda i: DigitSplitter("1", every, debounce=0),
            lambda d, i: setattr(d.text, "value", f"{english}{i}"),
            None,
        ),
    ]
    for label, size, names in (
        (f"{formats.MAX_DATA:,} characters of data, o200k_base", formats.MAX_DATA, ["o200k_base"]),
        (f"{formats.MAX_DATA:,} characters of data, {len(every)} encodings", formats.MAX_DATA, every),
        ("1 MB of JSON (refused in one line)", MB, every),
    ):
        data = [_records(size, i) for i in range(3)]  # made before, not timed
        rows.append(
            (
                f"FormatComparison: paste {label}",
                lambda i, names=names: FormatComparison("[]", names, debounce=0),
                lambda f, i, data=data: setattr(f.text, "value", data[i]),
                None,
            )
        )
    return rows


def _bare(text: str, *names: str) -> Callable[[], Any]:
    """Each encoding's own encode_ordinary of ``text`` (tiktoken's, or the vendor's tokenizer)."""
    from tokenlab import registry

    def encode() -> None:
        for name in names:
            registry.ordinary_encoding(name).encode_ordinary(text)

    return encode


def _row(label: str, seconds: float, bare: float | None) -> None:
    verdict = "  ok" if seconds <= timing.INTERACTION_TARGET_S else "  over"
    alone = "" if bare is None else f"  (encode alone {bare * 1e3:6.1f} ms: {seconds / bare:4.1f}x)"
    print(f"  {label:<84} {seconds * 1e3:8.1f} ms{verdict}{alone}")


def main() -> None:
    import memory

    target = timing.INTERACTION_TARGET_S
    print(f"Lesson 08's widgets, one interaction each at its input limits (median of 3; target under {target} s):")
    for label, make, interact, bare in cases():
        times = []
        for i in range(3):
            widget = make(i)
            took, result = timing._timed(lambda: interact(widget, i))
            times.append(result if isinstance(result, float) else took)
        floor = None if bare is None else min(timing._timed(bare)[0] for _ in range(3))
        _row(label, sorted(times)[1], floor)
    print()
    for folder in (memory.ROOT / "notebooks", memory.ROOT / "notebooks" / "zh-CN"):
        print(f"{folder.relative_to(memory.ROOT)}/{LESSON}:")
        memory.kernel_run([folder / LESSON])


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    main()
