"""What a check, a hint and a solution show: small display objects, one line each where they can be.

Every one has a static HTML view (inline styles, escaped, no script: it reads the same in a saved
notebook, nbconvert and GitHub) and a short ``text/plain``. They keep codes and values; the words
are looked up in the language in use when shown.

>>> from tokenlab._i18n import N_
>>> print(Result("01.word", "correct", Say(N_("{n:,} bytes"), n=9)))
✓ Correct: 9 bytes
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import _html
from .._i18n import N_, _
from ._say import Say

__all__ = ["Result", "Hint", "Solution", "STATUSES", "box"]

# status -> (sign, label, background, border)
STATUSES = {
    "correct": ("✓", N_("Correct"), "#E3F4EC", _html.GREEN),
    "not_yet": ("✗", N_("Not yet"), "#FCE4DC", _html.VERMILLION),
    "incomplete": ("…", N_("Not answered yet"), "#E8F1FA", _html.BLUE),
    "invalid": ("⚠", N_("Cannot check this"), "#FFF4D6", _html.ORANGE),
}
_HINT = ("💡", N_("Hint"), "#E8F1FA", _html.BLUE)


def box(kind: str, sign: str, label: str, text: str, background: str, border: str, *, extra: str = "") -> str:
    """One pale box with dark text: ``sign label · text`` (``text`` escaped; ``extra`` is HTML)."""
    inner = (
        f'<div style="background:{background};color:#1a1a1a;border-left:4px solid {border};padding:4px 10px;'
        f'margin:4px 0;border-radius:3px;overflow-wrap:anywhere">{sign} <b>{_html.esc(label)}</b> · '
        f"{_html.esc(text)}{extra}</div>"
    )
    return _html.block(kind, inner)


class Result:
    """The outcome of ``check()``: ``status`` is ``correct``, ``not_yet``, ``incomplete`` or ``invalid``;
    ``mistake`` names the usual mistake it found (a code, or None). True only when correct."""

    def __init__(
        self, exercise: str, status: str, said: Say, *, hint: Say | None = None, mistake: str | None = None
    ) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        self.exercise, self.status, self.said, self.hint, self.mistake = exercise, status, said, hint, mistake

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    @property
    def message(self) -> str:
        """What it says, in the language in use (with the hint, if any)."""
        text = str(self.said)
        if self.hint is not None:
            text += " " + _("Hint: {hint}").format(hint=self.hint)
        return text

    def __str__(self) -> str:
        sign, label = STATUSES[self.status][:2]
        return f"{sign} " + _("{label}: {value}").format(label=_(label), value=self.message)

    def __repr__(self) -> str:
        return f"<Result {self.exercise} {self.status}{' ' + self.mistake if self.mistake else ''}: {self.said}>"

    def to_html(self) -> str:
        sign, label, background, border = STATUSES[self.status]
        extra = ""
        if self.hint is not None:
            extra = f" · <i>{_html.esc(_('Hint:'))}</i> {_html.esc(str(self.hint))}"
        return box("result", sign, _(label), str(self.said), background, border, extra=extra)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        return {"text/html": self.to_html(), "text/plain": str(self)}


class Hint:
    """A hint, shown as one line."""

    def __init__(self, exercise: str, said: Say) -> None:
        self.exercise, self.said = exercise, said

    def __str__(self) -> str:
        return f"{_HINT[0]} " + _("{label}: {value}").format(label=_(_HINT[1]), value=self.said)

    def __repr__(self) -> str:
        return f"<Hint {self.exercise}: {self.said}>"

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        sign, label, background, border = _HINT
        return {"text/html": box("hint", sign, _(label), str(self.said), background, border), "text/plain": str(self)}


class Solution:
    """A solution: what to do (one or two sentences), the code that does it, and what it gives."""

    def __init__(self, exercise: str, said: Say, code: str, gives: Sequence[tuple[str, str]] = ()) -> None:
        self.exercise, self.said, self.code, self.gives = exercise, said, code, tuple(gives)

    def __str__(self) -> str:
        lines = [_("Solution: {text}").format(text=self.said), "", self.code.rstrip()]
        if self.gives:
            lines += ["", _("It gives:"), *(f"    {name} = {value}" for name, value in self.gives)]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Solution {self.exercise}>"

    def to_html(self) -> str:
        code = (
            '<pre style="background:#F4F4F4;color:#1a1a1a;padding:6px 10px;margin:4px 0;border-radius:3px;'
            f'white-space:pre-wrap;font-family:{_html.MONO}">{_html.esc(self.code.rstrip())}</pre>'
        )
        gives = ""
        if self.gives:
            rows = "".join(
                f"<div><code>{_html.esc(name)}</code> = <code>{_html.esc(value)}</code></div>"
                for name, value in self.gives
            )
            gives = f"<div>{_html.esc(_('It gives:'))}</div>{rows}"
        inner = f"<div><b>{_html.esc(_('Solution'))}</b> · {_html.esc(str(self.said))}</div>{code}{gives}"
        return _html.block("solution", inner, style="border-left:4px solid #999;padding-left:8px;margin:4px 0")

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        return {"text/html": self.to_html(), "text/plain": str(self)}
