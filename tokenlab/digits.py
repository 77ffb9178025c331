"""Digits: how numbers are cut into tokens, under each encoding, and the rule each follows.

Tokenizers cut numbers in three ways. GPT-2 and GPT-3's encodings (``r50k_base``, ``p50k_base``) keep
a run of digits whole and let merges learned from frequent numbers cut it, so that ``2025`` and
``2026`` may split differently; GPT-4's and GPT-4o's encodings and DeepSeek's cut runs of digits
into groups of up to three from the left; Qwen's and Mistral's give every digit its own token.
``rule`` finds out which, by encoding a long number; ``digits`` shows a student's numbers under
every encoding, each with its rule.

>>> rule("o200k_base"), rule("qwen"), rule("r50k_base")
('threes', 'single', 'learned')
>>> digits("1234567", encodings=["o200k_base"]).pieces["o200k_base"]
['123', '456', '7']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from . import _html, registry, render
from ._checks import brief
from ._i18n import N_, _, units
from .tokens import Tokens, tokenize

__all__ = ["RULES", "rule", "Digits", "digits", "MAX_TEXT"]

RULES = {
    "single": N_("one digit per token"),
    "threes": N_("groups of three from the left"),
    "learned": N_("chunks learned from data (no fixed rule)"),
}
MAX_TEXT = 1_000  # characters: numbers a student types, under every encoding, well within half a second
_PROBE = "98765432109876543210"  # no group of it is a frequent number: learned merges show as uneven chunks


@functools.cache
def rule(encoding: str) -> str:
    """How an encoding cuts a run of digits: ``"single"``, ``"threes"`` or ``"learned"``.

    Found by encoding a 20-digit number: one token per digit, or tokens of three digits with the
    rest last, or anything else (what merges learned).
    """
    name = registry.resolve(encoding)
    lengths = [len(registry.ordinary_encoding(name).decode_single_token_bytes(i)) for i in _ids(name, _PROBE)]
    if set(lengths) == {1}:
        return "single"
    whole_groups, rest = divmod(len(_PROBE), 3)
    if lengths == [3] * whole_groups + ([rest] if rest else []):
        return "threes"
    return "learned"


def _ids(name: str, text: str) -> list[int]:
    return registry.ordinary_encoding(name).encode_ordinary(text)


class Digits:
    """A text with numbers under several encodings: the pieces of each, with the encoding's rule."""

    def __init__(self, text: str, tokens: list[Tokens]) -> None:
        self.text = text
        self.tokens = tokens

    @property
    def pieces(self) -> dict[str, list[str]]:
        """Each encoding's tokens of the text, as text, e.g. ``{'o200k_base': ['123', '456', '7']}``."""
        return {t.encoding: [token.text for token in t] for t in self.tokens}

    @property
    def counts(self) -> dict[str, int]:
        """Each encoding's number of tokens."""
        return {t.encoding: len(t) for t in self.tokens}

    @property
    def rules(self) -> dict[str, str]:
        """Each encoding's rule for runs of digits (a key of ``RULES``)."""
        return {t.encoding: rule(t.encoding) for t in self.tokens}

    def to_html(self) -> str:
        rows = []
        cell = 'style="text-align:left;vertical-align:top;padding:4px 8px"'
        for t in self.tokens:
            rows.append(
                f'<tr style="border-top:1px solid #8888"><td {cell}><b>{_html.esc(t.encoding)}</b><br>'
                f"{_html.esc(units(len(t), 'token'))}</td>"
                f"<td {cell}>{render.html(t, header=False)}</td>"
                f'<td {cell}><span style="opacity:.8">{_html.esc(_(RULES[rule(t.encoding)]))}</span></td></tr>'
            )
        head = "".join(
            f'<th style="text-align:left;padding:2px 8px">{_html.esc(h)}</th>'
            for h in (_("encoding"), _("its tokens"), _("how it cuts digits"))
        )
        table = f'<table style="border-collapse:collapse"><tr>{head}</tr>{"".join(rows)}</table>'
        return _html.block("digits", table)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        shown = "; ".join(f"{name}: {'|'.join(p)}" for name, p in self.pieces.items())
        return f"<Digits {shown}>" if len(shown) < 400 else f"<Digits {len(self.tokens)} encodings>"


def digits(text: str, *, encodings: Sequence[str] | None = None) -> Digits:
    """``text`` (numbers, or anything with numbers in it) under each of ``encodings`` (all by default).

    Takes up to ``MAX_TEXT`` characters: it is for numbers a student types.

    >>> digits("2025", encodings=["r50k_base", "o200k_base", "tekken"]).pieces
    {'r50k_base': ['20', '25'], 'o200k_base': ['202', '5'], 'tekken': ['2', '0', '2', '5']}
    """
    if not isinstance(text, str):
        raise TypeError(_("digits takes a text (str), not {name}").format(name=type(text).__name__))
    if len(text) > MAX_TEXT:
        raise ValueError(
            _("digits shows up to {limit:,} characters (numbers you type); this text has {n:,}").format(
                limit=MAX_TEXT, n=len(text)
            )
        )
    names = list(registry.encodings()) if encodings is None else encodings
    if isinstance(names, str) or not names:
        raise ValueError(_("encodings is a list of encoding names, not {brief}").format(brief=brief(names)))
    resolved = list(dict.fromkeys(registry.resolve(name) for name in names))
    return Digits(text, [tokenize(text, encoding=name) for name in resolved])
