"""A budget meter: a bar that fills as requests are recorded in a ``usage.Budget``.

>>> from tokenlab.usage import Budget
>>> meter = BudgetMeter(Budget(limit_usd=1))
>>> meter
BudgetMeter($0.00 of $1.00 spent, 0%)
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .._i18n import _
from ..usage import Budget
from ._base import LessonWidget

__all__ = ["BudgetMeter"]


class BudgetMeter(LessonWidget):
    """The budget's bar and summary, redrawn each time the budget records a request."""

    def __init__(self, budget: Budget) -> None:
        if not isinstance(budget, Budget):
            raise TypeError(
                _("BudgetMeter shows a tokenlab.usage.Budget, not {name}").format(name=type(budget).__name__)
            )
        self.budget = budget
        self.view = w.HTML()
        super().__init__([self.view])
        budget.on_change(self.refresh)
        self.refresh()

    def refresh(self, *_: Any) -> None:
        self.view.value = self.budget.to_html()

    def static_html(self) -> str:
        return str(self.view.value)

    def __repr__(self) -> str:
        return f"BudgetMeter({self.budget.summary()})"
