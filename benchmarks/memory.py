"""Memory: what each part costs, and the peak of one real kernel that ran every lesson.

    python benchmarks/memory.py              # or as sections of benchmarks/run.py
    python benchmarks/memory.py some/folder  # the kernel run only, on the lessons in that folder

- Each encoding's and each word segmenter's own cost: resident memory (RSS) added by loading it in
  a fresh process after ``import tokenlab``, once it has settled, and the peak while it loads (for
  the first count, the seconds it takes too: loading the encoding). The other vendors' tokenizers
  (qwen, qwen3.6, deepseek_v3, tekken) are among them; the lessons before 07 never load one.
- One kernel (nbclient, the ``python3`` kernel, as a student's) runs every lesson in
  ``notebooks/`` in order, top to bottom; the kernel process's peak RSS (``VmHWM``) is read from
  ``/proc`` after each lesson, with the lesson's time. This is what a classroom server must hold
  per student. Linux only (it reads ``/proc``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNEL_PEAK_TARGET_MB = 250
# From this lesson on, the other vendors' tokenizers are loaded (each adds its own row's memory).
VENDOR_LESSON = "07-beyond-openai.ipynb"

# Run in a fresh process: RSS before, after (settled) and the peak of one step, in MB.
_PROBE = """
import gc, json, sys
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024
import time
import tokenlab
{setup}
gc.collect()
open("/proc/self/clear_refs", "w").write("5")  # resets the peak (VmHWM) to the current RSS
before = status("VmRSS")
start = time.perf_counter()
{step}
seconds = time.perf_counter() - start
gc.collect()
print(json.dumps({{"before": before, "after": status("VmRSS"), "peak": status("VmHWM"), "seconds": seconds}}))
"""

SEGMENTERS = {
    "jieba": ("cmn_hans", "Chinese"),
    "janome": ("jpn", "Japanese"),
    "pythainlp": ("tha", "Thai"),
}


def probe(step: str, setup: str = "") -> dict[str, float]:
    code = _PROBE.format(step=step, setup=setup)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _line(label: str, figures: dict[str, float], *, timed: bool = False) -> None:
    cost = figures["after"] - figures["before"]
    while_loading = figures["peak"] - figures["before"]
    took = f"   {figures['seconds']:5.2f} s" if timed else ""
    print(f"  {label:<46} {cost:+7.1f} MB   (peak while loading {while_loading:+7.1f} MB){took}")


def components() -> None:
    import tokenlab

    print("Each part's own memory, in a fresh process after `import tokenlab` (RSS added, settled):")
    bare = probe("pass", setup="")
    print(f"  {'python + import tokenlab':<46} {bare['before']:7.1f} MB")
    for name in tokenlab.encodings():
        _line(f"{name}: first count", probe(f"tokenlab.count('hello', encoding={name!r})"), timed=True)
    for name in tokenlab.encodings():
        _line(
            f"{name}: first count, tokenize and HTML",
            probe(f"tokenlab.tokenize('hello 你好', encoding={name!r}).to_html()"),
        )
    for segmenter, (code, _language) in SEGMENTERS.items():
        # The bundled corpus's words were counted when it was built: segment a text of one's own.
        setup = "from tokenlab.corpus import load_corpus; from tokenlab import languages; c = load_corpus()"
        step = f"languages._segment_count({segmenter!r}, c[{code!r}].text)"
        _line(f"{segmenter}: words of a text of your own", probe(step, setup=setup))
    setup = "from tokenlab.languages import premiums; import pandas"
    _line("premiums() on the bundled corpus", probe("premiums()", setup=setup))
    _line("premiums() with all six encodings", probe("premiums(encodings=tokenlab.encodings('openai'))", setup=setup))
    _line("premiums() with all ten encodings", probe("premiums(encodings=tokenlab.encodings())", setup=setup))
    for label, modules in (
        ("pandas", "pandas"),
        ("matplotlib (Figure, Agg)", "matplotlib.figure, matplotlib.backends.backend_agg"),
        ("ipywidgets", "ipywidgets"),
        ("openai (lesson 06)", "openai"),
    ):
        _line(f"import {label}", probe(f"import {modules}"))


# What the lessons import, in the order they first do, and what each import adds to a kernel.
LESSON_IMPORTS = (
    ("tokenlab, tiktoken and its encodings' module", "import tokenlab, tokenlab.tokens, tiktoken_ext.openai_public"),
    ("ipywidgets and tokenlab.widgets", "import tokenlab.widgets"),
    ("matplotlib (and numpy) for tokenlab.plots", "import tokenlab.plots, matplotlib.backends.backend_agg"),
    ("pandas", "import pandas"),
    ("openai (lesson 06)", "import openai"),
)


def kernel_floor() -> None:
    """A kernel's own memory, and what the libraries the lessons import add, before any encoding."""
    from jupyter_client.manager import start_new_kernel

    print("A kernel before any lesson, and each library the lessons import (RSS added):")
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        pid = km.provisioner.pid
        before = _kernel_status(pid, "VmRSS")
        print(f"  {'an idle python3 kernel':<46} {before:7.1f} MB")
        for label, code in LESSON_IMPORTS:
            kc.execute_interactive(code, timeout=120, output_hook=lambda _msg: None)
            now = _kernel_status(pid, "VmRSS")
            print(f"  {label:<46} {now - before:+7.1f} MB")
            before = now
        print(f"  {'all of them':<46} {before:7.1f} MB")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def kernel_run(notebooks: list[Path] | None = None) -> dict[str, float]:
    """Run every lesson in one kernel; print each one's time and the kernel's peak RSS after it."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.util import run_sync

    notebooks = notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    folder = notebooks[0].parent.name
    if len(notebooks) == 1:
        print(f"{notebooks[0].name} alone, in a kernel of its own (JupyterLab gives each notebook one):")
    else:
        print(f"One kernel runs the {len(notebooks)} lessons in {folder}/, in order (as a student would):")
    first = nbformat.read(notebooks[0], as_version=4)
    starter = NotebookClient(first, kernel_name="python3")
    km = starter.create_kernel_manager()
    starter.start_new_kernel(cwd=str(notebooks[0].parent))
    pid = km.provisioner.pid
    peaks: dict[str, float] = {}
    try:
        for path in notebooks:
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb,
                km=km,
                timeout=300,
                kernel_name="python3",
                resources={"metadata": {"path": str(path.parent)}},
                store_widget_state=False,
            )
            start = time.perf_counter()
            client.execute()
            seconds = time.perf_counter() - start
            rss, peak = _kernel_status(pid, "VmRSS"), _kernel_status(pid, "VmHWM")
            peaks[path.name] = peak
            print(f"  {path.name:<40} {seconds:6.2f} s   kernel RSS {rss:6.1f} MB, peak so far {peak:6.1f} MB")
            if client.kc is not None:
                client.kc.stop_channels()
    finally:
        run_sync(km.shutdown_kernel)(now=True)
    peak = max(peaks.values())
    before = [p for name, p in peaks.items() if name < VENDOR_LESSON]
    with_vendors = len(before) < len(peaks)
    # The budget is for a class that never uses another vendor's tokenizer; 07 loads three.
    if before:
        label = f"peak over the lessons before {VENDOR_LESSON[:2]}" if with_vendors else "peak RSS of the kernel"
        verdict = "ok" if max(before) <= KERNEL_PEAK_TARGET_MB else "over"
        print(f"  {label:<40} {max(before):6.1f} MB   (target: at most {KERNEL_PEAK_TARGET_MB} MB)  {verdict}")
    if with_vendors:
        print(f"  {'peak with ' + VENDOR_LESSON[:2] + ' (+ Qwen, DeepSeek, Mistral)':<40} {peak:6.1f} MB   (no target)")
    return peaks


def _kernel_status(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} for process {pid}")


def main(argv: list[str]) -> None:
    if argv:  # e.g. lessons being rewritten, to see what they would cost
        kernel_run(sorted(Path(argv[0]).glob("*.ipynb")))
        return
    components()
    print()
    kernel_floor()
    print()
    kernel_run()


if __name__ == "__main__":
    main(sys.argv[1:])
