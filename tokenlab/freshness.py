"""Whether a model name is current: what tokenlab's shipped data says of it, with the date and source.

``freshness(model)`` answers for any vendor: ``"current"`` (priced, no shutdown announced),
``"deprecated"`` (a shutdown date is announced, more than ``within_days`` after the data's date),
``"retiring"`` (the shutdown is within ``within_days`` of the data's date), ``"retired"`` (the
shutdown date has passed by the data's date), ``"legacy"`` (an old name the vendor still accepts
but serves with another model: DeepSeek's ``deepseek-v4-flash``) or ``"unknown"`` (the data does
not know the name). OpenAI's shutdown dates are LiteLLM's ``deprecation_date`` (the day the model
stops answering), checked against OpenAI's deprecations page where tokenlab has read it
(``checked``). The reference date is the data's, not the clock's: the result does not change
with the day a lesson is run, only when the data is refreshed.

>>> freshness("gpt-5").status, freshness("gpt-5").date
('retiring', '2026-12-11')
>>> freshness("deepseek-v4-flash").status
'legacy'
"""

from __future__ import annotations

import datetime
import functools
import json
from typing import Any, NamedTuple

from ._checks import brief, whole
from ._i18n import _

__all__ = ["Freshness", "freshness", "data_date", "STALE"]

STALE = frozenset({"retiring", "retired", "legacy", "unknown"})  # what a lesson should not name


class Freshness(NamedTuple):
    """What the shipped data says of one model name (codes; see ``text()`` for words)."""

    model: str
    status: str
    date: str | None  # the shutdown date, where one is announced
    source: str
    as_of: str  # the data's date the status is reckoned from
    checked: bool = False  # an OpenAI date confirmed on OpenAI's own deprecations page
    replacement: str | None = None

    @property
    def stale(self) -> bool:
        """Whether a lesson should stop naming this model."""
        return self.status in STALE

    def text(self) -> str:
        """One line for a student, in the language in use."""
        texts = {
            "current": _("{model}: current (no shutdown announced as of {as_of}; {source})"),
            "deprecated": _("{model}: deprecated, shuts down on {date} ({source})"),
            "retiring": _("{model}: shuts down on {date}, soon after {as_of} ({source})"),
            "retired": _("{model}: shut down on {date} ({source})"),
            "legacy": _("{model}: an older name the vendor still accepts, served by {replacement} ({source})"),
            "unknown": _("{model}: not in tokenlab's data as of {as_of}"),
        }
        return texts[self.status].format(**self._asdict())


@functools.lru_cache(maxsize=1)
def _openai_page() -> dict[str, Any]:
    from ._shipped import verified

    data: dict[str, Any] = json.loads(verified("prices", "openai_deprecations.json"))
    return data


def data_date() -> str:
    """The date of the shipped data: the newest date on which any of it was read or extracted."""
    from .price_tables import price_table
    from .quotes import quotes

    dates = [price_table().date, _openai_page()["source"]["read"]]
    dates += [page["read"] for data in quotes().values() for page in data["pages"].values()]
    return str(max(dates))


def _by_date(model: str, shutdown: str, source: str, as_of: str, days: int, **more: Any) -> Freshness:
    left = (datetime.date.fromisoformat(shutdown) - datetime.date.fromisoformat(as_of)).days
    status = "retired" if left <= 0 else "retiring" if left <= days else "deprecated"
    return Freshness(model, status, shutdown, source, as_of, **more)


def freshness(model: str, *, within_days: int = 90) -> Freshness:
    """What the shipped data says of ``model`` (see the module's docstring)."""
    from .price_tables import price_table
    from .quotes import find

    if not isinstance(model, str):
        raise TypeError(_("a model name is a string, not {name}").format(name=type(model).__name__))
    days = whole(within_days, "within_days", high=36_500)
    name, as_of = model.strip(), data_date()
    q = find(name)
    if q is not None:
        if q.alias is not None:
            page = q.page(q.alias["page"])
            return Freshness(name, q.alias.get("status", "legacy"), None, page["url"], as_of, replacement=q.name)
        page = q.page(next(iter(q.spec["prices"].values()))["page"])
        return Freshness(name, "current", None, page["url"], as_of)
    table = price_table()
    spec = table.models.get(name)
    if spec is None:
        return Freshness(name or brief(model), "unknown", None, "", as_of)
    page = _openai_page()
    row = page["models"].get(name)
    litellm = _("{source}, its deprecation_date").format(source=table.source)
    if row is not None:
        source = _("{url}, read {read}").format(url=page["source"]["url"], read=page["source"]["read"])
        agrees = spec.get("deprecation_date") == row["shutdown"]
        return _by_date(
            name,
            row["shutdown"],
            source if agrees else _("{source}; {litellm} differs").format(source=source, litellm=litellm),
            as_of,
            days,
            checked=True,
            replacement=row.get("replacement"),
        )
    if spec.get("deprecation_date"):
        return _by_date(name, str(spec["deprecation_date"]), litellm, as_of, days)
    return Freshness(name, "current", None, table.source, as_of)
