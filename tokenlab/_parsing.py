"""Command-line parsing in the language in use, with errors on one line.

argparse writes its own words ("usage:", "unrecognized arguments: ...", "invalid int value: ...")
through the module-level ``_`` and ``ngettext`` it took from gettext, in gettext's global domain,
not in tokenlab's. ``Parser`` looks them up in tokenlab's catalog instead, only while one of its
own methods runs, so that other programs' parsers in the same process are left alone. An error
is one line, not argparse's usage block, handed to ``fail`` (the caller's: it exits or raises).
Private to tokenlab: the ``tokenlab`` command and the ``%tokens`` magic build on it.

>>> from tokenlab._i18n import speaking
>>> def fail(message):
...     raise ValueError(message)
>>> with speaking("zh_CN"):
...     Parser(prog="x", fail=fail).parse_args(["--nope"])
Traceback (most recent call last):
...
ValueError: 未识别的参数：--nope
"""

from __future__ import annotations

import argparse
import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

from ._i18n import N_, _, language, ngettext

__all__ = ["Parser", "ARGPARSE_MESSAGES"]

# argparse's own messages that a user of a finished command can meet (Python 3.10 to 3.13), marked
# here so that tokenlab's catalog carries their translations. The developer's errors (conflicting
# options and the like) are left in English, as a program's bugs are.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("optional arguments"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)
_lock = threading.RLock()


@contextlib.contextmanager
def _in_language() -> Iterator[None]:
    """argparse's words in the language in use, while the block runs (English: nothing to do)."""
    if language() == "en":
        yield
        return
    with _lock:
        saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
        argparse._, argparse.ngettext = _, ngettext  # type: ignore[attr-defined]
        try:
            yield
        finally:
            argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that speaks the language in use and hands each error, on one line, to
    ``fail`` (which exits or raises)."""

    def __init__(self, *args: Any, fail: Callable[[str], Any], **options: Any) -> None:
        self.fail = fail
        with _in_language():  # the help's own option ("show this help message and exit")
            super().__init__(*args, **options)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _in_language():
            return super().parse_known_args(args, namespace)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _in_language():
            return super().parse_args(args, namespace)

    def format_usage(self) -> str:
        with _in_language():
            return super().format_usage()

    def format_help(self) -> str:
        with _in_language():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        self.fail(" ".join(message.split()))
        raise SystemExit(2)  # fail() should not return; if it does, stop as argparse would
