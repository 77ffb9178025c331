"""Limits: what fits in a model's context window, and how to cut a text that does not.

``context_window`` and ``max_output`` come from the price table (LiteLLM's ``max_input_tokens`` and
``max_output_tokens``). ``fits`` checks a prompt plus the output it reserves; ``chunk`` and
``truncate`` cut a text on token boundaries, never inside a character, so that every piece is
within the limit when encoded again.

>>> fits("Hello!", "gpt-4o", max_output_tokens=1000).fits
True
>>> chunk("one two three four five", 2, encoding="cl100k_base")
['one two', ' three four', ' five']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any, Literal, NamedTuple

from .tokens import Tokens, count, tokenize

__all__ = ["context_window", "max_output", "fits", "Fit", "chunk", "truncate"]

WORDS = {
    "fits": "fits",
    "too_long": "does not fit",
    "summary": "{prompt:,} prompt tokens + {output:,} reserved for output = {total:,} of {window:,} ({model})",
    "room": "{room:,} tokens of room left",
    "over": "{over:,} tokens too many",
    "output_over": "max_output_tokens {asked:,} is more than {model} can write ({limit:,})",
    "rule": "The window holds the prompt and the output together.",
}


def _limit(model: str, field: str) -> int:
    from .pricing import price_table

    spec = price_table().price(model)
    if field not in spec:
        raise ValueError(f"the price table has no {field} for {model}")
    return int(spec[field])


def context_window(model: str) -> int:
    """The most tokens a request to ``model`` may hold (LiteLLM's ``max_input_tokens``).

    For most models the reply must fit in it too; a few newer ones (``gpt-5``) take the output on
    top of it, and ``fits`` is then stricter than the API.

    >>> context_window("gpt-4o")
    128000
    """
    return _limit(model, "max_input_tokens")


def max_output(model: str) -> int:
    """The most tokens ``model`` writes in one reply (LiteLLM's ``max_output_tokens``).

    >>> max_output("gpt-4o")
    16384
    """
    return _limit(model, "max_output_tokens")


class Fit(NamedTuple):
    """Whether a prompt plus its reserved output fits a model's window, and by how much."""

    model: str
    prompt_tokens: int
    max_output_tokens: int
    window: int
    output_limit: int

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.max_output_tokens

    @property
    def room(self) -> int:
        """Tokens left in the window (negative when it does not fit)."""
        return self.window - self.total

    @property
    def fits(self) -> bool:
        return self.room >= 0 and self.max_output_tokens <= self.output_limit

    def __repr__(self) -> str:
        verdict = WORDS["fits"] if self.fits else WORDS["too_long"]
        return f"Fit({verdict}: " + WORDS["summary"].format(
            prompt=self.prompt_tokens, output=self.max_output_tokens, total=self.total, window=self.window, model=self.model
        ) + ")"  # fmt: skip

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": gauge_html(self), "text/plain": repr(self)}


def gauge_html(fit: Fit) -> str:
    """A bar: the prompt and the reserved output against the window (no script, inline styles)."""
    scale = max(fit.window, fit.total) or 1
    prompt = 100 * fit.prompt_tokens / scale
    output = 100 * fit.max_output_tokens / scale
    color = "#009E73" if fit.fits else "#D55E00"
    status = WORDS["room"].format(room=fit.room) if fit.room >= 0 else WORDS["over"].format(over=-fit.room)
    if fit.max_output_tokens > fit.output_limit:
        status = WORDS["output_over"].format(asked=fit.max_output_tokens, model=fit.model, limit=fit.output_limit)
    summary = WORDS["summary"].format(prompt=fit.prompt_tokens, output=fit.max_output_tokens, total=fit.total,
                                      window=fit.window, model=fit.model)  # fmt: skip
    window_mark = 100 * fit.window / scale
    return (
        '<div class="tokenlab-gauge" style="max-width:640px">'
        f'<div style="position:relative;height:22px;background:#E8E8E8;border:1px solid #666;border-radius:3px;overflow:hidden">'
        f'<div style="position:absolute;left:0;top:0;bottom:0;width:{prompt:.2f}%;background:#0072B2"></div>'
        f'<div style="position:absolute;left:{prompt:.2f}%;top:0;bottom:0;width:{output:.2f}%;background:#E69F00"></div>'
        f'<div style="position:absolute;left:{window_mark:.2f}%;top:0;bottom:0;border-left:2px solid #000"></div></div>'
        f'<div style="margin-top:.2em"><span style="color:#0072B2">■</span> prompt '
        f'<span style="color:#E69F00">■</span> reserved output · {escape(summary)}</div>'
        f'<div><b style="color:{color}">{escape(WORDS["fits"] if fit.fits else WORDS["too_long"])}</b>: {escape(status)}. '
        f'{escape(WORDS["rule"])}</div></div>'
    )


def fits(
    prompt: str | int | Sequence[Mapping[str, Any]],
    model: str,
    max_output_tokens: int = 0,
    *,
    encoding: str | None = None,
) -> Fit:
    """Whether ``prompt`` (a text, a token count or chat messages) plus ``max_output_tokens`` fits.

    The prompt is counted as the API bills it (chat messages with their overhead).
    """
    from .pricing import prompt_tokens

    if max_output_tokens < 0:
        raise ValueError("max_output_tokens must be 0 or more")
    return Fit(model, prompt_tokens(prompt, model, encoding=encoding), max_output_tokens, context_window(model), max_output(model))


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
    if not isinstance(max_tokens, int) or max_tokens < 1:
        raise ValueError("max_tokens must be a whole number of at least 1")
    if not isinstance(overlap, int) or not 0 <= overlap < max_tokens:
        raise ValueError("overlap must be a whole number, at least 0 and less than max_tokens")
    tokens = tokenize(text, encoding, model=model)
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
        raise ValueError("side must be 'end' (keep the beginning) or 'start' (keep the end)")
    if not isinstance(max_tokens, int) or max_tokens < 0:
        raise ValueError("max_tokens must be a whole number, 0 or more")
    tokens = tokenize(text, encoding, model=model)
    if len(tokens) <= max_tokens:
        return text
    if max_tokens == 0:
        return ""
    offsets, indexes = _cuts(tokens, len(text))
    if side == "end":
        last = bisect_right(indexes, max_tokens) - 1
        while last > 0 and count(text[: offsets[last]], tokens.encoding) > max_tokens:
            last -= 1
        return text[: offsets[last]]
    first = bisect_left(indexes, len(tokens) - max_tokens)
    while first < len(offsets) - 1 and count(text[offsets[first] :], tokens.encoding) > max_tokens:
        first += 1
    return text[offsets[first] :]


def _cuts(tokens: Tokens, length: int) -> tuple[list[int], list[int]]:
    """Where a text may be cut (between segments, so never inside a character): the character
    offset of each cut and how many tokens come before it, ending with the text's end."""
    offsets, indexes, i = [], [], 0
    for segment in tokens.segments():
        offsets.append(segment.tokens[0].start)
        indexes.append(i)
        i += len(segment.tokens)
    return offsets + [length], indexes + [i]


def _within(text: str, offsets: list[int], indexes: list[int], first: int, max_tokens: int, encoding: str) -> int:
    """The furthest cut after ``first`` whose piece is within ``max_tokens`` once encoded again."""
    last = bisect_right(indexes, indexes[first] + max_tokens) - 1
    # Encoded on its own, a piece can come out longer than its share of the whole: pull back.
    while last > first and count(text[offsets[first] : offsets[last]], encoding) > max_tokens:
        last -= 1
    if last == first:
        raise ValueError(f"one character takes more than {max_tokens} tokens under {encoding}: raise max_tokens")
    return last
