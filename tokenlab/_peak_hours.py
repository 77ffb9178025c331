"""When DeepSeek's peak hours are: Beijing time, weekdays, China's public holidays. Private to tokenlab.

``beijing(at)`` reads a time as Beijing time (a naive datetime is taken as Beijing time already; an
aware one is converted; China has kept UTC+8 all year since 1991). ``is_peak(moment, rule)`` says
whether that minute falls in a peak window; windows include their start and exclude their end
(9:00 is peak, 12:00 is not). ``holiday(day)`` says whether a day is a public holiday, from the
State Council's notice tokenlab ships (None for a year it has no notice for).
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Mapping
from typing import Any

from ._i18n import _

__all__ = ["beijing", "is_peak", "holiday"]

BEIJING = datetime.timezone(datetime.timedelta(hours=8), "UTC+08:00")


def beijing(at: object) -> datetime.datetime:
    """``at`` (a datetime or a date) as a naive datetime in Beijing time."""
    if isinstance(at, datetime.datetime):
        return at if at.tzinfo is None else at.astimezone(BEIJING).replace(tzinfo=None)
    if isinstance(at, datetime.date):
        return datetime.datetime(at.year, at.month, at.day)
    raise TypeError(
        _("at is a datetime (a naive one is read as Beijing time), not {name}").format(name=type(at).__name__)
    )


@functools.lru_cache(maxsize=1)
def _holidays() -> dict[int, frozenset[datetime.date]]:
    from ._shipped import verified

    data = json.loads(verified("prices", "holidays_cn.json"))
    years: dict[int, frozenset[datetime.date]] = {}
    for year, spans in data["years"].items():
        days = set()
        for first, last in spans.values():
            day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
            while day <= end:
                days.add(day)
                day += datetime.timedelta(days=1)
        years[int(year)] = frozenset(days)
    return years


def holiday(day: datetime.date) -> bool | None:
    """Whether ``day`` is a public holiday in mainland China; None when tokenlab has no list for its year."""
    days = _holidays().get(day.year)
    return None if days is None else day in days


def is_peak(moment: datetime.datetime, rule: Mapping[str, Any]) -> bool:
    """Whether ``moment`` (naive, Beijing time) is in one of ``rule``'s windows on a working weekday."""
    if moment.weekday() not in rule["weekdays"] or holiday(moment.date()):
        return False
    minute = moment.hour * 60 + moment.minute
    for start, end in rule["windows"]:
        (h1, m1), (h2, m2) = (map(int, start.split(":")), map(int, end.split(":")))
        if h1 * 60 + m1 <= minute < h2 * 60 + m2:
            return True
    return False
