"""IPython magics: ``%tokens`` and ``%%tokens``, after ``%load_ext tokenlab``.

    %tokens Hello world
    %tokens --model gpt-4 --ids Hello world
    %tokens --compare r50k_base,o200k_base 你好，世界

    %%tokens --encoding cl100k_base
    A whole cell of text,
    newlines and all.

Options come first; everything after them is the text, exactly as typed (quotes, apostrophes,
``{braces}`` and ``$dollars`` included: no variable is filled in). Use ``--`` before a text that
itself starts with ``-``.
"""

from __future__ import annotations

import argparse
import re
from typing import Any, NoReturn

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class, no_var_expand

from ._i18n import _
from ._parsing import Parser
from .compare import Comparison, compare
from .tokens import Tokens, tokenize

__all__ = ["TokenMagics", "load_ipython_extension", "unload_ipython_extension"]

_OPTIONS_WITH_VALUE = {"-e", "--encoding", "-m", "--model", "--compare"}
_FLAGS = {"--ids", "--bytes"}


def _usage_error(message: str) -> NoReturn:
    raise UsageError(_("%tokens: {message} (see %tokens?)").format(message=message))


def _parser() -> argparse.ArgumentParser:
    parser = Parser(fail=_usage_error, prog="%tokens", add_help=False)
    parser.add_argument("-e", "--encoding")
    parser.add_argument("-m", "--model")
    parser.add_argument("--ids", action="store_true")
    parser.add_argument("--bytes", action="store_true")
    parser.add_argument("--compare")
    return parser


def split_options(line: str) -> tuple[list[str], str]:
    """Split a magic's line into its leading options and the text after them, kept verbatim.

    >>> split_options("--model gpt-4 --ids  don't  panic")
    (['--model', 'gpt-4', '--ids'], "don't  panic")
    """
    options: list[str] = []
    words = list(re.finditer(r"\S+", line))
    i = 0
    while i < len(words):
        word = words[i].group()
        if word == "--":
            return options, line[words[i].end() :].lstrip(" ") if i + 1 < len(words) else ""
        name = word.split("=", 1)[0]
        if name in _FLAGS:
            options.append(word)
        elif name in _OPTIONS_WITH_VALUE:
            options.append(word)
            if "=" not in word:
                if i + 1 >= len(words):
                    raise UsageError(_("%tokens: {word} needs a value (see %tokens?)").format(word=word))
                options.append(words[i + 1].group())
                i += 1
            # "--compare a, b": a list written with spaces after its commas is still one list
            while name == "--compare" and options[-1].endswith(",") and i + 1 < len(words):
                options[-1] += words[i + 1].group()
                i += 1
        elif word.startswith("-") and len(word) > 1 and not word[1:2].isdigit():
            raise UsageError(
                _("%tokens: unknown option {word}; put -- before a text that starts with - (see %tokens?)").format(
                    word=word
                )
            )
        else:
            return options, line[words[i].start() :]
        i += 1
    return options, ""


@magics_class
class TokenMagics(Magics):
    @no_var_expand  # IPython would otherwise expand {x}, $x and $$x in the line before we see it
    @line_cell_magic
    def tokens(self, line: str, cell: str | None = None) -> Tokens | Comparison | _Shown:
        """Show how a text splits into tokens: colored spans, ids on hover, and counts.

        Usage::

            %tokens [options] TEXT
            %%tokens [options]
            TEXT (the whole cell)

        Options (they come before the text):
          -e, --encoding NAME   r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base (default),
                                o200k_harmony; other vendors': qwen, qwen3.6, deepseek_v3, tekken
          -m, --model NAME      a model name, e.g. gpt-4o or deepseek-chat; its encoding is used
          --ids                 write each token's id under it
          --bytes               show each token's bytes in hex
          --compare A,B,...     the same text under several encodings (or models), side by side
          --                    end of options (for a text that starts with -)

        Returns the tokens (or the comparison), so it displays; assign it to keep it:
        ``t = %tokens Hello``.
        """
        words, text = split_options(line)
        options = _parser().parse_args(words)
        if cell is not None:
            if text.strip():
                raise UsageError(_("%%tokens: put only options on the first line; the text is the cell below it"))
            text = cell.removesuffix("\n")  # IPython ends every cell body with one
        try:
            if options.compare is not None:
                if options.encoding or options.model:
                    raise UsageError(_("%tokens: --compare takes its own list; leave out --encoding and --model"))
                names = [name.strip() for name in options.compare.split(",") if name.strip()]
                return compare(text, encodings=names)
            tokens = tokenize(text, encoding=options.encoding, model=options.model)
        except UsageError:
            raise
        except Exception as error:  # a bad name, or a damaged install: one line, not a traceback
            message = " ".join(str(error).split()) or type(error).__name__
            raise UsageError(_("%tokens: {error}").format(error=message)) from None
        if options.ids or options.bytes:
            return _Shown(tokens, ids=options.ids, view="bytes" if options.bytes else "text")
        return tokens


class _Shown:
    """Tokens displayed with options (ids, bytes); behaves like the tokens otherwise."""

    def __init__(self, tokens: Tokens, **options: object) -> None:
        self.tokens, self.options = tokens, options

    def __getattr__(self, name: str) -> object:
        return getattr(self.tokens, name)

    def __len__(self) -> int:
        return len(self.tokens)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.tokens.to_html(**self.options), "text/plain": self.tokens.to_text(**self.options)}

    def __repr__(self) -> str:
        return repr(self.tokens)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext tokenlab``: register the magics (loading twice is harmless)."""
    ipython.register_magics(TokenMagics)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext tokenlab``: remove the magics again."""
    for kind in ("line", "cell"):
        ipython.magics_manager.magics[kind].pop("tokens", None)
    ipython.magics_manager.registry.pop("TokenMagics", None)
