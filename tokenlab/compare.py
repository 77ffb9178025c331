"""One text under several encodings, side by side, and ``show`` to display tokens in a notebook.

>>> c = compare("Hello world", encodings=["r50k_base", "o200k_base"])
>>> [t.counts.tokens for t in c]
[2, 2]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape

from . import render
from ._encode import AllowedSpecial
from .tokens import Tokens, tokenize

__all__ = ["Comparison", "compare", "show", "DEFAULT_ENCODINGS"]

DEFAULT_ENCODINGS = ("r50k_base", "cl100k_base", "o200k_base")

WORDS = {
    "encoding": "encoding",
    "tokens": "tokens",
    "vs": "vs {first}",
    "title": "The same text under {n} encodings",
}


class Comparison(Sequence[Tokens]):
    """The tokens of one text under several encodings; displays as a table of colored spans.

    Indexing gives each encoding's ``Tokens``, in the order asked for.
    """

    def __init__(self, text: str, tokens: list[Tokens]) -> None:
        self.text = text
        self.tokens = tokens

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self.tokens[index]

    def __iter__(self) -> Iterator[Tokens]:
        return iter(self.tokens)

    def counts(self) -> dict[str, int]:
        """Token count per encoding, e.g. ``{'r50k_base': 12, 'o200k_base': 9}``."""
        return {t.encoding: len(t) for t in self.tokens}

    def change(self, encoding: str) -> float | None:
        """How many more (+) or fewer (-) tokens ``encoding`` needs than the first, in percent."""
        first = len(self.tokens[0])
        mine = self.counts()[encoding]
        return None if first == 0 else 100.0 * (mine - first) / first

    def to_html(self, **options: object) -> str:
        rows = []
        first = self.tokens[0].encoding
        for t in self.tokens:
            change = self.change(t.encoding)
            delta = "" if t.encoding == first or change is None else f"{change:+.0f}% {WORDS['vs'].format(first=first)}"
            rows.append(
                '<tr style="border-top:1px solid #8888">'
                f'<td style="text-align:left;vertical-align:top;padding:4px 8px;white-space:nowrap">'
                f"<b>{escape(t.encoding)}</b><br>{len(t):,} {WORDS['tokens']}"
                f'<br><span style="opacity:.75">{escape(delta)}</span></td>'
                f'<td style="text-align:left;vertical-align:top;padding:4px 8px">'
                f"{render.html(t, header=False, **options)}</td></tr>"  # type: ignore[arg-type]
            )
        title = escape(WORDS["title"].format(n=len(self.tokens)))
        return (
            f'<div class="tokenlab-compare"><div style="margin-bottom:.2em">{title}</div>'
            f'<table style="border-collapse:collapse">{"".join(rows)}</table></div>'
        )

    def to_text(self, **options: object) -> str:
        return "\n\n".join(render.text(t, **options) for t in self.tokens)  # type: ignore[arg-type]

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}: {n}" for name, n in self.counts().items())
        return f"<Comparison {counts}>"


def compare(
    text: str,
    encodings: Sequence[str] = DEFAULT_ENCODINGS,
    *,
    allowed_special: AllowedSpecial = frozenset(),
) -> Comparison:
    """Tokenize ``text`` under each of ``encodings`` (names of encodings or models).

    >>> compare("你好", encodings=["gpt-3.5-turbo", "gpt-4o"]).counts()
    {'cl100k_base': 2, 'o200k_base': 1}
    """
    if isinstance(encodings, str):
        encodings = [encodings]
    if not encodings:
        raise ValueError("compare needs at least one encoding, e.g. encodings=['cl100k_base', 'o200k_base']")
    return Comparison(text, [tokenize(text, name, allowed_special=allowed_special) for name in encodings])


def show(
    text: str,
    encoding: str | None = None,
    *,
    model: str | None = None,
    ids: bool = False,
    view: render.View = "text",
    max_tokens: int = render.DEFAULT_MAX_TOKENS,
    allowed_special: AllowedSpecial = frozenset(),
) -> None:
    """Display ``text`` as colored token spans in a notebook (elsewhere, print them as text).

    >>> show("Hello world")
    o200k_base: 2 tokens · 11 characters · 2 words · 1.00 tokens per word
    Hello|·world
    """
    tokens = tokenize(text, encoding, model=model, allowed_special=allowed_special)
    options = {"ids": ids, "view": view, "max_tokens": max_tokens}
    bundle = {"text/html": render.html(tokens, **options), "text/plain": render.text(tokens, **options)}
    if not _in_ipython():
        print(bundle["text/plain"])
        return
    from IPython.display import display

    display(bundle, raw=True)


def _in_ipython() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None
