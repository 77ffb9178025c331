"""The ``tokenlab`` command: colored token spans and counts in a terminal.

    $ tokenlab "Hello world"
    $ echo "你好，世界" | tokenlab --model gpt-4 --ids
    $ tokenlab --count < essay.txt

Errors are one line on stderr and exit status 2, never a traceback: a wrong option, a bad text, or
a damaged install alike (``TOKENLAB_DEBUG=1`` shows the traceback too, for a bug report). When the
reader of the output goes away (``tokenlab ... | head -1``), it stops quietly with status 141, as
``cat`` or ``grep`` killed by SIGPIPE do (128 + 13), so ``set -o pipefail`` scripts see what they
see for them. Everything it says, argparse's own words included, is in the language in use.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import NoReturn, TextIO

from . import render
from ._encode import AllowedSpecial
from ._i18n import _
from ._parsing import Parser
from .tokens import count, tokenize

__all__ = ["main"]


def _usage_error(message: str) -> NoReturn:  # one line, not argparse's usage block
    _say(_("tokenlab: {message} (see tokenlab --help)").format(message=message))
    raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    from .registry import DEFAULT_ENCODING, encodings

    parser = Parser(
        fail=_usage_error,
        prog="tokenlab",
        description=_("Show how a text splits into LLM tokens, with counts."),
        epilog=_("Text comes from the arguments, or else from standard input. Encodings: {names}.").format(
            names=", ".join(encodings())
        ),
    )
    parser.add_argument("text", nargs="*", help=_("the text (joined by spaces); omit it to read stdin"))
    which = parser.add_mutually_exclusive_group()
    which.add_argument("-e", "--encoding", help=_("encoding name (default {name})").format(name=DEFAULT_ENCODING))
    which.add_argument("-m", "--model", help=_("model name, e.g. gpt-4o or deepseek-chat; its encoding is used"))
    parser.add_argument("--ids", action="store_true", help=_("show each token's id"))
    parser.add_argument("--bytes", action="store_true", help=_("show each token's bytes in hex"))
    parser.add_argument("-c", "--count", action="store_true", help=_("print only the token count"))
    parser.add_argument("--special", action="store_true", help=_("read <|endoftext|> and the like as special tokens"))
    parser.add_argument(
        "--max-tokens", type=int, default=render.DEFAULT_MAX_TOKENS, help=_("draw at most this many tokens")
    )
    parser.add_argument(
        "--max-chars",
        type=int,
        default=render.DEFAULT_MAX_CHARS,
        help=_("draw at most this many characters of the text"),
    )
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help=_("color the spans (auto: on a terminal)")
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help=_("the language of the output: en or zh_CN (default: TOKENLAB_LANG, then the system's)"),
    )
    return parser


def _language(argv: list[str]) -> None:
    """Set the language from --lang before the parser is made, so that --help is in it too."""
    from ._i18n import set_language

    for i, word in enumerate(argv):
        if word == "--":
            return
        value = (
            word.split("=", 1)[1]
            if word.startswith("--lang=")
            else argv[i + 1]
            if word == "--lang" and i + 1 < len(argv)
            else None
        )
        if value is not None:
            with contextlib.suppress(ValueError):  # the parser takes it as given; _main() reports it in one line
                set_language(value)
            return


def main(argv: list[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command; returns the exit status."""
    from ._i18n import language, set_language

    argv = sys.argv[1:] if argv is None else list(argv)
    previous = language()
    try:
        _language(argv)
        return _main(argv, stdin, stdout)
    finally:
        set_language(previous)  # main() may be called in a running program: leave its language alone


def _main(argv: list[str], stdin: TextIO | None, stdout: TextIO | None) -> int:
    from ._i18n import set_language

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        args = _parser().parse_args(argv)
        if args.lang is not None:
            set_language(args.lang)
        if _closed(stdout):
            raise ValueError(_("standard output is closed: there is nowhere to write the tokens"))
        text = " ".join(args.text) if args.text else _read(stdin)
        if args.text and any("\udc80" <= c <= "\udcff" for c in text):  # undecodable bytes in argv
            raise ValueError(_("the arguments are not UTF-8 text"))
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
            max_chars=args.max_chars,
            color=_use_color(args.color, stdout),
        )
        _write(stdout, shown + "\n")
        return 0
    except BrokenPipeError:
        raise  # run() stops quietly
    except MemoryError:
        _say(_("tokenlab: the input is too large for the memory of this machine"))
        return 2
    except Exception as error:  # any error at all, a damaged install's too: one line, never a traceback
        _say(_("tokenlab: {error}").format(error=_one_line(error)))
        if os.environ.get("TOKENLAB_DEBUG"):
            import traceback

            traceback.print_exc()
        return 2


def _one_line(error: BaseException) -> str:
    """An error's message on one line; with its kind when that says more (``EOFError: ...``)."""
    message = " ".join(str(error).split())
    ours = type(error).__module__.startswith("tokenlab") or type(error) in (ValueError, TypeError)
    if ours and message:
        return message
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


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
        raise ValueError(_("give the text as an argument, or pipe it in: echo 'Hello' | tokenlab"))
    try:
        data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8", "surrogatepass")
    except OSError as error:  # e.g. a directory given as standard input
        import errno

        from ._i18n import language

        # The system's words are English: in another language, its error's code instead (EISDIR).
        why = error.strerror if language() == "en" and error.strerror else errno.errorcode.get(error.errno or 0, "")
        raise ValueError(_("standard input cannot be read ({why})").format(why=why or type(error).__name__)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(
            _("the input is not UTF-8 text (byte {data:#04x} at offset {start})").format(
                data=data[error.start], start=error.start
            )
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
