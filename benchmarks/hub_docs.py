"""docs/teaching.md's class-size figures, written from benchmarks/hub.py's result files.

    python benchmarks/hub.py --docs-only

The part of the page between the two markers below is rewritten whole; everything else is kept. Only
full runs count (lessons 01 to 09, kernels shut down after each lesson, no errors): a smoke run or a
failed one never reaches the teaching guide.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

START = "<!-- hub-results: written by benchmarks/hub.py --docs; edit that, not this -->"
END = "<!-- /hub-results -->"
FULL = [f"{i:02d}" for i in range(1, 10)]
# The headroom TLJH's guide adds to the most a user was measured to take (20 to 40 %: the top, as a
# student may open a second lesson's kernel), and its CPU overhead for the hub and its services.
HEADROOM = 1.4
CPU_OVERHEAD = 1.2


def full_runs(folder: Path) -> list[dict[str, Any]]:
    """The result files that measured a class (all nine lessons, no errors), smallest class first."""
    runs = []
    for path in sorted(folder.glob("hub-*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        if [name[:2] for name in result["lessons"]] == FULL and result["errors"] == 0:
            runs.append(result)
    return sorted(runs, key=lambda r: (_kept(r), r["students"], r["language"]))


def _kept(result: dict[str, Any]) -> bool:
    return bool(result["kernels"] == "kept open")


def section(runs: list[dict[str, Any]]) -> str:
    """The markdown between the markers: the measured table, then what a class of 200 or 2,000 needs."""
    if not runs:
        return "No full run of `benchmarks/hub.py` yet: run `python benchmarks/hub.py --students 10 --docs`."
    lines = [
        "Measured by `python benchmarks/hub.py --students N --docs` (a real JupyterHub on one machine,"
        " DummyAuthenticator, local processes: every student's JupyterLab server started through the"
        " hub's API, then every student running lessons 01 to 09 at the same moment through the hub's"
        " proxy, each lesson in a kernel of its own, shut down before the next unless the row says kept)."
        " A student's memory is the RSS of their server and kernels added up, sampled every half second: pages"
        " the processes share are counted in each, so it errs high. *Measured* figures:",
        "",
        "| students | language | date (UTC) | machine, load average before → peak | memory per student,"
        " peak: median / max | whole class with hub, peak | a lesson's time under that load: medians, fastest–slowest"
        " lesson / longest | CPU per student, all lessons | errors |",
        "| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        m = r["machine"]
        slowest = max(r["lesson_seconds"].items(), key=lambda item: item[1]["max"])
        medians = [s["median"] for s in r["lesson_seconds"].values()]
        kept = ", kernels kept" if _kept(r) else ""
        peak_load = max(m["load_before"][0], m["load_peak_1min"])
        lines.append(
            f"| {r['students']}{kept} | {r['language']} | {r['date'][:16]} "
            f"| {m['cpus']} cores, {m['memory_gb']:.0f} GB; {m['load_before'][0]:.1f} → {peak_load:.1f} "
            f"| {r['student_peak_mb']['median']:.0f} / {r['student_peak_mb']['max']:.0f} MB "
            f"| {r['class_peak_mb'] / 1024:.1f} GB "
            f"| {min(medians):.0f}–{max(medians):.0f} s / {slowest[1]['max']:.0f} s ({slowest[0]}) "
            f"| {r['student_cpu_seconds']['median']:.0f} s | {r['errors']} |"
        )
    lines += ["", *_planning(runs)]
    return "\n".join(lines)


def _planning(runs: list[dict[str, Any]]) -> list[str]:
    """A class of 200 and of 2,000, by the largest measured class's figures (*computed*, not measured).

    TLJH's rule: memory = concurrent users x (the most a user took + headroom) + the hub's; CPU =
    concurrent users x CPU per user + 20 %. CPU per user is the CPU seconds of the heaviest lesson (its
    median over the class), spread over the time a class gives it."""
    shut = [r for r in runs if not _kept(r)] or runs
    biggest = max(shut, key=lambda r: (r["students"], r["language"] == "en"))
    per_student = biggest["student_peak_mb"]["max"]
    hub = biggest["hub_and_proxy_peak_mb"]
    heaviest, cpu = max(((k, v["median"]) for k, v in biggest["lesson_cpu_seconds"].items()), key=lambda kv: kv[1])
    per_gb = per_student * HEADROOM / 1024
    lines = [
        f"*Computed* from the largest measured class ({biggest['students']} students, {biggest['date'][:10]}):"
        f" each student's peak {per_student:.0f} MB (the most any student took)"
        f" plus {(HEADROOM - 1) * 100:.0f} % headroom is {per_gb:.2f} GB a student, and the hub with its proxy"
        f" took {hub:.0f} MB. The heaviest lesson, {heaviest},"
        f" took {cpu:.0f} CPU seconds a student (from opening it to its last cell), the whole run"
        f" {biggest['student_cpu_seconds']['median']:.0f} s. Cores are those that run everyone's cells of"
        f" lesson {heaviest} within 1 minute (the whole class presses Run All together) or within 10 minutes"
        " (the class runs it cell by cell), plus 20 %.",
        "",
        "| class | students at once | memory | cores: Run All together (1 min) | cores: cell by cell (10 min) | with |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for size, shares in ((200, (1.0, 0.5)), (2000, (1.0, 0.5))):
        for share in shares:
            active = math.ceil(size * share)
            memory = active * per_gb + hub / 1024
            fast = math.ceil(active * cpu / 60 * CPU_OVERHEAD)
            paced = math.ceil(active * cpu / 600 * CPU_OVERHEAD)
            at_once = f"all {active:,}" if share == 1.0 else f"{active:,} (half)"
            how = "the Littlest JupyterHub, one server" if size <= 200 else "Zero to JupyterHub, on Kubernetes"
            lines.append(f"| {size:,} | {at_once} | {memory:,.0f} GB | {fast:,} | {paced:,} | {how} |")
    kept = [r for r in runs if _kept(r)]
    if kept:
        most = max(r["student_peak_mb"]["max"] for r in kept)
        lines += [
            "",
            f"A student who never shuts a kernel down took {most:,.0f} MB by lesson 09 (*measured*, the kept rows):"
            f" {most / per_student:.1f} times as much. With a per-user memory limit (say"
            f" {math.ceil(per_gb * 2):.0f} GB), a student who reaches it loses a kernel (the system kills the largest"
            " process, and JupyterLab says the kernel died) and reruns that lesson; the rest of the class is not"
            " slowed. Without a limit, plan the memory above by that factor.",
        ]
    return lines


def update(page: Path, folder: Path) -> None:
    """Rewrite the part of ``page`` between the markers from the result files in ``folder``."""
    text = page.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{page} has no {START!r} … {END!r} markers")
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    page.write_text(f"{before}{START}\n{section(full_runs(folder))}\n{END}{after}", encoding="utf-8")
