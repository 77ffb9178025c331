"""Predictions with answers: commit a guess, then the next cell reveals the truth and says why.

A prediction is defined once per lesson question (``lessonNN.py``): the question, its kind (a
number, or a choice between codes), how close counts as right, how the truth is computed from
the lesson's givens, and the reason, one or two sentences built from the computed values. The
lesson passes the truth it computed to ``reveal``; without one, the prediction computes it.

>>> p = prediction("01.bytes", text="Hi 👋")
>>> p.commit("7")
>>> print(p.reveal(len("Hi 👋".encode())))
✓ Right: you guessed 7 bytes; it is 7 bytes. Why: 1 byte each: H, i, ·; 4 bytes each: 👋.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import _html
from .._checks import brief
from .._i18n import N_, _, language, units
from . import _lessons, progress
from ._say import Say
from .result import box

__all__ = [
    "PredictionSpec",
    "Prediction",
    "Reveal",
    "prediction",
    "predictions",
    "prediction_spec",
    "define_prediction",
    "shown",
]

Value = int | float | Decimal | str


@dataclass(frozen=True)
class PredictionSpec:
    """One question asked before a surprising cell. ``kind`` is ``number`` or ``choice``;
    ``choices(givens)`` maps each code to a message id (or a label made from the givens);
    ``within`` is how far from the truth a number may be and still be right (a fraction of it);
    ``truth(givens)`` computes the answer; ``reason(truth, givens)`` says why."""

    id: str
    question: str  # a message id, formatted with the givens
    kind: str
    givens: Mapping[str, Mapping[str, Any]]
    truth: Callable[[dict[str, Any]], Value]
    reason: Callable[[Value, dict[str, Any]], Say]
    unit: str | None = None
    choices: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # code -> message id (or Say/Later)
    within: float = 0.0
    near: float = 0.0  # and how far in absolute terms (for percentages)
    translate_choices: bool = True  # False: the labels are made from the givens (pairs of bytes), not message ids
    words: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # more values for the question (names...)

    @property
    def lesson(self) -> str:
        return self.id[:2]

    def defaults(self, lang: str | None = None) -> dict[str, Any]:
        return _lessons.defaults(self.givens, lang)


_SPECS: dict[str, PredictionSpec] = {}


def define_prediction(spec: PredictionSpec) -> PredictionSpec:
    if spec.kind not in ("number", "choice") or (spec.kind == "choice") != (spec.choices is not None):
        raise ValueError(f"{spec.id}: a choice needs choices, a number none")
    _SPECS[spec.id] = spec
    return spec


def prediction_spec(id: str) -> PredictionSpec:
    if not isinstance(id, str):
        raise TypeError(_("a prediction id is a text such as '01.bytes', not {name}").format(name=type(id).__name__))
    _lessons.load(id)
    if id not in _SPECS:
        names = ", ".join(predictions())
        raise ValueError(_("no prediction {brief}; there are: {names}").format(brief=brief(id), names=names))
    return _SPECS[id]


def predictions(lesson: str | None = None) -> list[str]:
    """The ids of the predictions (of one lesson, ``"01"``)."""
    _lessons.load()
    return sorted(i for i in _SPECS if lesson is None or i.startswith(f"{lesson}."))


def prediction(id: str, **givens: Any) -> Prediction:
    """The prediction ``id``, with the lesson's ``givens`` in place of its defaults."""
    return Prediction(prediction_spec(id), **givens)


def shown(value: Any, unit: str | None) -> str:
    """A guess or a truth as a student reads it: ``13 bytes``, ``3.4 times``, ``$0.0000075``."""
    if isinstance(value, str) or value is None:
        return str(value)
    if unit in ("byte", "token", "merge", "language", "request") and float(value).is_integer():
        return units(int(value), unit)
    if unit == "usd":
        from ..cost import usd

        return usd(Decimal(str(value)))
    if unit == "percent":
        return f"{float(value):+.0f}%"
    if unit == "times":
        return (
            _("{n:.1f} times").format(n=float(value))
            if abs(float(value)) < 100
            else _("{n:,.0f} times").format(n=float(value))
        )
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.4g}"


def read_number(text: object) -> float:
    """A number a student typed: ``9``, ``1,234``, ``０.５``, ``$0.001``, ``3×``, ``30%``."""
    if isinstance(text, bool):
        raise ValueError(_("a guess is a number, not {brief}").format(brief=brief(text)))
    if isinstance(text, (int, float, Decimal)):
        number = float(text)
    elif isinstance(text, str):
        cleaned = text.strip().replace(",", "").replace("，", "").replace("_", "")
        for mark in ("$", "US$", "¥", "×", "x", "X", "倍", "%", "％"):
            cleaned = cleaned.replace(mark, "")
        try:
            number = float(cleaned.strip()) if cleaned.strip() and len(cleaned) < 40 else math.nan
        except ValueError:
            number = math.nan
    else:
        raise ValueError(_("a guess is a number, not {brief}").format(brief=brief(text)))
    if not math.isfinite(number):
        raise ValueError(_("type a number, such as 12 or 0.5; not {brief}").format(brief=brief(text)))
    return number


