"""A spending budget: record what requests cost, warn as it fills, refuse what would pass it.

Usage comes from a response's ``usage`` (the tokens the API actually billed) or from an estimate
made before sending (``pricing.estimate``), and is priced with the price table in use.

>>> budget = Budget(limit_usd=1.00)
>>> budget.record({"prompt_tokens": 100_000, "completion_tokens": 10_000}, model="gpt-4o")
Cost(gpt-4o: $0.35 = 100,000 input tokens $0.25 + 10,000 output tokens $0.10; prices as of 2026-11-27 (LiteLLM 1.110.2))
>>> budget
Budget($0.35 of $1.00 spent, 35%)
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from decimal import Decimal
from html import escape
from typing import Any

from .cost import Cost, usd

__all__ = ["Budget", "BudgetWarning", "BudgetExceeded"]

WORDS = {
    "spent": "{spent} of {limit} spent ({percent:.0f}%)",
    "warning": "budget past {threshold:.0f}%: {spent} of {limit} spent ({percent:.0f}%)",
    "refused": "refused: this request ({cost}) would take the budget to {after} of {limit}",
}


class BudgetWarning(UserWarning):
    """Spending passed one of the budget's thresholds (50, 80 or 100 % by default)."""


class BudgetExceeded(Exception):
    """A request would take spending past the budget's limit."""


class Budget:
    """A spending limit in US dollars, with warnings at ``thresholds`` (fractions of the limit)."""

    def __init__(self, limit_usd: float | str | Decimal, *, thresholds: tuple[float, ...] = (0.5, 0.8, 1.0)) -> None:
        self.limit = Decimal(str(limit_usd))
        if self.limit <= 0:
            raise ValueError("limit_usd must be more than 0")
        self.thresholds = tuple(sorted(thresholds))
        self.spent = Decimal(0)
        self.costs: list[Cost] = []
        self.alerts: list[str] = []
        self._passed: set[float] = set()
        self._views: list[Any] = []

    @property
    def remaining(self) -> Decimal:
        return self.limit - self.spent

    @property
    def fraction(self) -> float:
        return float(self.spent / self.limit)

    def allows(self, cost: Cost) -> bool:
        """Whether ``cost`` still fits in the budget."""
        return self.spent + cost.total_usd <= self.limit

    def check(self, cost: Cost) -> Cost:
        """Raise BudgetExceeded if ``cost`` would pass the limit (call it before sending)."""
        if not self.allows(cost):
            raise BudgetExceeded(WORDS["refused"].format(cost=usd(cost.total_usd), after=usd(self.spent + cost.total_usd),
                                                         limit=usd(self.limit)))  # fmt: skip
        return cost

    def record(self, usage: Any, model: str | None = None) -> Cost:
        """Add what a request cost: a ``Cost``, a response, or its ``usage`` (object or dict)."""
        cost = usage if isinstance(usage, Cost) else _price(usage, model)
        self.costs.append(cost)
        self.spent += cost.total_usd
        for threshold in self.thresholds:
            if self.fraction >= threshold and threshold not in self._passed:
                self._passed.add(threshold)
                message = WORDS["warning"].format(threshold=100 * threshold, spent=usd(self.spent), limit=usd(self.limit),
                                                  percent=100 * self.fraction)  # fmt: skip
                self.alerts.append(message)
                warnings.warn(message, BudgetWarning, stacklevel=2)
        for view in self._views:
            view()
        return cost

    def widget(self):  # type: ignore[no-untyped-def]
        """A progress bar that follows the budget as requests are recorded."""
        import ipywidgets as w

        bar = w.FloatProgress(value=0, min=0, max=1, layout=w.Layout(width="60%"))
        label = w.HTML()

        def update() -> None:
            bar.value = min(1.0, self.fraction)
            bar.bar_style = "danger" if self.fraction >= 0.8 else "warning" if self.fraction >= 0.5 else "success"
            label.value = escape(self._summary())

        update()
        self._views.append(update)
        return w.HBox([bar, label])

    def _summary(self) -> str:
        return WORDS["spent"].format(spent=usd(self.spent), limit=usd(self.limit), percent=100 * self.fraction)

    def __repr__(self) -> str:
        return f"Budget({usd(self.spent)} of {usd(self.limit)} spent, {100 * self.fraction:.0f}%)"

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        width = min(100.0, 100 * self.fraction)
        color = "#D55E00" if self.fraction >= 0.8 else "#E69F00" if self.fraction >= 0.5 else "#009E73"
        html = (
            '<div class="tokenlab-budget" style="max-width:480px"><div style="height:16px;background:#E8E8E8;'
            f'border:1px solid #666;border-radius:3px"><div style="height:100%;width:{width:.1f}%;background:{color}"></div></div>'
            f"<div>{escape(self._summary())}</div></div>"
        )
        return {"text/html": html, "text/plain": repr(self)}


def _price(usage: Any, model: str | None) -> Cost:
    from .pricing import estimate

    model = model or _field(usage, "model")
    usage = _field(usage, "usage") or usage
    prompt = _field(usage, "prompt_tokens", "input_tokens")
    output = _field(usage, "completion_tokens", "output_tokens") or 0
    details = _field(usage, "prompt_tokens_details", "input_tokens_details")
    cached = (_field(details, "cached_tokens") or 0) if details is not None else 0
    if prompt is None or model is None:
        raise ValueError("record needs a Cost, or usage with prompt_tokens (or input_tokens) and a model")
    return estimate(int(prompt), model, output_tokens=int(output), cached_input_tokens=int(cached))


def _field(source: Any, *names: str) -> Any:
    for name in names:
        value = source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)
        if value is not None:
            return value
    return None
