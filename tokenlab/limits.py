"""Limits: what fits in a model's context window, and how to cut a text that does not.

A model's **context window** holds the prompt and the output together. Most OpenAI models let
the prompt take any part of it (so the prompt plus the output a request reserves must fit); a few
(the GPT-5 family) also cap the prompt on its own: gpt-5's 400,000-token window takes at most
272,000 prompt tokens and 128,000 output tokens. ``context_window``, ``max_input`` and
``max_output`` give each as OpenAI states it (from the price table, and ``data/prices/windows.json``
where OpenAI states the window apart), and ``fits`` applies the right rule. ``chunk`` and
``truncate`` cut a text on token boundaries, never inside a character, so that every piece is
within the limit when encoded again.

>>> fits("Hello!", model="gpt-4o", max_output_tokens=1000).fits
True
>>> context_window("gpt-5"), max_input("gpt-5"), max_output("gpt-5")
(400000, 272000, 128000)
>>> chunk("one two three four five", 2, encoding="cl100k_base")
['one two', ' three four', ' five']
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from . import _html
from ._checks import whole
from ._compat import second_positional
from ._i18n import _, units
from .tokens import Tokens, count, tokenize

__all__ = ["context_window", "max_input", "max_output", "shares_window", "fits", "Fit", "chunk", "truncate"]

_SEPARATE: dict[str, dict[str, Any]] = {}  # models whose window OpenAI states apart from their input limit


def _separate() -> dict[str, dict[str, Any]]:
    if not _SEPARATE:
        from ._shipped import shipped_json

        data = shipped_json("prices", "windows.json")
        _SEPARATE.update({k: v for k, v in data.items() if not k.startswith("_")})
    return _SEPARATE


def _name(model: object) -> str:
    if not isinstance(model, str):
        raise TypeError(_("a model name is a string, such as 'gpt-4o', not {name}").format(name=type(model).__name__))
    return model.strip()


def _limit(model: str, field: str) -> int:
    from .pricing import price_table

    spec = price_table().price(model)
    if field not in spec:
        raise ValueError(_("the price table has no {field} for {model}").format(field=field, model=model))
    return int(spec[field])


def shares_window(model: str) -> bool:
    """Whether the prompt may take any part of ``model``'s window (True for most models), or is
    capped on its own (False: the GPT-5 family)."""
    return _name(model) not in _separate()


def context_window(model: str) -> int:
    """How many tokens ``model``'s context window holds, prompt and output together, as OpenAI states it.

    >>> context_window("gpt-4o")
    128000
    """
    separate = _separate().get(_name(model))
    if separate is not None:
        return int(separate["context_window"])
    return _limit(model, "max_input_tokens")


def max_input(model: str) -> int:
    """The most prompt tokens a request to ``model`` may hold (without any output).

    >>> max_input("gpt-4o"), max_input("gpt-5")
    (128000, 272000)
    """
    return _limit(model, "max_input_tokens")


def max_output(model: str) -> int:
    """The most tokens ``model`` writes in one reply (reasoning tokens included).

    >>> max_output("gpt-4o")
    16384
    """
    return _limit(model, "max_output_tokens")


@dataclasses.dataclass(frozen=True)
class Fit:
    """Whether a prompt plus the output it reserves fits a model's limits, and by how much."""

    model: str
    prompt_tokens: int
    max_output_tokens: int
    window: int
    output_limit: int
    input_limit: int
    shared: bool = True

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.max_output_tokens

    @property
    def room(self) -> int:
        """Tokens of prompt that could still be added (negative when the prompt is too long)."""
        if self.shared:
            return self.window - self.total
        return min(self.input_limit - self.prompt_tokens, self.window - self.total)

    @property
    def output_too_long(self) -> bool:
        return self.max_output_tokens > self.output_limit

    @property
    def fits(self) -> bool:
        return self.room >= 0 and not self.output_too_long

    def verdict(self) -> str:
        return _("fits") if self.fits else _("does not fit")

    def status(self) -> str:
        """Why it fits or not, in one line."""
        if self.output_too_long:
            return _("max_output_tokens {asked:,} is more than {model} can write ({limit:,})").format(
                asked=self.max_output_tokens, model=self.model, limit=self.output_limit
            )
        if self.room >= 0:
            return _("{room} of room left").format(room=units(self.room, "token"))
        return _("{over} too many").format(over=units(-self.room, "token"))

    def summary(self) -> str:
        if not self.shared:
            return _(
                "{prompt:,} prompt tokens (at most {input:,}) + {output:,} reserved for output (at most {limit:,}) "
                "({model}: a {window:,}-token window)"
            ).format(
                prompt=self.prompt_tokens,
                input=self.input_limit,
                output=self.max_output_tokens,
                limit=self.output_limit,
                model=self.model,
                window=self.window,
            )
        return _(
            "{prompt:,} prompt tokens + {output:,} reserved for output = {total:,} of {window:,} ({model})"
        ).format(
            prompt=self.prompt_tokens,
            output=self.max_output_tokens,
            total=self.total,
            window=self.window,
            model=self.model,
        )

    def rule(self) -> str:
        if self.shared:
            return _("The window holds the prompt and the output together.")
        return _("{model}'s window holds at most {input:,} prompt tokens and {output:,} output tokens.").format(
            model=self.model, input=self.input_limit, output=self.output_limit
        )

    def __repr__(self) -> str:
        return f"Fit({self.verdict()}: {self.summary()})"

    def to_html(self) -> str:
        """A bar: the prompt and the reserved output against the window (no script, inline styles)."""
        scale = max(self.window, self.total) or 1
        marks = [self.window / scale] + ([] if self.shared else [self.input_limit / scale])
        bar = _html.bar(
            [(self.prompt_tokens / scale, _html.BLUE), (self.max_output_tokens / scale, _html.ORANGE)],
            marks=marks,
            height=22,
        )
        legend = (
            f'<div style="margin-top:.2em">{_html.swatch(_html.BLUE)} {_html.esc(_("prompt"))} '
            f"{_html.swatch(_html.ORANGE)} {_html.esc(_('reserved output'))} · {_html.esc(self.summary())}</div>"
        )
        color = _html.GREEN if self.fits else _html.VERMILLION
        line = _("{verdict}: {status}. {rule}").format(  # the punctuation is the language's own
            verdict=f'<b style="color:{color}">{_html.esc(self.verdict())}</b>',
            status=_html.esc(self.status()),
            rule=_html.esc(self.rule()),
        )
        verdict = f"<div>{line}</div>"
        return _html.block("gauge", bar + legend + verdict, style="max-width:640px")

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}


