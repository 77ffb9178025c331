"""A spending budget: record what requests cost, warn as it fills, refuse what would pass it.

Usage comes from a response's ``usage`` (the tokens the API actually billed) or from an estimate
made before sending (``pricing.estimate``), and is priced with the prices tokenlab has for that
model. A budget is kept in one currency, US dollars or yuan (``currency="CNY"``): a response is
priced in it (DeepSeek publishes both), and a cost in the other currency is converted only at a
dated rate you give (``fx=``). Passing a threshold issues one ``BudgetWarning`` per request that
crosses any (a notice in a notebook; a warning that code can catch everywhere).
``tokenlab.widgets.BudgetMeter`` draws a live bar.

>>> budget = Budget(limit_usd=1.00)
>>> budget.record({"prompt_tokens": 100_000, "completion_tokens": 10_000}, model="gpt-4o")
Cost(gpt-4o: $0.35 = input 100,000 tokens $0.25 + output 10,000 tokens $0.10; prices as of 2026-11-27 (LiteLLM 1.110.2))
>>> budget
Budget($0.35 of $1.00 spent, 35%)
>>> Budget(limit=5, currency="CNY")
Budget(¥0.00 of ¥5.00 spent, 0%)
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from . import _html
from . import fx as _fx
from ._checks import brief, field
from ._i18n import _
from ._notice import Notice, notify
from .cost import Cost, money

__all__ = ["Budget", "BudgetWarning", "BudgetExceeded"]


class BudgetWarning(Notice):
    """Spending passed one or more of the budget's thresholds (50, 80 and 100 % by default)."""

    def __init__(self, crossed: Sequence[float], spent: Decimal, limit: Decimal, currency: str = "USD") -> None:
        self.crossed, self.spent, self.limit, self.currency = tuple(crossed), spent, limit, currency
        super().__init__(self._text())
        self.level = "error" if max(self.crossed) >= 1 else "warning"

    @property
    def fraction(self) -> float:
        return float(self.spent / self.limit)

    def _text(self) -> str:
        passed = " · ".join(f"{100 * t:.0f}%" for t in self.crossed)
        return _("budget passed {passed}: {spent} of {limit} spent ({percent:.0f}%)").format(
            passed=passed,
            spent=money(self.spent, self.currency),
            limit=money(self.limit, self.currency),
            percent=100 * self.fraction,
        )

    def __str__(self) -> str:  # in the language in use when shown
        return self._text()


class BudgetExceeded(Exception):  # noqa: N818 (the name says what happened; lessons use it)
    """A request would take spending past the budget's limit."""


