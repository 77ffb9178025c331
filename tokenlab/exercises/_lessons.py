"""What exercises and predictions share: the lessons they belong to, and the lesson's givens.

Each lesson's exercises and predictions are defined in ``lessonNN.py`` and registered when that
module is imported, which happens the first time one of its ids is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from .._checks import brief
from .._i18n import language

__all__ = ["LESSONS", "load", "defaults", "merged"]

LESSONS = ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10")


def load(id_: str | None = None) -> None:
    """Import the lesson module that defines ``id_`` (every lesson's when None)."""
    lessons = [id_[:2]] if id_ is not None and id_[:2] in LESSONS else LESSONS if id_ is None else []
    for lesson in lessons:
        importlib.import_module(f".lesson{lesson}", __package__)


def defaults(givens: Mapping[str, Mapping[str, Any]], lang: str | None = None) -> dict[str, Any]:
    """The lesson's givens in ``lang`` (the language in use if None); English where there is none."""
    lang = lang or language()
    return dict(givens.get(lang) or givens.get("en") or next(iter(givens.values()), {}))


def merged(refusal: str, id_: str, values: dict[str, Any], givens: dict[str, Any]) -> dict[str, Any]:
    """``values`` with ``givens`` in place, or a TypeError (``refusal``: its message) naming a given it has not."""
    unknown = sorted(set(givens) - set(values))
    if unknown:
        raise TypeError(refusal.format(id=id_, names=", ".join(values) or "-", unknown=", ".join(map(brief, unknown))))
    return {**values, **givens}
