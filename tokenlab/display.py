"""Putting things on a notebook's screen: tokens (``show``) and notices.

``show`` displays tokens as colored spans in a notebook (and prints them as text elsewhere).
``install_notices`` makes tokenlab's notices (``_notice.Notice`` warnings, such as a budget passing
50 %) appear in a notebook as a styled box, not as a red stderr block starting with a temporary
file's path; ``import tokenlab`` calls it when it runs inside IPython. Every other warning is shown
as before, and code can still catch, silence or raise any warning.

>>> show("Hello world")
o200k_base: 2 tokens · 11 characters · 2 words · 1.00 tokens per word
Hello|·world
"""

from __future__ import annotations

import warnings
from typing import Any

from . import _html, render
from ._compat import second_positional
from ._encode import AllowedSpecial
from ._notice import Notice
from .tokens import tokenize

__all__ = ["show", "install_notices"]


@second_positional("encoding")
def show(
    text: str,
    *,
    encoding: str | None = None,
    model: str | None = None,
    ids: bool = False,
    view: render.View = "text",
    max_tokens: int = render.DEFAULT_MAX_TOKENS,
    max_chars: int = render.DEFAULT_MAX_CHARS,
    allowed_special: AllowedSpecial = frozenset(),
) -> None:
    """Display ``text`` as colored token spans in a notebook (elsewhere, print them as text).

    At most ``max_tokens`` tokens and ``max_chars`` characters are drawn (see ``render.html``)."""
    tokens = tokenize(text, encoding=encoding, model=model, allowed_special=allowed_special)
    options: dict[str, Any] = {"ids": ids, "view": view, "max_tokens": max_tokens, "max_chars": max_chars}
    bundle = {"text/html": render.html(tokens, **options), "text/plain": render.text(tokens, **options)}
    shell = _shell()
    if shell is None:
        print(bundle["text/plain"])
        return
    from IPython.display import display

    display(bundle, raw=True)


def _shell() -> Any:
    """The running IPython shell that can display rich output, or None."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def notice_bundle(notice: Notice) -> dict[str, str]:
    """A notice as a notebook shows it: a styled box, and one line of text."""
    level = getattr(notice, "level", "warning")
    sign = {"info": "ℹ", "warning": "⚠", "error": "✖"}.get(level, "⚠")
    return {"text/html": _html.notice(str(notice), level=level, title=notice.title), "text/plain": f"{sign} {notice}"}


_installed: list[Any] = []


def install_notices() -> None:
    """Show tokenlab's notices as styled output in IPython (once; harmless to call again)."""
    if _installed:
        return
    previous = warnings.showwarning

    def showwarning(
        message: Any, category: type[Warning], filename: str, lineno: int, file: Any = None, line: str | None = None
    ) -> None:
        if isinstance(message, Notice) and file is None and _shell() is not None:
            from IPython.display import display

            display(notice_bundle(message), raw=True)
            return
        previous(message, category, filename, lineno, file, line)

    warnings.showwarning = showwarning
    _installed.append(showwarning)
