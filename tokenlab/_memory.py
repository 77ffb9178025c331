"""Giving memory back to the system after a large, short-lived allocation.

glibc keeps freed heap memory for reuse, so a kernel that briefly held something large (the Python
ranks of an encoding while its core is built, the pixels of a chart while its PNG is made) stays
that large for the rest of the session. ``trim()`` hands the free pages back. Private to tokenlab.
"""

from __future__ import annotations

import sys

__all__ = ["trim"]


def trim() -> None:
    """``malloc_trim(0)``: return freed heap pages to the system (Linux with glibc; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (e.g. musl): it has no malloc_trim
        pass
