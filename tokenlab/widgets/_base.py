"""What the widgets share: following their inputs, showing errors, and a static view.

- ``follow`` wires inputs to a redraw: debounced while a student types (so a long text never
  freezes the kernel), at once for picks and for values set from code.
- ``LessonWidget`` is the base of every widget: besides the live view, its display carries a
  static HTML rendering of what it shows, which nbconvert, GitHub and any viewer without a kernel
  show instead of nothing, and a short ``text/plain``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from .. import _html
from .._checks import brief
from .._i18n import _

__all__ = [
    "Debounced",
    "follow",
    "LessonWidget",
    "WIDE",
    "BESIDE",
    "error_html",
    "text_arg",
    "one_of",
    "some_of",
    "seconds",
]

WIDE = w.Layout(width="100%")
BESIDE = w.Layout(width="auto", margin="0 0 0 1em")
NARROW_LABEL = {"description_width": "initial"}


def error_html(error: BaseException | str) -> str:
    """A widget's one-line error, shown where its output would be."""
    return _html.error(str(error))


# A widget's arguments are checked before they reach ipywidgets, whose TraitError (or, for a value
# nested thousands deep, RecursionError while describing it) would be the error otherwise.
def text_arg(value: object, name: str = "text") -> str:
    if not isinstance(value, str):
        raise TypeError(_("{name} is a text (str), not {name2}").format(name=name, name2=type(value).__name__))
    return value


def one_of(value: object, options: Sequence[Any], name: str) -> Any:
    """``value`` if it is one of ``options`` (plain values, or (label, value) pairs)."""
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if not isinstance(value, str) or value not in values:
        shown = ", ".join(map(repr, values[:8])) + (", ..." if len(values) > 8 else "")
        raise ValueError(
            _("{name} must be one of {shown}; not {brief}").format(name=name, shown=shown, brief=brief(value))
        )
    return value


def some_of(values: object, options: Sequence[Any], name: str) -> tuple[Any, ...]:
    """``values`` (a list of options, or one) as a tuple, each one of ``options``."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple, set, frozenset)):
        raise TypeError(_("{name} is a list of names, not {name2}").format(name=name, name2=type(values).__name__))
    return tuple(one_of(value, options, name) for value in values)


def seconds(value: object, name: str = "debounce") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 60:
        raise ValueError(
            _("{name} is a number of seconds from 0 to 60, not {brief}").format(name=name, brief=brief(value))
        )
    return float(value)


class Debounced:
    """Calls ``refresh`` once input has been still for ``debounce`` seconds (at once if 0, or
    when no event loop runs, as in a plain script or a test)."""

    def __init__(self, refresh: Callable[[], None], debounce: float) -> None:
        self._refresh = refresh
        self.debounce = debounce
        self._pending: asyncio.TimerHandle | None = None

    def __call__(self, change: Any = None) -> None:
        self.cancel()
        if self.debounce > 0 and _from_the_browser(change):
            try:  # in a kernel, widget messages are handled inside its asyncio loop
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            if loop is not None:
                self._pending = loop.call_later(self.debounce, self._refresh)
                return
        self._refresh()

    def cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None


def _from_the_browser(change: Any) -> bool:
    """Whether a trait change came from the browser (a student typing), not from code.

    ipywidgets applies the browser's updates inside ``_lock_property``, so the changed name is in
    the widget's ``_property_lock`` while observers run. A value set from code (``p.text.value =
    ...``) is shown at once, even in a running kernel.
    """
    if not isinstance(change, dict):
        return True
    owner = change.get("owner")
    return change.get("name") in getattr(owner, "_property_lock", {})


def follow(
    refresh: Callable[[], None], debounce: float, *, typed: Sequence[w.Widget] = (), picked: Sequence[w.Widget] = ()
) -> Debounced:
    """Call ``refresh`` when the inputs change: once typing pauses for ``typed`` ones, at once for
    ``picked`` ones (menus, boxes, sliders). Returns the debouncer (``.cancel()`` stops a pending one)."""
    update = Debounced(refresh, seconds(debounce))
    for control in typed:
        control.observe(update, "value")

    def now(change: Any) -> None:
        update.cancel()
        refresh()

    for control in picked:
        control.observe(now, "value")
    return update


class LessonWidget(w.VBox):
    """A tokenlab widget: a live view in a running notebook, and a static one everywhere else."""

    def static_html(self) -> str:
        """What the widget shows now, as static HTML (no script, inline styles)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = super()._repr_mimebundle_(**kwargs) or {}
        note = _html.note(_("A live widget: run the notebook to use it. It showed this when it ran:"))
        bundle["text/html"] = _html.block("static", note + self.static_html())
        bundle["text/plain"] = repr(self)
        return bundle
