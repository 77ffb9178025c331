"""Prices that vendors publish on their own pages: DeepSeek's and Alibaba Cloud Model Studio's (百炼).

Each vendor's quotes ship as one JSON file under ``data/prices`` (checked by SHA-256): the pages they
were read from (URL, the page's own date or version, the date read), the rules the pages state (peak
hours, tiers by prompt length, cache prices, thinking mode, free quotas), each model's tokenizer and
its prices per 1M tokens as exact strings, per currency. Legacy names the vendor still accepts map to
the model that serves them. ``read_quotes(path)`` checks a file of that form (the refresh script uses
it); ``quote(model)`` finds a model's quote. What the prices mean is worked out in ``vendor_costs``.

>>> quote("deepseek-flash").vendor, quote("deepseek-v4-flash").name
('deepseek', 'deepseek-flash')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from ._checks import brief
from ._i18n import _

__all__ = ["VENDOR_FILES", "Quote", "quote", "quotes", "read_quotes", "find", "rows", "check"]

VENDOR_FILES = ("deepseek.json", "alibaba.json")
PRICE_FIELDS = ("input", "cached_input", "output", "output_thinking")
_MAX = Decimal(1_000_000)  # per 1M tokens: far above any real price


class Quote(NamedTuple):
    """One model's quote: its vendor's file as a whole (``data``) and this model's entry (``spec``)."""

    name: str  # the model the vendor prices (a legacy name maps here)
    asked: str  # the name that was asked for
    vendor: str
    spec: dict[str, Any]
    data: dict[str, Any]
    alias: dict[str, Any] | None = None

    def page(self, key: str) -> dict[str, Any]:
        page: dict[str, Any] = self.data["pages"][key]
        return page

    def currencies(self) -> list[str]:
        return sorted(self.spec["prices"])


def _fail(name: str, problem: str) -> ValueError:
    return ValueError(_("{name}: {problem}").format(name=name, problem=problem))


def _price(name: str, where: str, value: object) -> Decimal:
    if not isinstance(value, str):
        raise _fail(
            name,
            _("{where} should be a price written as a string, not {brief}").format(where=where, brief=brief(value)),
        )
    try:
        price = Decimal(value)
    except ArithmeticError:
        raise _fail(name, _("{where} is not a number: {brief}").format(where=where, brief=brief(value))) from None
    if not price.is_finite() or price < 0 or price > _MAX:
        raise _fail(name, _("{where} is not a price per 1M tokens: {brief}").format(where=where, brief=brief(value)))
    return price


def check(data: object, name: str) -> dict[str, Any]:
    """``data`` if it is a well-formed quote file; else ValueError naming the file and the problem."""
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("models"), dict)
        or not isinstance(data.get("pages"), dict)
    ):
        raise _fail(name, _("expected an object with pages and models"))
    for key, page in data["pages"].items():
        if not isinstance(page, dict) or not str(page.get("url", "")).startswith("https://"):
            raise _fail(name, _("page {key} has no https URL").format(key=key))
        if not page.get("read") or ("page_date" not in page) or ("version" not in page):
            raise _fail(
                name, _("page {key} needs read, page_date and version (null where the page shows none)").format(key=key)
            )
    for model, spec in data["models"].items():
        if not isinstance(spec, dict) or not isinstance(spec.get("prices"), dict) or not spec["prices"]:
            raise _fail(name, _("{model} has no prices").format(model=model))
        for currency, table in spec["prices"].items():
            if currency not in ("USD", "CNY"):
                raise _fail(name, _("{model}: unknown currency {brief}").format(model=model, brief=brief(currency)))
            if table.get("page") not in data["pages"] or not table.get("rows"):
                raise _fail(name, _("{model} {currency}: no page or no rows").format(model=model, currency=currency))
            for row in table["rows"]:
                for field in PRICE_FIELDS:
                    if field in row:
                        _price(name, f"{model} {currency} {field}", row[field])
                if "input" not in row or "output" not in row:
                    raise _fail(
                        name,
                        _("{model} {currency}: a row without input or output price").format(
                            model=model, currency=currency
                        ),
                    )
    for alias, target in data.get("aliases", {}).items():
        if target.get("to") not in data["models"]:
            raise _fail(name, _("alias {alias} points to no model").format(alias=alias))
    return data


def read_quotes(path: str | Path) -> dict[str, Any]:
    """A quote file, read and checked (prices stay strings; see ``Decimal(…)`` when used)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _fail(path.name, _("cannot read it as JSON ({error})").format(error=type(error).__name__)) from None
    return check(data, path.name)


_loaded: dict[str, dict[str, Any]] = {}


def quotes() -> dict[str, dict[str, Any]]:
    """Every shipped quote file, by vendor (read once, after its SHA-256 is checked)."""
    if not _loaded:
        from ._shipped import verified

        for filename in VENDOR_FILES:
            data = check(json.loads(verified("prices", filename)), filename)
            _loaded[data["vendor"]] = data
    return _loaded


def find(model: str) -> Quote | None:
    """The quote of ``model`` (a vendor's name, or a legacy name it still accepts), or None."""
    key = model.strip().lower()
    for vendor, data in quotes().items():
        if key in data["models"]:
            return Quote(key, model, vendor, data["models"][key], data)
        alias = data.get("aliases", {}).get(key)
        if alias is not None:
            return Quote(alias["to"], model, vendor, data["models"][alias["to"]], data, alias)
    return None


def quote(model: str) -> Quote:
    """The quote of ``model``; ValueError (with close names) if tokenlab has none."""
    if not isinstance(model, str):
        raise TypeError(_("a model name is a string, not {name}").format(name=type(model).__name__))
    found = find(model)
    if found is None:
        import difflib

        names = [m for data in quotes().values() for m in [*data["models"], *data.get("aliases", {})]]
        close = difflib.get_close_matches(model.strip().lower(), names, n=3, cutoff=0.5)
        hint = " " + _("Did you mean {names}?").format(names=", ".join(map(repr, close))) if close else ""
        raise ValueError(_("no vendor quote for model {brief}.{hint}").format(brief=brief(model), hint=hint))
    return found


def rows(q: Quote, currency: str) -> tuple[list[Mapping[str, Any]], dict[str, Any]]:
    """The price rows of ``q`` in ``currency`` and the page they come from."""
    table = q.spec["prices"][currency]
    return table["rows"], q.page(table["page"])
