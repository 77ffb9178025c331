"""The ``tokenlab`` command: colored token spans and counts in a terminal.

    $ tokenlab "Hello world"
    $ echo "你好，世界" | tokenlab --model gpt-4 --ids
    $ tokenlab --count < essay.txt

Errors are one line on stderr and exit status 2, never a traceback. When the reader of the
output goes away (``tokenlab ... | head -1``), it stops quietly with status 141, as ``cat`` or
``grep`` killed by SIGPIPE do (128 + 13), so ``set -o pipefail`` scripts see what they see for them.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn, TextIO

from . import render
from ._encode import AllowedSpecial
from .tokens import count, tokenize

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        self.exit(2, f"tokenlab: {message} (see tokenlab --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tokenlab",
        description="Show how a text splits into LLM tokens, with counts.",
        epilog="Text comes from the arguments, or else from standard input. "
        "Encodings: r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base, o200k_harmony.",
    )
    parser.add_argument("text", nargs="*", help="the text (joined by spaces); omit it to read stdin")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("-e", "--encoding", help="encoding name (default o200k_base)")
    which.add_argument("-m", "--model", help="model name, e.g. gpt-4o; its encoding is used")
    parser.add_argument("--ids", action="store_true", help="show each token's id")
    parser.add_argument("--bytes", action="store_true", help="show each token's bytes in hex")
    parser.add_argument("-c", "--count", action="store_true", help="print only the token count")
    parser.add_argument("--special", action="store_true", help="read <|endoftext|> and the like as special tokens")
    parser.add_argument(
        "--max-tokens", type=int, default=render.DEFAULT_MAX_TOKENS, help="draw at most this many tokens"
    )
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="color the spans (auto: on a terminal)"
    )
    return parser


def main(argv: list[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command; returns the exit status."""
    args = _parser().parse_args(argv)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        if _closed(stdout):
            raise ValueError("standard output is closed: there is nowhere to write the tokens")
        text = " ".join(args.text) if args.text else _read(stdin)
        if args.text and any("\udc80" <= c <= "\udcff" for c in text):  # undecodable bytes in argv
            raise ValueError("the arguments are not UTF-8 text")
        allowed: AllowedSpecial = "all" if args.special else frozenset()
        if args.count:
            _write(stdout, f"{count(text, encoding=args.encoding, model=args.model, allowed_special=allowed)}\n")
            return 0
        tokens = tokenize(text, encoding=args.encoding, model=args.model, allowed_special=allowed)
        shown = render.text(
            tokens,
            ids=args.ids,
            view="bytes" if args.bytes else "text",
            max_tokens=args.max_tokens,
            color=_use_color(args.color, stdout),
        )
        _write(stdout, shown + "\n")
        return 0
    except BrokenPipeError:
        raise  # run() stops quietly
    except (ValueError, TypeError, OSError) as error:
        _say(f"tokenlab: {error}")
        return 2
    except MemoryError:
        _say("tokenlab: the input is too large for the memory of this machine")
        return 2


def _write(stdout: TextIO, text: str) -> None:
    # In pieces: one huge write that a pipe takes only in part can end without BrokenPipeError.
    for start in range(0, len(text), 1 << 16):
        stdout.write(text[start : start + (1 << 16)])
        stdout.flush()


def _say(message: str) -> None:
    if not _closed(sys.stderr):
        print(message, file=sys.stderr)


def _closed(stream: TextIO | None) -> bool:
    return stream is None or getattr(stream, "closed", False)


def _read(stdin: TextIO | None) -> str:
    if stdin is None or _closed(stdin) or stdin.isatty():
        raise ValueError("give the text as an argument, or pipe it in: echo 'Hello' | tokenlab")
    data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8", "surrogatepass")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"the input is not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start})"
        ) from None


def _use_color(choice: str, stdout: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    return stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def run() -> NoReturn:
    """Entry point of the console script."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # a terminal that cannot show 你 still shows the rest
    try:
        status = main()
        if not _closed(sys.stdout):
            sys.stdout.flush()
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:  # the reader went away (e.g. head): stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        status = 128 + 13
    sys.exit(status)
