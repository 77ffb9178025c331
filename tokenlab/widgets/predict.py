"""A prediction: commit a guess (a number, or a choice) before the next cell reveals the truth.

    guess = Predict("01.bytes", text=text)   # the question, an input and a button
    ...                                      # the next cell computes the truth, then:
    guess.reveal(len(data))                  # ✓ Right / ✗ Not quite, and why

>>> p = Predict("01.bytes", text="Hi 👋")
>>> p.answer.value = "7"
>>> p.commit_button.click()
>>> p
Predict(01.bytes: guessed 7 bytes)
>>> print(p.reveal(7))
✓ Right: you guessed 7 bytes; it is 7 bytes. Why: 1 byte each: H, i, ·; 4 bytes each: 👋.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .. import _html
from .._i18n import N_, _
from ..exercises.prediction import Prediction, Reveal, prediction
from ._base import LessonWidget, error_html

__all__ = ["Predict"]

_UNITS = {  # what a number is counted in, shown beside the box
    "byte": N_("bytes"),
    "token": N_("tokens"),
    "merge": N_("merges"),
    "language": N_("languages"),
    "request": N_("requests"),
    "times": N_("times"),
    "usd": N_("US dollars"),
    "percent": "%",
}


class Predict(LessonWidget):
    """The question, a box (or choices) for the guess, and a button that commits it."""

    def __init__(self, id: str, **givens: Any) -> None:
        self.prediction: Prediction = prediction(id, **givens)
        self.question = w.HTML(value=self._question_html())
        if self.prediction.kind == "number":
            self.answer: w.Widget = w.Text(placeholder=_("your guess"), layout=w.Layout(width="12em"))
            unit = self.prediction.spec.unit
            beside: list[w.Widget] = [self.answer, w.Label(_(_UNITS[unit]) if unit in _UNITS else "")]
        else:
            choices = [(label, code) for code, label in self.prediction.choices()]
            self.answer = w.RadioButtons(options=choices, value=None, layout=w.Layout(width="auto"))
            beside = []
        self.commit_button = w.Button(description=_("Commit my guess"), button_style="primary", icon="check")
        self.status = w.HTML(value=_html.note(_("Guess first, then run the next cell.")))
        rows = [w.HBox([*beside, self.commit_button])] if beside else [self.answer, self.commit_button]
        super().__init__([self.question, *rows, self.status])
        self.add_class("tokenlab-predict")
        self.commit_button.on_click(lambda _button: self.commit())

    def _question_html(self) -> str:
        return f"<div><b>{_html.esc(_('Predict:'))}</b> {_html.esc(self.prediction.question())}</div>"

    def commit(self, guess: object = None) -> None:
        """Commit the guess in the box (or ``guess``, from code). A bad one is said where the status is."""
        if guess is not None:
            self.answer.value = str(guess) if self.prediction.kind == "number" else guess
        value = self.answer.value
        if value in (None, ""):
            self.status.value = error_html(_("Type a guess first (or pick one)."))
            return
        try:
            self.prediction.commit(value)
        except ValueError as error:
            self.status.value = error_html(error)
            return
        said = _("Your guess: {guess}. Now run the next cell.").format(
            guess=self.prediction.label(self.prediction.guess)
        )
        self.status.value = f'<div class="tokenlab-guess">✔ {_html.esc(said)}</div>'

    def reveal(self, truth: object = None) -> Reveal:
        """Compare the committed guess with ``truth`` (the lesson computes it) and say why; the
        box is closed from then on. The returned ``Reveal`` shows itself in the cell."""
        result = self.prediction.reveal(truth)
        self.answer.disabled = self.commit_button.disabled = True
        self.status.value = result.to_html(why=False)  # the reason is in the cell that revealed it
        return result

    def static_html(self) -> str:
        choices = ""
        if self.prediction.kind == "choice":
            items = "".join(f"<li>{_html.esc(label)}</li>" for _code, label in self.prediction.choices())
            choices = f'<ul style="margin:2px 0">{items}</ul>'
        if self.prediction.result is not None:
            after = self.prediction.result.to_html()
        elif self.prediction.guess is not None:
            after = _html.note(
                _("Guessed: {guess}. The next cell shows the answer.").format(
                    guess=self.prediction.label(self.prediction.guess)
                )
            )
        else:
            after = _html.note(_("The next cell shows the answer."))
        return _html.block("predict", self._question_html() + choices + after)

    def __repr__(self) -> str:
        p = self.prediction
        if p.result is not None:
            state = f"revealed {p.label(p.result.truth)}"
        elif p.guess is not None:
            state = f"guessed {p.label(p.guess)}"
        else:
            state = "no guess yet"
        return f"Predict({p.id}: {state})"
