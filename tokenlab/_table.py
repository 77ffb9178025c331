"""The one mechanism every table a student sees uses: a DataFrame that shows itself in words.

A ``Table`` is a pandas DataFrame (select, sort and compute with it as usual) whose columns and
values stay codes (``"input"``, ``"o200k_base premium"``, ``None``). Only when it is shown, in a
notebook or with ``print``, its ``Look`` (``_look.py``) turns them into words in the language in
use: translated headers, a dash (or a word such as "not announced") for a missing value, grouped
digits, numbers to a fixed number of decimals, and money with the same number of decimals down a
column, so that amounts line up and compare at a glance.

>>> import pandas as pd
>>> look = Look(columns={"n": N_("tokens")}, missing={"date": N_("not announced")})
>>> print(table(pd.DataFrame({"n": [1234567], "date": [None]}, index=["gpt"]), look))
    tokens          date
gpt 1,234,567 not announced
"""

from __future__ import annotations

from typing import ClassVar

import pandas as pd

from . import _html
from ._i18n import N_, _
from ._look import Look, money_places

__all__ = ["Look", "Table", "table", "N_"]


class Table(pd.DataFrame):
    """A DataFrame that shows itself with its ``Look``: see the module's docstring."""

    _metadata: ClassVar[list[str]] = ["look"]  # kept by pandas through selecting, sorting, rounding and pickling
    look: Look

    @property
    def _constructor(self) -> type[Table]:
        return Table

    def shown(self) -> pd.DataFrame:
        """The table as a student sees it: a plain DataFrame of strings, headers translated."""
        look = getattr(self, "look", None) or Look()
        frame = pd.DataFrame(self)
        columns = []
        for i, code in enumerate(frame.columns):
            values = frame.iloc[:, i].tolist()
            money = look.money.get(str(code))
            places = money_places(values) if money is not None else None
            currencies: list[str | None] = [None] * len(values)
            if money and money.startswith("@"):  # each row's currency is in another column
                currencies = [str(c) for c in frame[money[1:]].tolist()]
            columns.append([look.cell(str(code), v, places, c) for v, c in zip(values, currencies, strict=True)])
        out = pd.DataFrame(dict(enumerate(columns)), index=frame.index.copy())
        out.columns = [look.header(c) for c in frame.columns]  # two codes may share a header: both stay
        out.index.name = _(look.index) if look.index else str(self.index.name or "")
        return out

    def caption(self) -> str:
        """The line above the table, in the language in use ("" for none)."""
        look = getattr(self, "look", None)
        return _(look.caption).format(**look.caption_args) if look and look.caption else ""

    def __repr__(self) -> str:
        caption = self.caption()
        text = self.shown().reset_index().to_string(index=False)
        return f"{caption}\n{text}" if caption else text

    def html(self, *, caption: bool = True) -> str:
        """The table as static HTML, as a notebook shows it (``caption=False``: without its caption)."""
        text = self.caption() if caption else ""
        shown = self.shown()
        # The row labels become the first column, so that the headers stand on one line.
        inner = shown.reset_index().to_html(escape=True, border=0, index=False)
        return _html.block("table", (f"<div>{_html.esc(text)}</div>" if text else "") + inner)

    def _repr_html_(self) -> str:
        return self.html()


def table(frame: pd.DataFrame, look: Look) -> Table:
    """``frame`` as a ``Table`` that shows itself with ``look`` (same data, no copy)."""
    out = Table(frame)
    out.attrs.update(frame.attrs)
    out.look = look
    return out