class Budget:
    """A spending limit in one currency (US dollars, or yuan with ``currency="CNY"``), with warnings
    at ``thresholds`` (fractions of the limit).

    ``Budget(5)`` and ``Budget(limit_usd=5)`` are five US dollars; ``Budget(limit=30, currency="CNY")``
    thirty yuan. ``fx`` (a ``tokenlab.fx.Rate``) converts a cost given in the other currency; without
    it, such a cost is refused with a clear error rather than converted at a rate nobody dated.
    """

    def __init__(
        self,
        limit: float | str | Decimal | None = None,
        *,
        currency: str | None = None,
        limit_usd: float | str | Decimal | None = None,
        thresholds: Sequence[float] = (0.5, 0.8, 1.0),
        fx: _fx.Rate | None = None,
    ) -> None:
        if limit_usd is not None:
            if limit is not None:
                raise TypeError(_("give the budget's limit once: limit= (with currency=) or limit_usd="))
            if currency is not None and _fx.check_currency(currency) != "USD":
                raise ValueError(_("limit_usd is in US dollars: for yuan, use Budget(limit=..., currency='CNY')"))
            limit, name, currency = limit_usd, "limit_usd", "USD"
        elif limit is None:
            raise TypeError(_("a budget needs a limit, such as Budget(limit=5, currency='CNY') or Budget(limit_usd=5)"))
        else:
            name = "limit"
        self.currency = _fx.check_currency(currency) if currency is not None else "USD"
        self.limit = _amount(limit, name)
        if self.limit <= 0:
            raise ValueError(_("{name} must be more than 0").format(name=name))
        if isinstance(thresholds, (str, bytes)) or not all(_is_fraction(t) for t in thresholds):
            raise ValueError(_("thresholds are fractions of the limit, such as (0.5, 0.8, 1.0)"))
        if fx is not None:
            _fx.rate_for(fx)  # checked now, not at the first conversion
        self.fx = fx
        self.thresholds = tuple(sorted({float(t) for t in thresholds}))
        self.spent = Decimal(0)
        self.costs: list[Cost] = []
        self.alerts: list[float] = []  # each threshold passed, in order
        self._listeners: list[Callable[[Budget], None]] = []

    @property
    def remaining(self) -> Decimal:
        return self.limit - self.spent

    @property
    def fraction(self) -> float:
        return float(self.spent / self.limit)

    def amount(self, cost: Cost) -> Decimal:
        """What ``cost`` takes from this budget, in the budget's currency."""
        cost = _cost(cost)
        if cost.currency == self.currency:
            return cost.total
        if self.fx is None:
            raise ValueError(
                _(
                    "this cost is in {cost} and the budget in {budget}: price it with currency='{budget}', "
                    "or give the budget a dated exchange rate (Budget(..., fx=tokenlab.fx.Rate(...)))"
                ).format(cost=cost.currency, budget=self.currency)
            )
        return cost.to(self.currency, self.fx).total

    def allows(self, cost: Cost) -> bool:
        """Whether ``cost`` still fits in the budget."""
        return self.spent + self.amount(cost) <= self.limit

    def check(self, cost: Cost) -> Cost:
        """Raise BudgetExceeded if ``cost`` would pass the limit (call it before sending)."""
        if not self.allows(cost):
            raise BudgetExceeded(
                _("refused: this request ({cost}) would take the budget to {after} of {limit}").format(
                    cost=self._money(self.amount(cost)),
                    after=self._money(self.spent + self.amount(cost)),
                    limit=self._money(self.limit),
                )
            )
        return cost

    def _money(self, amount: Decimal) -> str:
        return money(amount, self.currency)

    def record(self, usage: Any, model: str | None = None, *, at: datetime.datetime | None = None) -> Cost:
        """Add what a request cost: a ``Cost``, a response, or its ``usage`` (object or dict).

        A response is priced at the time it says it was created (DeepSeek's price depends on the
        hour), or at ``at``. It counts after the fact and never blocks: the request was already sent
        and billed, however far past the limit the budget goes. To refuse a request, ``check`` its
        estimate before sending.
        """
        cost = usage if isinstance(usage, Cost) else _price(usage, model, self.currency, at, self.fx)
        taken = self.amount(cost)
        self.costs.append(cost)
        self.spent += taken
        crossed = [t for t in self.thresholds if self.fraction >= t and t not in self.alerts]
        self.alerts += crossed
        for listener in self._listeners:
            listener(self)
        if crossed:
            notify(BudgetWarning(crossed, self.spent, self.limit, self.currency))
        return cost

    def on_change(self, listener: Callable[[Budget], None]) -> None:
        """Call ``listener(budget)`` after each recorded request (a meter redraws itself)."""
        self._listeners.append(listener)

    def widget(self) -> Any:
        """Deprecated: use ``tokenlab.widgets.BudgetMeter(budget)``."""
        import warnings

        from .widgets import BudgetMeter  # the one import of a widget from a feature: this shim goes in 0.3

        warnings.warn(
            "Budget.widget() is deprecated: use tokenlab.widgets.BudgetMeter(budget)", DeprecationWarning, stacklevel=2
        )
        return BudgetMeter(self)

    def summary(self) -> str:
        """``'$0.35 of $1.00 spent, 35%'``, in the language in use."""
        return _("{spent} of {limit} spent, {percent:.0f}%").format(
            spent=self._money(self.spent), limit=self._money(self.limit), percent=100 * self.fraction
        )

    def to_html(self) -> str:
        """A bar that agrees with the numbers: spending up to the limit, and past it in red."""
        scale = max(self.limit, self.spent)
        within = float(min(self.spent, self.limit) / scale)
        over = float((self.spent - self.limit) / scale) if self.spent > self.limit else 0.0
        color = _html.VERMILLION if self.fraction >= 0.8 else _html.ORANGE if self.fraction >= 0.5 else _html.GREEN
        marks = [float(self.limit / scale)] if over else []
        bar = _html.bar([(within, color), (over, "#B00020")], marks=marks)
        legend = self.summary()
        if over:
            legend += " · " + _("over the limit by {amount}").format(amount=self._money(self.spent - self.limit))
        return _html.block(
            "budget", bar + f'<div style="margin-top:.2em">{_html.esc(legend)}</div>', style="max-width:640px"
        )

    def __repr__(self) -> str:
        return f"Budget({self.summary()})"

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}


def _amount(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise TypeError(
            _("{name} is an amount of money, such as 5 or '0.50', not {name2}").format(
                name=name, name2=type(value).__name__
            )
        )
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(
            _("{name} is an amount of money, such as 5 or '0.50', not {brief}").format(name=name, brief=brief(value))
        ) from None
    if not amount.is_finite():
        raise ValueError(_("{name} must be a finite amount, not {brief}").format(name=name, brief=brief(value)))
    return amount


def _is_fraction(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def _cost(value: object) -> Cost:
    if not isinstance(value, Cost):
        raise TypeError(
            _("expected a Cost (from tokenlab.pricing.estimate), not {name}").format(name=type(value).__name__)
        )
    return value


def _price(usage: Any, model: str | None, currency: str, at: datetime.datetime | None, fx: _fx.Rate | None) -> Cost:
    from .pricing import from_usage

    model = model or field(usage, "model")
    if at is None and isinstance(created := field(usage, "created"), int) and not isinstance(created, bool):
        try:  # a response says when it was made: the hour DeepSeek bills it at
            at = datetime.datetime.fromtimestamp(created, tz=datetime.timezone.utc)
        except (OverflowError, OSError, ValueError):
            at = None
    usage = field(usage, "usage") or usage
    if model is None:
        raise ValueError(_("record needs a Cost, or usage with prompt_tokens (or input_tokens) and a model"))
    try:
        return from_usage(usage, model=str(model), currency=currency, at=at, fx=fx)
    except _fx.NoRateError:
        raise ValueError(
            _(
                "{model} publishes no price in {currency}: keep this budget in the vendor's currency, or give it "
                "a dated exchange rate (Budget(..., fx=tokenlab.fx.Rate(...)))"
            ).format(model=model, currency=currency)
        ) from None
    except ValueError as error:
        raise ValueError(
            _("record needs a Cost, or usage with prompt_tokens (or input_tokens) and a model: {error}").format(
                error=error
            )
        ) from None