class Prediction:
    """A question, a committed guess, and the reveal."""

    def __init__(self, spec: PredictionSpec, **givens: Any) -> None:
        self.spec = spec
        self.givens = _lessons.merged(
            _("prediction {id} takes {names}; not {unknown}"), spec.id, spec.defaults(), givens
        )
        self.guess: Value | None = None
        self.result: Reveal | None = None
        self._choices: dict[str, Any] | None = None  # code -> label, made once

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def kind(self) -> str:
        return self.spec.kind

    def question(self) -> str:
        """The question, in the language in use."""
        values = {k: v for k, v in self.givens.items() if isinstance(v, (str, int, float))}
        if self.spec.words is not None:
            values |= self.spec.words(self.givens)
        return _(self.spec.question).format(**values)

    def choices(self) -> list[tuple[str, str]]:
        """(code, label) of each choice, labels in the language in use."""
        if self.spec.choices is None:
            return []
        if self._choices is None:
            self._choices = self.spec.choices(self.givens)
        made = self._choices
        return [
            (code, str(label) if not isinstance(label, str) else _(label) if self.spec.translate_choices else label)
            for code, label in made.items()
        ]

    def label(self, value: Any) -> str:
        if self.kind == "choice":
            return dict(self.choices()).get(str(value), str(value))
        return shown(value, self.spec.unit)

    def commit(self, guess: object) -> None:
        """Commit a guess (a number, or a choice's code or label). A one-line ValueError if it is neither."""
        if self.result is not None:
            raise ValueError(_("the answer is already revealed: a guess now would not be a prediction"))
        if self.kind == "number":
            number = read_number(guess)
            value: Value = int(number) if number.is_integer() and abs(number) < 1e15 else number
        else:
            codes = dict(self.choices())
            by_label = {label.casefold(): code for code, label in codes.items()}
            if isinstance(guess, str) and guess in codes:
                value = guess
            elif isinstance(guess, str) and guess.strip().casefold() in by_label:
                value = by_label[guess.strip().casefold()]
            else:
                raise ValueError(
                    _("pick one of: {names}; not {brief}").format(names=", ".join(codes.values()), brief=brief(guess))
                )
        self.guess = value
        progress.record({"type": "guess", "id": self.id, "guess": _stored(value), "lang": language()})

    def right(self, truth: Value) -> bool | None:
        """Whether the committed guess is right (None when there is none)."""
        if self.guess is None:
            return None
        if self.kind == "choice":
            return str(self.guess) == str(truth)
        if self.spec.within == 0 and self.spec.near == 0:
            return math.isclose(float(self.guess), float(truth), rel_tol=1e-9, abs_tol=1e-12)
        return abs(float(self.guess) - float(truth)) <= max(self.spec.within * abs(float(truth)), self.spec.near)

    def reveal(self, truth: object = None) -> Reveal:
        """Compare the guess with ``truth`` (computed in the lesson; computed here if None) and say why."""
        value = self.spec.truth(self.givens) if truth is None else _truth(truth, self)
        right = self.right(value)
        try:
            reason = self.spec.reason(value, self.givens)
        except (ValueError, TypeError, KeyError, ZeroDivisionError):
            reason = Say(N_("the lesson's numbers above show it."))
        self.result = Reveal(self, value, right, reason)
        progress.record({"type": "reveal", "id": self.id, "truth": _stored(value), "right": right, "lang": language()})
        return self.result

    def __repr__(self) -> str:
        guess = f", guessed {self.label(self.guess)}" if self.guess is not None else ""
        return f"<Prediction {self.id}: {self.question()}{guess}>"


def _stored(value: Any) -> int | float | str:
    if isinstance(value, Decimal):
        return float(value)
    return value  # type: ignore[no-any-return]


def _truth(value: object, prediction: Prediction) -> Value:
    if prediction.kind == "choice":
        codes = [code for code, _label in prediction.choices()]
        if not isinstance(value, str) or value not in codes:
            raise ValueError(
                _("the truth is one of {names}; not {brief}").format(names=", ".join(codes), brief=brief(value))
            )
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or not math.isfinite(float(value)):
        raise ValueError(_("the truth is a number, not {brief}").format(brief=brief(value)))
    return value


class Reveal:
    """What the reveal shows: the guess against the truth, and why, in one or two lines."""

    def __init__(self, prediction: Prediction, truth: Value, right: bool | None, reason: Say) -> None:
        self.prediction, self.truth, self.right, self.reason = prediction, truth, right, reason

    def _parts(self) -> tuple[str, str, str, str, str]:
        p = self.prediction
        truth = p.label(self.truth)
        if self.right is None:
            sign, label, background, border = "•", _("No guess"), "#E8F1FA", _html.BLUE
            said = _("the answer: {truth}.").format(truth=truth)
        else:
            guess = p.label(p.guess)
            if self.right:
                sign, label, background, border = "✓", _("Right"), "#E3F4EC", _html.GREEN
            else:
                sign, label, background, border = "✗", _("Not quite"), "#FCE4DC", _html.VERMILLION
            if p.kind == "choice":  # a choice's label is a phrase: quoted, it reads as one
                said = _("you guessed “{guess}”; the answer is “{truth}”.").format(guess=guess, truth=truth)
            else:
                said = _("you guessed {guess}; it is {truth}.").format(guess=guess, truth=truth)
        return sign, label, said, background, border

    def __str__(self) -> str:
        sign, label, said, _background, _border = self._parts()
        return (
            f"{sign} "
            + _("{label}: {value}").format(label=label, value=said)
            + " "
            + _("Why: {reason}").format(reason=self.reason)
        )

    def __repr__(self) -> str:
        return f"<Reveal {self.prediction.id}: {self.truth!r}, right={self.right}>"

    def to_html(self, *, why: bool = True) -> str:
        """One or two lines: right or not, the guess and the truth, and (``why``) the reason."""
        sign, label, said, background, border = self._parts()
        extra = f" <i>{_html.esc(_('Why:'))}</i> {_html.esc(str(self.reason))}" if why else ""
        return box("reveal", sign, label, said, background, border, extra=extra)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        return {"text/html": self.to_html(), "text/plain": str(self)}
