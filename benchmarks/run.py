"""tokenlab's speed and memory, against tiktoken measured in the same run, with each target.

    python benchmarks/run.py                 # everything, a few minutes
    python benchmarks/run.py speed memory    # some sections: speed, premiums, memory, lessons, widgets, views, huge

Speed figures are tokenlab's time divided by tiktoken's for the same work (lower is better; 1.00
is tiktoken's speed), with both absolute times shown. tiktoken is used as itself: its own
``tiktoken.get_encoding``, loading the same rank files from a warm TIKTOKEN_CACHE_DIR. Each
figure with a target says ``ok`` or ``over``.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import timeit
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import huge
import memory
import tiktoken
import views
import widgets
from texts import CHINESE_PARAGRAPH, ENGLISH_PARAGRAPH, about

import tokenlab

TARGETS = {"count": 1.05, "first count": 1.2, "tokenize + HTML": 5.0, "premiums": 1.3}


def warm_tiktoken_cache(into: Path | None = None) -> str:
    """A TIKTOKEN_CACHE_DIR (``into``, or a new temporary folder) holding the rank files as tiktoken
    would have downloaded them."""
    cache = into or Path(tempfile.mkdtemp(prefix="tiktoken-cache-"))
    data = Path(tokenlab.__file__).parent / "data" / "encodings"
    for gz in data.glob("*.tiktoken.gz"):
        url = f"https://openaipublic.blob.core.windows.net/encodings/{gz.name.removesuffix('.gz')}"
        (cache / hashlib.sha1(url.encode()).hexdigest()).write_bytes(gzip.decompress(gz.read_bytes()))
    return str(cache)


def best(fn, *, repeat: int = 7, number: int | None = None) -> float:
    """Seconds per call: the best of ``repeat`` rounds (the least disturbed by the machine)."""
    timer = timeit.Timer(fn)
    if number is None:
        number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def both(ours, theirs, *, repeat: int = 9) -> tuple[float, float]:
    """Seconds per call of each, best of ``repeat`` rounds taken in turn, so that both meet the same
    moments of a busy machine (timing one and then the other lets a slow spell fall on one alone)."""
    timers = [timeit.Timer(ours), timeit.Timer(theirs)]
    numbers = [timer.autorange()[0] for timer in timers]
    rounds: list[list[float]] = [[], []]
    for _ in range(repeat):
        for timer, number, times in zip(timers, numbers, rounds, strict=True):
            times.append(timer.timeit(number) / number)
    return min(rounds[0]), min(rounds[1])


def row(name: str, ours: float, theirs: float, target: float | None = None) -> None:
    ratio = ours / theirs
    verdict = "" if target is None else (f"  ok (target {target}x)" if ratio <= target else f"  over ({target}x)")
    print(f"  {name:<46} {ratio:6.2f}x   ({ours * 1e3:9.3f} ms vs {theirs * 1e3:9.3f} ms){verdict}")


def bench_count(texts: dict[str, str]) -> None:
    print("count(text) against tiktoken's encode_ordinary(text):")
    for name in ("r50k_base", "cl100k_base", "o200k_base"):
        enc = tiktoken.get_encoding(name)
        for label, text in texts.items():
            ours, theirs = both(lambda: tokenlab.count(text, encoding=name), lambda: enc.encode_ordinary(text))
            n = len(enc.encode_ordinary(text))
            target = TARGETS["count"] if n >= 1000 else None  # a short text is a figure, not a target
            row(f"{name}, {label} ({n:,} tokens)", ours, theirs, target)


def bench_vendors(texts: dict[str, str]) -> None:
    """The other vendors' tokenizers: count() and tokenize().to_html() against their bare engines."""
    from tokenizers import Tokenizer

    from tokenlab import _vendors
    from tokenlab._shipped import verified

    print("Other vendors: count(text) against the bare engine (tiktoken on the same ranks; tokenizers for DeepSeek):")
    for name in tokenlab.encodings():
        if tokenlab.encoding_info(name).vendor == "openai":
            continue
        enc = tokenlab.get_encoding(name)
        if name == "deepseek_v3":
            spec = _vendors.manifest(name)
            data = __import__("json").loads(verified("tokenizers", spec["file"] + ".gz"))
            data["added_tokens"] = []
            engine = Tokenizer.from_str(__import__("json").dumps(data))
            bare = lambda t: engine.encode(t, add_special_tokens=False).ids
        else:
            core = getattr(enc, "core", enc)  # Qwen's tiktoken core, without its NFC
            bare = core.encode_ordinary
        for label, text in texts.items():
            ours, theirs = both(lambda: tokenlab.count(text, encoding=name), lambda: bare(text))
            row(f"{name}, {label} ({len(bare(text)):,} tokens)", ours, theirs)
        for label, text in texts.items():
            ours, theirs = both(
                lambda: tokenlab.tokenize(text, encoding=name).to_html(max_tokens=10_000), lambda: bare(text)
            )
            row(f"{name}, {label}: tokenize + HTML", ours, theirs)


