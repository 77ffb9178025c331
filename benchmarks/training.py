"""Training: seconds and memory of every training lesson 09 runs, and of the training lab at its limits.

    python benchmarks/training.py

Each row trains once in a fresh process (after ``import tokenlab``) and reports the seconds the
training took, the resident memory it added once settled, and the peak while it ran (``VmHWM``,
Linux only). Targets: the lesson's largest training under 30 s, the widget's under 5 s, on 2 cores.

There is no tiktoken column: tiktoken has no trainer (its ``_educational.bpe_train`` is quadratic
and meant for a paragraph); what is trained here is encoded by tiktoken itself, at tiktoken's speed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import probe  # benchmarks/ is a folder of scripts, not a package

LESSON_SIZES = [500, 1000, 2000, 4000, 8000, 16000, 32000]
LESSON_TARGET_S = 30.0
WIDGET_TARGET_S = 5.0

EVERYONE = "{code: 1 for code in training.training_half()}"
ROWS = [
    *[(f"lesson: every language, {n:,} tokens", f"training.train_bpe({n}, name='b')") for n in LESSON_SIZES],
    ("lesson: English only, 8,000", "training.train_bpe(8000, mix={'eng': 1}, name='b')"),
    ("lesson: Chinese x20, 8,000", f"training.train_bpe(8000, mix={{**{EVERYONE}, 'cmn_hans': 20}}, name='b')"),
    ("lesson: SentencePiece zh+en, 1,000",
     "training.train_sentencepiece(1000, mix={'cmn_hans': 1, 'eng': 1}, name='s')"),
    ("lesson: sweep of 7 sizes", f"training.sweep({LESSON_SIZES}, languages=['eng', 'cmn_hans'])"),
    ("widget: default, 2,000 tokens", "lab.vocab_size.value = 2000; lab.train()"),
    ("widget: limits (9 x 20, 8,000 tokens)", "[setattr(s, 'value', 20) for s in lab.sliders.values()]; "
     "lab.vocab_size.value = 8000; lab.train()"),
]  # fmt: skip
SETUP = "from tokenlab import training"
WIDGET_SETUP = SETUP + "\nfrom tokenlab.widgets import TrainingLab\nlab = TrainingLab()"


def main() -> int:
    print(f"training on {os.cpu_count()} cores; seconds, then resident memory added and peak (MB)")
    print(f"{'':42} {'seconds':>8} {'added':>8} {'peak':>8}")
    worst = {"lesson": 0.0, "widget": 0.0}
    for label, step in ROWS:
        result = probe(step, WIDGET_SETUP if label.startswith("widget") else SETUP)
        kind = label.split(":")[0]
        if "sweep" not in label:
            worst[kind] = max(worst[kind], result["seconds"])
        added, peak = result["after"] - result["before"], result["peak"] - result["before"]
        print(f"{label:42} {result['seconds']:8.2f} {added:8.1f} {peak:8.1f}")
    print(f"largest lesson training: {worst['lesson']:.1f} s (target under {LESSON_TARGET_S:g} s)", end=" ")
    print("OK" if worst["lesson"] < LESSON_TARGET_S else "OVER")
    print(f"slowest widget training: {worst['widget']:.1f} s (target under {WIDGET_TARGET_S:g} s)", end=" ")
    print("OK" if worst["widget"] < WIDGET_TARGET_S else "OVER")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
