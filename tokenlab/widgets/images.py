"""What an image costs: its size, detail and model in; its tokens, each step, and the price out.

Like the other widgets it only reads its inputs and calls the library (``images.image_tokens``,
``ImageTokens.cost``).

>>> ImageCost(1024, 1024, "gpt-4o", debounce=0)
ImageCost(gpt-4o: 1024×1024, detail high: 765 tokens)
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w

from .. import _html, images
from .._checks import whole
from .._i18n import _, units
from ..cost import usd
from ._base import NARROW_LABEL, WIDE, LessonWidget, error_html, follow, one_of, some_of

__all__ = ["ImageCost"]


class ImageCost(LessonWidget):
    """An image's size, ``detail`` and model: its tokens by OpenAI's documented rule, step by step,
    what they cost as input, and the same image on a few other models."""

    def __init__(
        self,
        width: int = 1024,
        height: int = 1024,
        model: str = "gpt-4o",
        *,
        detail: str = "high",
        compare: Sequence[str] = ("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-5.4", "gpt-5.5"),
        debounce: float = 0.25,
    ) -> None:
        size = {"min": 1, "max": images.MAX_SIDE, "style": NARROW_LABEL, "layout": w.Layout(width="12em")}
        width = whole(width, "width", low=1, high=images.MAX_SIDE)
        height = whole(height, "height", low=1, high=images.MAX_SIDE)
        self.width = w.BoundedIntText(value=width, description=_("Width (px)"), **size)
        self.height = w.BoundedIntText(value=height, description=_("Height (px)"), **size)
        # The documented models, and any other name that follows one's rule (a dated snapshot)
        models = images.models() + [m for m in _names(model, compare) if m not in images.models() and _known(m)]
        model = one_of(model, models, "model")
        self.model = w.Dropdown(options=models, value=model, description=_("Model"))
        detail = one_of(detail, list(images.DETAILS), "detail")
        self.detail = w.Dropdown(options=list(images.DETAILS), value=detail, description=_("Detail"))
        self.compare = list(some_of(compare, models, "compare"))
        self.output = w.HTML(layout=WIDE)
        self.table = w.HTML(layout=WIDE)
        self.result: images.ImageTokens | None = None
        inputs = w.HBox([self.width, self.height, self.model, self.detail], layout=w.Layout(flex_flow="row wrap"))
        super().__init__([inputs, self.output, self.table])
        self._update = follow(self.refresh, debounce, typed=[self.width, self.height], picked=[self.model, self.detail])
        self.refresh()

    def refresh(self) -> None:
        """Count the image's tokens again, and redraw."""
        width, height, detail = self.width.value, self.height.value, self.detail.value
        try:
            self.result = images.image_tokens(width, height, model=self.model.value, detail=detail)
        except (ValueError, TypeError) as error:
            self.result = None
            self.output.value, self.table.value = error_html(error), ""
            return
        self.output.value = self.result.to_html() + _price_line(self.result)
        rows = []
        for name in dict.fromkeys([self.model.value, *self.compare]):
            try:
                other = images.image_tokens(width, height, model=name, detail=detail)
            except ValueError:
                rows.append((name, "", "—", ""))
                continue
            rows.append((name, other.counted_in, f"{int(other):,}", _cost(other)))
        title = _("The same image, detail {detail}, on other models").format(detail=detail)
        table = _html.table(rows, head=[_("model"), _("rule"), _("tokens"), _("input cost")], align="llrr")
        self.table.value = _html.block("image-models", f"<div><b>{_html.esc(title)}</b></div>{table}")

    def static_html(self) -> str:
        return str(self.output.value) + str(self.table.value)

    def __repr__(self) -> str:
        if self.result is None:
            return "ImageCost(?)"
        w_, h = self.result.size
        return (
            f"ImageCost({self.result.model}: {w_}×{h}, detail {self.result.detail}: {units(int(self.result), 'token')})"
        )


def _names(model: object, compare: object) -> list[str]:
    given = [model, *([compare] if isinstance(compare, str) else compare if isinstance(compare, (list, tuple)) else [])]
    return [name for name in given if isinstance(name, str)]


def _known(model: str) -> bool:
    """Whether an image rule applies to ``model`` (a documented model, or a dated snapshot of one)."""
    try:
        images.image_tokens(1, 1, model=model, detail="low")
    except ValueError:
        return False
    return True


def _cost(image: images.ImageTokens) -> str:
    try:
        return usd(image.cost().input_usd)
    except ValueError:  # a model the price table does not have
        return "—"


def _price_line(image: images.ImageTokens) -> str:
    try:
        cost = image.cost()
    except ValueError:
        return _html.note(_("no price for {model} in the price table").format(model=image.model))
    text = _("as input to {model}: {amount} (prices as of {date}, {source})").format(
        model=image.model, amount=usd(cost.input_usd), date=cost.date, source=cost.source
    )
    thousand = _("a thousand such images: {amount}").format(amount=usd(cost.input_usd * 1000))
    return f'<div style="margin-top:.3em"><b>{_html.esc(text)}</b></div>' + _html.note(thousand)
