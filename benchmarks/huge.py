"""A megabyte pasted: tokenize and draw, and compare with differences, of four kinds of huge text.

    python benchmarks/huge.py                       # every kind, every encoding (several minutes)
    python benchmarks/huge.py spaces nfd            # only some kinds: prose, spaces, nfd, compat
    python benchmarks/huge.py --encodings qwen,o200k_base

What a student's paste into a widget costs, at the far end: 1,000,000 characters of

- ``prose``: English prose (1 MB of UTF-8);
- ``spaces``: one space, a million times (tiktoken's Rust regex overflows; a token holds 128);
- ``nfd``: Korean, French and Vietnamese in Unicode's decomposed form NFD (Qwen's tokenizers
  normalize it to NFC first, and must map each token back to the text as typed);
- ``compat``: CJK compatibility ideographs, U+F900 on (NFC changes every one of them).

Each case runs in a fresh Python process, so that its peak memory is its own: the process imports
tokenlab, loads the encodings and draws a word with each first (not timed: a kernel does that once),
then runs the case once, and only then counts the text alone (so that the counting's memory is not
the case's). Printed: the seconds
the case took, against the 0.5 s a widget interaction may take (the counting alone, which no
display can avoid, beside it), and the process's peak resident memory (VmHWM), against a student's
1 GB on a class server. "tokenize + draw" is what the Playground does with a paste
(``tokenize(text).to_html()``); "compare + differences" what the comparison widget does, and
``differences()`` over the whole text, under every encoding at once. Linux only (reads ``/proc``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

INTERACTION_TARGET_S = 0.5
PEAK_TARGET_MB = 1024  # a student's memory on a class server
CHARACTERS = 1_000_000
KINDS = ("prose", "spaces", "nfd", "compat")


def text_of(kind: str, characters: int = CHARACTERS) -> str:
    """``characters`` characters of one kind of text."""
    import unicodedata

    from texts import ENGLISH_PARAGRAPH

    if kind == "prose":
        unit = ENGLISH_PARAGRAPH
    elif kind == "spaces":
        unit = " "
    elif kind == "nfd":
        unit = unicodedata.normalize("NFD", "안녕하세요, 세계! Où est la forêt? Tiếng Việt có dấu. 한국어 문장입니다. ")
    elif kind == "compat":
        unit = "".join(map(chr, range(0xF900, 0xFADA)))
    else:
        raise SystemExit(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    return (unit * (characters // len(unit) + 1))[:characters]


# In a fresh process: load, then reset the peak (VmHWM) and run the case once.
_CASE = """
import json, sys, time
sys.path.insert(0, {folder!r})
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024
import tokenlab
from huge import text_of
text = text_of({kind!r}, {characters})
names = {names!r}
for name in names:  # each encoding loaded and drawn once: the case is the next interaction
    tokenlab.tokenize("warm up 你好", encoding=name).to_html()
tokenlab.compare("warm up 你好", encodings=names).differences()
open("/proc/self/clear_refs", "w").write("5")  # the peak from here on
before = status("VmRSS")
start = time.perf_counter()
{step}
seconds = time.perf_counter() - start
peak = status("VmHWM")
start = time.perf_counter()  # then the counting alone, which no display can avoid (after: its memory is not the case's)
for name in names:
    tokenlab.count(text, encoding=name)
counting = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "counting": counting, "before": before, "peak": peak, "html": len(html)}}))
"""
STEPS = {
    "tokenize + draw": "html = tokenlab.tokenize(text, encoding=names[0]).to_html()",
    "compare + differences": ("c = tokenlab.compare(text, encodings=names)\nc.differences()\nhtml = c.to_html()"),
}


def case(kind: str, step: str, names: list[str], characters: int = CHARACTERS) -> dict[str, float]:
    """One case, in a fresh process: its seconds, the counting alone, and the process's memory (MB)."""
    code = _CASE.format(
        folder=str(Path(__file__).parent), kind=kind, characters=characters, names=names, step=STEPS[step]
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=1800)
    if run.returncode != 0:
        raise RuntimeError(f"{kind}, {step}, {names}: {run.stderr.strip().splitlines()[-1:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def row(label: str, figures: dict[str, float]) -> None:
    time_ok = "ok" if figures["seconds"] <= INTERACTION_TARGET_S else "over"
    peak_ok = "ok" if figures["peak"] <= PEAK_TARGET_MB else "over"
    print(
        f"  {label:<44} {figures['seconds']:6.2f} s {time_ok:<4} (counting alone {figures['counting']:5.2f} s)"
        f"   peak {figures['peak']:6.0f} MB {peak_ok:<4} (+{figures['peak'] - figures['before']:4.0f} MB)"
        f"   {figures['html'] / 1000:6.0f} kB of HTML"
    )


def main(argv: list[str]) -> None:
    import tokenlab

    names = tokenlab.encodings()
    if "--encodings" in argv:
        at = argv.index("--encodings")
        names = argv[at + 1].split(",")
        argv = argv[:at] + argv[at + 2 :]
    kinds = argv or list(KINDS)
    print(
        f"A paste of {CHARACTERS:,} characters, each case in a fresh process (targets: {INTERACTION_TARGET_S} s "
        f"an interaction, a peak of {PEAK_TARGET_MB:,} MB):"
    )
    for kind in kinds:
        size = len(text_of(kind).encode("utf-8", "surrogatepass")) / 1e6
        print(f"{kind} ({size:.1f} MB of UTF-8):")
        for name in names:
            row(f"tokenize + draw, {name}", case(kind, "tokenize + draw", [name]))
        row(f"compare + differences, all {len(names)} encodings", case(kind, "compare + differences", names))


if __name__ == "__main__":
    main(sys.argv[1:])
