"""Notices: what tokenlab tells a student while code runs (a budget filling up, for instance).

A notice is a Python warning, so code can catch it, silence it or turn it into an error as it
would any warning (``warnings.catch_warnings``, ``pytest.warns``, ``-W error``). In a notebook it
is shown as a styled box instead of a red stderr block that starts with a temporary file's path
(``display`` installs that); elsewhere it prints as a warning does.

>>> issubclass(Notice, UserWarning)
True
"""

from __future__ import annotations

import warnings

__all__ = ["Notice", "notify"]


class Notice(UserWarning):
    """A message meant for the student. ``level`` is ``"info"``, ``"warning"`` or ``"error"``."""

    level = "warning"

    @property
    def title(self) -> str:
        """A short heading for the notice's box (translated when shown)."""
        return ""


def notify(notice: Notice, *, stacklevel: int = 2) -> None:
    """Issue ``notice`` as a warning attributed to the caller's caller (``stacklevel`` as in
    ``warnings.warn``, counted from the caller of ``notify``)."""
    warnings.warn(notice, stacklevel=stacklevel + 1)
