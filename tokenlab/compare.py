"""One text under several encodings, side by side.

>>> c = compare("Hello world", encodings=["r50k_base", "o200k_base"])
>>> c.counts
{'r50k_base': 2, 'o200k_base': 2}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from . import _html, registry, render
from ._compat import second_positional
from ._encode import AllowedSpecial
from ._i18n import _, units
from .tokens import Tokens, tokenize

__all__ = ["Comparison", "compare"]


class Comparison(Sequence[Tokens]):
    """The tokens of one text under several encodings; displays as a table of colored spans.

    Indexing gives each encoding's ``Tokens``, in the order asked for.
    """

    def __init__(self, text: str, tokens: list[Tokens]) -> None:
        self.text = text
        self.tokens = tokens

    def __len__(self) -> int:
        return len(self.tokens)

    @overload
    def __getitem__(self, index: int) -> Tokens: ...
    @overload
    def __getitem__(self, index: slice) -> list[Tokens]: ...
    def __getitem__(self, index: int | slice) -> Tokens | list[Tokens]:
        return self.tokens[index]

    def __iter__(self) -> Iterator[Tokens]:
        return iter(self.tokens)

    @property
    def counts(self) -> _TokenCounts:
        """Token count per encoding, e.g. ``{'r50k_base': 12, 'o200k_base': 9}``."""
        return _TokenCounts({t.encoding: len(t) for t in self.tokens})

    def change(self, encoding: str) -> float | None:
        """How many more (+) or fewer (-) tokens ``encoding`` needs than the first, in percent."""
        first = len(self.tokens[0])
        mine = self.counts[encoding]
        return None if first == 0 else 100.0 * (mine - first) / first

    def to_html(self, **options: Any) -> str:
        rows = []
        first = self.tokens[0].encoding
        for t in self.tokens:
            change = self.change(t.encoding)
            delta = (
                ""
                if t.encoding == first or change is None
                else _("{change:+.0f}% vs {first}").format(change=change, first=first)
            )
            rows.append(
                '<tr style="border-top:1px solid #8888">'
                '<td style="text-align:left;vertical-align:top;padding:4px 8px;white-space:nowrap">'
                f"<b>{_html.esc(t.encoding)}</b><br>{_html.esc(units(len(t), 'token'))}"
                f'<br><span style="opacity:.75">{_html.esc(delta)}</span></td>'
                '<td style="text-align:left;vertical-align:top;padding:4px 8px">'
                f"{render.html(t, header=False, **options)}</td></tr>"
            )
        title = _("The same text under {n}").format(n=units(len(self.tokens), "encoding"))
        inner = (
            f'<div style="margin-bottom:.2em">{_html.esc(title)}</div>'
            f'<table style="border-collapse:collapse">{"".join(rows)}</table>'
        )
        return _html.block("compare", inner)

    def to_text(self, **options: Any) -> str:
        return "\n\n".join(render.text(t, **options) for t in self.tokens)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}: {n}" for name, n in self.counts.items())
        return f"<Comparison {counts}>"


class _TokenCounts(dict[str, int]):
    """A dict; calling it (``counts()``, the older spelling) still works, with a warning."""

    def __call__(self) -> dict[str, int]:
        from ._compat import deprecated

        deprecated("Comparison.counts()", "Comparison.counts (a property)")
        return dict(self)


@second_positional("encodings")
def compare(
    text: str,
    *,
    encodings: Sequence[str] = registry.GENERATIONS,
    allowed_special: AllowedSpecial = frozenset(),
) -> Comparison:
    """Tokenize ``text`` under each of ``encodings`` (names of encodings or models).

    >>> compare("你好", encodings=["gpt-3.5-turbo", "gpt-4o"]).counts
    {'cl100k_base': 2, 'o200k_base': 1}
    """
    if isinstance(encodings, str):
        encodings = [encodings]
    if not encodings:
        raise ValueError("compare needs at least one encoding, e.g. encodings=['cl100k_base', 'o200k_base']")
    return Comparison(text, [tokenize(text, encoding=name, allowed_special=allowed_special) for name in encodings])
