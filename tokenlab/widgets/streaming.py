"""The stream player: a text's tokens arriving one at a time, decoded naively and incrementally.

Press play (or move the slider) and watch the tokens come in: on the left each token's bytes decoded
alone, with ``�`` wherever a character is split over tokens; on the right an incremental UTF-8
decoder, which holds a split character's first bytes back until it is whole. A long text is played
from its first ``LIMIT`` characters (a note says so): nobody watches a megabyte arrive token by token,
and tokenizing only what is played keeps every keystroke well under half a second.

>>> p = StreamPlayer("你好", "r50k_base", debounce=0)
>>> p
StreamPlayer(r50k_base: token 4 of 4)
>>> p.step.value = 1
>>> p.stream.pending(1)
b'\\xe4\\xbd'
"""

from __future__ import annotations

import ipywidgets as w

from .. import _html, registry
from .._i18n import _
from ..streaming import Stream, stream
from ._base import WIDE, LessonWidget, error_html, follow, one_of, text_arg

__all__ = ["StreamPlayer", "LIMIT"]

LIMIT = 20_000  # characters of a text that are played


class StreamPlayer(LessonWidget):
    """Type a text, pick an encoding, and play its tokens as a stream, decoded both ways."""

    def __init__(
        self,
        text: str = "流式输出：一个汉字可能被拆成两个词元。Streaming, token by token.",
        encoding: str = registry.DEFAULT_ENCODING,
        *,
        interval: int = 400,
        debounce: float = 0.25,
    ) -> None:
        self.text = w.Textarea(value=text_arg(text), layout=w.Layout(width="100%", height="4em"))
        self.encoding = w.Dropdown(
            options=registry.encodings(),
            value=one_of(encoding, registry.encodings(), "encoding"),
            description=_("Encoding"),
        )
        self.play = w.Play(value=0, min=0, max=0, interval=interval, description=_("Play"))
        self.step = w.IntSlider(value=0, min=0, max=0, description=_("Tokens"), layout=w.Layout(width="60%"))
        w.jslink((self.play, "value"), (self.step, "value"))
        self.output = w.HTML(layout=WIDE)
        self.stream: Stream | None = None
        self.cut = False  # whether only the text's first LIMIT characters are played
        super().__init__([self.text, self.encoding, w.HBox([self.play, self.step]), self.output])
        self._update = follow(self.refresh, debounce, typed=[self.text], picked=[self.encoding])
        follow(self.draw, 0, picked=[self.step])
        self.refresh()

    def refresh(self) -> None:
        """Tokenize the text again; the slider goes to its last token (play starts over from the first)."""
        text = self.text.value
        self.cut = len(text) > LIMIT
        try:
            self.stream = stream(_prefix(text), encoding=self.encoding.value)
        except (ValueError, TypeError) as error:
            self.stream, self.output.value = None, error_html(error)
            return
        n, before = len(self.stream), self.step.value
        with self.step.hold_trait_notifications():
            self.step.max = self.play.max = n
            self.step.value = n
        if self.step.value == before:  # else the slider's own change has drawn it, once
            self.draw()

    def draw(self) -> None:
        if self.stream is None:
            return
        self.stream.upto = min(self.step.value, len(self.stream))
        note = (
            _html.note(
                _("The text is {n:,} characters long: its first {k:,} characters are played.").format(
                    n=len(self.text.value), k=len(self.stream.text)
                )
            )
            if self.cut
            else ""
        )
        self.output.value = note + self.stream.to_html()

    def static_html(self) -> str:
        return _html.quote(self.text.value) + str(self.output.value)

    def __repr__(self) -> str:
        if self.stream is None:
            return "StreamPlayer()"
        return f"StreamPlayer({self.stream.encoding}: token {self.stream.upto} of {len(self.stream)})"


def _prefix(text: str) -> str:
    """The first ``LIMIT`` characters of ``text``, ending after a space or punctuation where one is near."""
    if len(text) <= LIMIT:
        return text
    head = text[:LIMIT]
    for i in range(LIMIT - 1, LIMIT - 200, -1):
        if head[i].isspace() or head[i] in "。，！？；：、.,!?;:":
            return head[: i + 1]
    return head
