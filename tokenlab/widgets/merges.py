"""The merge stepper: train a tiny BPE on a short text, then step through its merges.

>>> stepper = MergeStepper("low lower lowest", merges=3, debounce=0)
>>> stepper.step.value = 2
>>> stepper
MergeStepper(after 2 of 3 merges: 10 tokens)
"""

from __future__ import annotations

import ipywidgets as w

from .. import _html, bpe
from .._checks import whole
from .._i18n import _, units
from ..tokens import Tokens
from ._base import NARROW_LABEL, WIDE, LessonWidget, error_html, follow, text_arg

__all__ = ["MergeStepper"]


class MergeStepper(LessonWidget):
    """Train a tiny BPE on a short text, then step through its merges with a slider (or ▶)."""

    def __init__(
        self, text: str = "the cat sat on the mat, the cat ate the rat", merges: int = 20, *, debounce: float = 0.4
    ) -> None:
        self.text = w.Textarea(value=text_arg(text), layout=w.Layout(width="100%", height="4em"))
        self.merges = w.BoundedIntText(
            value=whole(merges, "merges", high=bpe.MAX_MERGES),
            min=0,
            max=bpe.MAX_MERGES,
            description=_("Merges to learn"),
            style=NARROW_LABEL,
        )
        self.step = w.IntSlider(
            value=0,
            min=0,
            max=0,
            description=_("After merge"),
            continuous_update=True,
            style=NARROW_LABEL,
            layout=w.Layout(width="60%"),
        )
        self.play = w.Play(value=0, min=0, max=0, interval=700)
        w.jslink((self.play, "value"), (self.step, "value"))
        self.merge = w.HTML()
        self.output = w.HTML(layout=WIDE)
        self.trained: bpe.Merges | None = None
        self.tokens: Tokens | None = None
        super().__init__([self.text, self.merges, w.HBox([self.play, self.step]), self.merge, self.output])
        self._retrain = follow(self.train, debounce, typed=[self.text, self.merges])
        follow(self.show_step, 0, picked=[self.step])
        self.train()

    def train(self) -> None:
        """Train on the current text, then show the last merge."""
        try:
            self.trained = bpe.train(self.text.value, self.merges.value)
        except (ValueError, TypeError) as error:
            self.trained, self.tokens = None, None
            self.merge.value, self.output.value = "", error_html(error)
            return
        last = len(self.trained)
        self.step.max = self.play.max = last
        if self.step.value == last:
            self.show_step()
        self.step.value = last  # triggers show_step

    def show_step(self) -> None:
        if self.trained is None:
            return
        k = self.step.value
        self.tokens = self.trained.tokenize(after=k)
        if k == 0:
            self.merge.value = _html.esc(_("Before any merge, every byte is its own token."))
        else:
            m = self.trained.merges[k - 1]
            self.merge.value = _html.esc(
                _("Merge {rank}: {left} + {right} → {token}").format(
                    rank=m.rank, left=bpe.shown(m.left), right=bpe.shown(m.right), token=bpe.shown(m.token)
                )
            )
        self.output.value = self.tokens.to_html()

    def static_html(self) -> str:
        return _html.quote(self.text.value) + f"<div>{self.merge.value}</div>" + str(self.output.value)

    def __repr__(self) -> str:
        if self.trained is None or self.tokens is None:
            return "MergeStepper(not trained)"
        progress = _("after {step} of {merges}").format(step=self.step.value, merges=units(len(self.trained), "merge"))
        return f"MergeStepper({progress}: {units(len(self.tokens), 'token')})"
