"""tokenlab's speed, as ratios against tiktoken measured in the same run.

    python benchmarks/run.py            # about a minute

Each figure is tokenlab's time divided by tiktoken's for the same work (lower is better; 1.00 is
tiktoken's speed), with both absolute times shown. tiktoken is used as itself: its own
``tiktoken.get_encoding``, loading the same rank files from a warm TIKTOKEN_CACHE_DIR.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import tiktoken
from texts import CHINESE_PARAGRAPH, ENGLISH_PARAGRAPH, about

import tokenlab

TARGETS = {"count": 1.05, "first count": 1.2, "tokenize + HTML": 5.0}


def warm_tiktoken_cache() -> str:
    """A TIKTOKEN_CACHE_DIR holding the rank files as tiktoken would have downloaded them."""
    cache = Path(tempfile.mkdtemp(prefix="tiktoken-cache-"))
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


def row(name: str, ours: float, theirs: float, target: float | None = None) -> None:
    ratio = ours / theirs
    verdict = "" if target is None else ("  ok" if ratio <= target else f"  over the {target}x target")
    print(f"  {name:<46} {ratio:6.2f}x   ({ours * 1e3:9.3f} ms vs {theirs * 1e3:9.3f} ms){verdict}")


def bench_count(texts: dict[str, str]) -> None:
    print("count(text) against tiktoken's encode_ordinary(text):")
    for name in ("cl100k_base", "o200k_base"):
        enc = tiktoken.get_encoding(name)
        for label, text in texts.items():
            theirs = best(lambda: enc.encode_ordinary(text))
            ours = best(lambda: tokenlab.count(text, encoding=name))
            row(f"{name}, {label} ({len(enc.encode_ordinary(text)):,} tokens)", ours, theirs, TARGETS["count"])


def bench_first_count(cache: str, runs: int = 7) -> None:
    print("A fresh process: import and first count, against tiktoken.get_encoding from a warm cache:")
    env = dict(os.environ, TIKTOKEN_CACHE_DIR=cache)
    for name in ("r50k_base", "cl100k_base", "o200k_base"):
        ours_code = f"import tokenlab; tokenlab.count('hello world', '{name}')"
        theirs_code = f"import tiktoken; tiktoken.get_encoding('{name}').encode_ordinary('hello world')"
        ours, theirs = [], []
        for _ in range(runs):  # interleaved, so both see the same machine
            for code, times in ((theirs_code, theirs), (ours_code, ours)):
                start = timeit.default_timer()
                subprocess.run([sys.executable, "-c", code], env=env, check=True)
                times.append(timeit.default_timer() - start)
        row(f"{name} (median of {runs})", statistics.median(ours), statistics.median(theirs), TARGETS["first count"])


def bench_render(texts: dict[str, str]) -> None:
    print("tokenize(text).to_html() against encoding the text with tiktoken:")
    for name, label in (
        ("o200k_base", "English"),
        ("cl100k_base", "English"),
        ("o200k_base", "Chinese"),
        ("cl100k_base", "Chinese"),
        ("r50k_base", "Chinese"),
    ):
        enc, text = tiktoken.get_encoding(name), texts[label]
        theirs = best(lambda: enc.encode_ordinary(text))
        ours = best(lambda: tokenlab.tokenize(text, encoding=name).to_html(max_tokens=10_000))
        target = TARGETS["tokenize + HTML"] if label == "English" else None
        row(f"{name}, {label} ({len(enc.encode_ordinary(text)):,} tokens)", ours, theirs, target)


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


def bench_premiums(cache: str) -> None:
    print("The language premium table (52 languages x 31 units), all six encodings:")
    from tokenlab.corpus import load_corpus
    from tokenlab.languages import premiums

    texts = [t for lang in load_corpus().values() for t in lang.units.values()]
    encodings = tokenlab.encodings()
    premiums(encodings=encodings)  # segmenters and encodings loaded once, outside the timing
    ours = best(lambda: premiums(encodings=encodings), repeat=5, number=1)
    theirs = best(
        lambda: [tiktoken.get_encoding(n).encode_ordinary(t) for n in encodings for t in texts], repeat=5, number=1
    )
    row("premiums(), warm, vs tiktoken encoding the same texts", ours, theirs)
    code = "import tokenlab; from tokenlab.languages import premiums; premiums(encodings=tokenlab.encodings())"
    start = timeit.default_timer()
    subprocess.run([sys.executable, "-c", code], check=True, env=dict(os.environ, TIKTOKEN_CACHE_DIR=cache))
    cold = timeit.default_timer() - start
    print(f"  {'a fresh process: import, load everything, compute':<46} {cold:6.2f} s (target: under 2 s warm)")


def main() -> None:
    cache = warm_tiktoken_cache()
    os.environ["TIKTOKEN_CACHE_DIR"] = cache
    english = about(2000, ENGLISH_PARAGRAPH, lambda t: tokenlab.count(t))
    chinese = about(2000, CHINESE_PARAGRAPH, lambda t: tokenlab.count(t))
    texts = {"English": english, "Chinese": chinese}
    for name in tokenlab.encodings():  # load everything once, outside the timings
        tiktoken.get_encoding(name), tokenlab.get_encoding(name)
    print(f"tiktoken {tiktoken.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    bench_count({**texts, "one sentence": "Hello, world! How many tokens is this?"})
    print()
    bench_first_count(cache)
    print()
    bench_render(texts)
    print()
    html_size(texts)
    print()
    bench_deeper(texts)
    print()
    bench_premiums(cache)


if __name__ == "__main__":
    main()