@second_positional("model")
def fits(
    prompt: str | int | Sequence[Mapping[str, Any]],
    *,
    model: str,
    max_output_tokens: int = 0,
    encoding: str | None = None,
) -> Fit:
    """Whether ``prompt`` (a text, a token count or chat messages) plus the ``max_output_tokens``
    the request reserves fits ``model``. The prompt is counted as the API bills it (chat messages
    with their overhead).
    """
    from .pricing import prompt_tokens

    max_output_tokens = whole(max_output_tokens, "max_output_tokens")
    return Fit(
        model,
        prompt_tokens(prompt, model=model, encoding=encoding),
        max_output_tokens,
        context_window(model),
        max_output(model),
        max_input(model),
        shares_window(model),
    )


def chunk(
    text: str,
    max_tokens: int,
    *,
    overlap: int = 0,
    encoding: str | None = None,
    model: str | None = None,
) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_tokens`` tokens each, on token boundaries.

    No character is ever cut in two. With ``overlap=0`` the pieces joined give the text back
    exactly; with an overlap, each piece starts at most ``overlap`` tokens before the last one ended.
    """
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
        raise ValueError(_("max_tokens must be a whole number of at least 1"))
    if isinstance(overlap, bool) or not isinstance(overlap, int) or not 0 <= overlap < max_tokens:
        raise ValueError(_("overlap must be a whole number, at least 0 and less than max_tokens"))
    tokens = tokenize(text, encoding=encoding, model=model)
    offsets, indexes = _cuts(tokens, len(text))
    pieces, first = [], 0  # first: the cut where the next piece starts
    while first < len(offsets) - 1:
        last = _within(text, offsets, indexes, first, max_tokens, tokens.encoding)
        pieces.append(text[offsets[first] : offsets[last]])
        if last == len(offsets) - 1:
            break
        first = max(bisect_left(indexes, indexes[last] - overlap), first + 1) if overlap else last
    return pieces


def truncate(
    text: str,
    max_tokens: int,
    *,
    side: Literal["end", "start"] = "end",
    encoding: str | None = None,
    model: str | None = None,
) -> str:
    """The longest part of ``text`` within ``max_tokens`` tokens: cut at the end, or at the start.

    >>> truncate("one two three four five", 2, encoding="cl100k_base")
    'one two'
    >>> truncate("one two three four five", 2, side="start", encoding="cl100k_base")
    ' four five'
    """
    if side not in ("end", "start"):
        raise ValueError(_("side must be 'end' (keep the beginning) or 'start' (keep the end)"))
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 0:
        raise ValueError(_("max_tokens must be a whole number, 0 or more"))
    tokens = tokenize(text, encoding=encoding, model=model)
    if len(tokens) <= max_tokens:
        return text
    if max_tokens == 0:
        return ""
    # A cut where a token starts (never inside a character: a token that begins inside one starts
    # at it), checked by encoding the part kept again, which can come out longer than its share.
    if side == "end":
        last = max_tokens
        while last > 0 and count(text[: tokens.start_of(last)], encoding=tokens.encoding) > max_tokens:
            last -= 1
        return text[: tokens.start_of(last)]
    first = len(tokens) - max_tokens
    while first < len(tokens) and count(text[tokens.start_of(first) :], encoding=tokens.encoding) > max_tokens:
        first += 1
    return text[tokens.start_of(first) :]


def _cuts(tokens: Tokens, length: int) -> tuple[list[int], list[int]]:
    """Where a text may be cut (between segments, so never inside a character): the character
    offset of each cut and how many tokens come before it, ending with the text's end."""
    offsets, indexes, i = [], [], 0
    for segment in tokens.segments():
        offsets.append(segment.tokens[0].start)
        indexes.append(i)
        i += len(segment.tokens)
    return [*offsets, length], [*indexes, i]


def _within(text: str, offsets: list[int], indexes: list[int], first: int, max_tokens: int, encoding: str) -> int:
    """The furthest cut after ``first`` whose piece is within ``max_tokens`` once encoded again."""
    last = bisect_right(indexes, indexes[first] + max_tokens) - 1
    # Encoded on its own, a piece can come out longer than its share of the whole: pull back.
    while last > first and count(text[offsets[first] : offsets[last]], encoding=encoding) > max_tokens:
        last -= 1
    if last == first:
        raise ValueError(
            _("one character takes more than {max_tokens} tokens under {encoding}: raise max_tokens").format(
                max_tokens=max_tokens, encoding=encoding
            )
        )
    return last