def fresh(code: str, env: dict[str, str]) -> float:
    """Seconds a fresh Python process takes to run ``code``."""
    start = timeit.default_timer()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return timeit.default_timer() - start


def interleaved(ours_code: str, theirs_code: str, env: dict[str, str], runs: int) -> tuple[float, float]:
    """Medians of ``runs`` fresh processes each, interleaved so that both see the same machine."""
    ours, theirs = [], []
    for _ in range(runs):
        theirs.append(fresh(theirs_code, env))
        ours.append(fresh(ours_code, env))
    return statistics.median(ours), statistics.median(theirs)


def bench_first_count(cache: str, runs: int = 9) -> None:
    print("A fresh process: import and first count, against tiktoken.get_encoding from a warm cache:")
    env = dict(os.environ, TIKTOKEN_CACHE_DIR=cache)
    for name in ("r50k_base", "cl100k_base", "o200k_base"):
        ours_code = f"import tokenlab; tokenlab.count('hello world', encoding='{name}')"
        theirs_code = f"import tiktoken; tiktoken.get_encoding('{name}').encode_ordinary('hello world')"
        ours, theirs = interleaved(ours_code, theirs_code, env, runs)
        row(f"{name} (median of {runs})", ours, theirs, TARGETS["first count"])


def bench_render() -> None:
    print("tokenize(text).to_html() against encoding the text with tiktoken (about 2,000 tokens each):")
    for label, paragraph in (("English", ENGLISH_PARAGRAPH), ("Chinese", CHINESE_PARAGRAPH)):
        for name in tokenlab.encodings("openai"):
            enc = tiktoken.get_encoding(name)
            text = about(2000, paragraph, lambda t: len(enc.encode_ordinary(t)))
            ours, theirs = both(
                lambda: tokenlab.tokenize(text, encoding=name).to_html(max_tokens=10_000),
                lambda: enc.encode_ordinary(text),
            )
            n = len(enc.encode_ordinary(text))
            row(f"{name}, {label} ({n:,} tokens)", ours, theirs, TARGETS["tokenize + HTML"])


def html_size(texts: dict[str, str]) -> None:
    print("HTML bytes per token:")
    for name in ("r50k_base", "o200k_base"):
        for label, text in texts.items():
            tokens = tokenlab.tokenize(text, encoding=name)
            size = len(tokens.to_html(max_tokens=10_000).encode())
            print(
                f"  {name}, {label:<8} {size / len(tokens):6.1f} bytes/token  ({size:,} bytes, {len(tokens):,} tokens)"
            )


def bench_deeper(texts: dict[str, str]) -> None:
    print("compare(text).to_html() with and without the highlight, against tiktoken encoding it three times:")
    names = ("r50k_base", "cl100k_base", "o200k_base")
    for label, text in texts.items():
        theirs = best(lambda: [tiktoken.get_encoding(n).encode_ordinary(text) for n in names])
        for highlight in (False, True):
            ours = best(lambda: tokenlab.compare(text, encodings=names, highlight=highlight).to_html())
            row(f"{label}, highlight={highlight}", ours, theirs)
    print("explain() against tiktoken encoding the same bytes:")
    enc = tiktoken.get_encoding("o200k_base")
    longest = max(range(enc.n_vocab - 300), key=lambda i: len(enc.decode_single_token_bytes(i)))
    raw = enc.decode_single_token_bytes(longest)
    theirs = best(lambda: enc._encode_single_piece(raw))
    row(
        f"explain(token {longest}: {len(raw)} bytes), with its HTML",
        best(lambda: tokenlab.explain(longest).to_html()),
        theirs,
    )
    sentence = "Tokenization is how a language model reads: text, then pieces, then numbers."
    theirs = best(lambda: enc.encode_ordinary(sentence))
    row("explain(a sentence), with its HTML", best(lambda: tokenlab.explain(sentence).to_html()), theirs)


def bench_premiums(cache: str, runs: int = 5) -> None:
    print("premiums() of the bundled corpus (52 languages x 31 units) in a fresh process, against a fresh")
    print("process that loads the same encodings with tiktoken and encodes the same texts:")
    env = dict(os.environ, TIKTOKEN_CACHE_DIR=cache)
    texts = "[t for lang in load_corpus().values() for t in lang.units.values()]"
    for label, encodings in (("three generations (default)", tokenlab.registry.GENERATIONS), ("all six", None)):
        names = list(encodings or tokenlab.encodings("openai"))
        ours_code = "from tokenlab.languages import premiums; " + (
            "premiums()" if encodings else f"premiums(encodings={names!r})"
        )
        theirs_code = (
            f"import tiktoken; from tokenlab.corpus import load_corpus; texts = {texts}; "
            f"[tiktoken.get_encoding(n).encode_ordinary(t) for n in {names!r} for t in texts]"
        )
        ours, theirs = interleaved(ours_code, theirs_code, env, runs)
        row(f"{label} (median of {runs})", ours, theirs, TARGETS["premiums"])
    from tokenlab.languages import premiums

    names = tokenlab.encodings("openai")
    premiums(encodings=names)  # warm: what a second call in the same kernel costs
    warm = best(lambda: premiums(encodings=names), repeat=5, number=1)
    print(f"  {'the same call again in the same process':<46} {warm * 1e3:9.1f} ms")


SECTIONS = ("speed", "premiums", "memory", "lessons", "widgets", "views", "huge")


def main(sections: list[str]) -> None:
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown sections {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    sections = sections or list(SECTIONS)
    warnings.simplefilter("ignore")  # notices (e.g. a budget passed) are not what is measured
    cache = warm_tiktoken_cache()
    os.environ["TIKTOKEN_CACHE_DIR"] = cache
    print(f"tiktoken {tiktoken.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    if "speed" in sections:
        english = about(2000, ENGLISH_PARAGRAPH, lambda t: tokenlab.count(t))
        chinese = about(2000, CHINESE_PARAGRAPH, lambda t: tokenlab.count(t))
        texts = {"English": english, "Chinese": chinese}
        for name in tokenlab.encodings("openai"):  # load everything once, outside the timings
            tiktoken.get_encoding(name), tokenlab.get_encoding(name)
        bench_count({**texts, "one sentence": "Hello, world! How many tokens is this?"})
        print()
        bench_vendors(texts)
        print()
        bench_first_count(cache)
        print()
        bench_render()
        print()
        html_size(texts)
        print()
        bench_deeper(texts)
        print()
    if "premiums" in sections:
        bench_premiums(cache)
        print()
    if "memory" in sections:
        memory.components()
        print()
    if "lessons" in sections:
        memory.kernel_floor()
        print()
        memory.kernel_run()
        print()
        for lesson in (memory.VENDOR_LESSON, views.LESSON):  # each in its own kernel, as Lab runs it
            memory.kernel_run([memory.ROOT / "notebooks" / lesson])
            print()
    if "widgets" in sections:
        widgets.main()
    if "views" in sections:
        print()
        views.main()
    if "huge" in sections:
        print()
        huge.main([])


if __name__ == "__main__":
    main(sys.argv[1:])
