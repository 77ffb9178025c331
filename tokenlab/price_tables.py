"""OpenAI's price table: LiteLLM's records of OpenAI's chat and responses models, dated.

The table keeps LiteLLM's field names (dollars per token, cached input, batch prices, long-context
tiers, limits, deprecation dates). Every amount is a ``Decimal`` read from the file's own digits.
The table in use is the shipped one (``data/prices/litellm_openai.json``, checked by SHA-256) until
``load_prices(path)`` switches to another LiteLLM file (``reset_prices()`` switches back; ``with
use_prices(table):`` switches for a block only). ``tokenlab.pricing`` re-exports all of these.

>>> price_table().price("gpt-4o")["input_cost_per_token"]
Decimal('0.0000025')
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from ._checks import MAX_TOKENS, brief
from ._i18n import _

__all__ = ["PriceTable", "price_table", "read_prices", "load_prices", "reset_prices", "use_prices"]

_MAX_PRICE = Decimal(1)  # dollars per token: a million dollars per million tokens, far above any real price


class PriceTable(NamedTuple):
    """Prices per model (LiteLLM's fields, amounts as Decimal), where they came from, and when."""

    models: dict[str, dict[str, Any]]
    source: str
    date: str
    path: str

    def price(self, model: str, *, also: Sequence[str] = ()) -> dict[str, Any]:
        """One model's entry; an unknown name raises ValueError with the closest names of its own
        family (``gpt-``, ``deepseek-``, ``qwen``...) among the table's and ``also``."""
        if not isinstance(model, str):
            raise TypeError(_("a model name is a string, not {name}").format(name=type(model).__name__))
        try:
            return self.models[model.strip()]
        except KeyError:
            hint = suggestion(model, [*self.models, *also])
            raise ValueError(
                _("no price for model {brief} in the table ({source}, {date}).{hint}").format(
                    brief=brief(model), source=self.source, date=self.date, hint=hint
                )
            ) from None


def suggestion(model: str, names: Sequence[str]) -> str:
    """ " Did you mean ...?" with up to three close names of ``model``'s own family ("" for none):
    a DeepSeek name is never answered with an OpenAI one."""
    from ._sources import close_names

    close = close_names(model.strip().lower(), names, same_family=True)
    return _(" Did you mean {names}?").format(names=", ".join(map(repr, close))) if close else ""


_shipped: list[PriceTable] = []  # read once
_in_use: list[PriceTable] = []  # the table load_prices switched to, if any


def price_table() -> PriceTable:
    """The price table in use: the shipped one, unless ``load_prices`` switched to another."""
    if _in_use:
        return _in_use[-1]
    if not _shipped:
        from ._shipped import verified

        meta = json.loads(verified("prices", "SOURCE.json"))
        models = _parse(verified("prices", "litellm_openai.json").decode("utf-8"), "litellm_openai.json")
        _shipped.append(
            PriceTable(
                models, f"LiteLLM {meta['litellm_version']}", meta["date"], "tokenlab/data/prices/litellm_openai.json"
            )
        )
    return _shipped[0]


def read_prices(path: str | Path, *, as_of: str | None = None, source: str | None = None) -> PriceTable:
    """A price file in LiteLLM's format, read and checked (without switching to it).

    ``as_of`` is the date the prices were taken (by default, the file's modification date). A
    malformed file raises ValueError naming the file and the problem.
    """
    if not isinstance(path, (str, Path)):
        raise TypeError(_("a price file is a path, not {name}").format(name=type(path).__name__))
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a byte-order mark is harmless
    except (OSError, UnicodeError, ValueError) as error:  # ValueError: a NUL in the name
        reason = error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__
        raise ValueError(
            _("{brief}: cannot read it as UTF-8 text ({reason})").format(brief=brief(str(path)), reason=reason)
        ) from None
    models = _parse(text, str(path))
    if as_of is None:
        import datetime

        as_of = datetime.date.fromtimestamp(path.stat().st_mtime).isoformat()
    return PriceTable(models, source or path.name, as_of, str(path))


def load_prices(path: str | Path, *, as_of: str | None = None, source: str | None = None) -> PriceTable:
    """Switch to another price file in LiteLLM's format; returns the new table.

    A malformed file raises ValueError naming the file and the problem, and the table in use stays.
    """
    table = read_prices(path, as_of=as_of, source=source)
    _in_use[:] = [table]
    return table


def reset_prices() -> PriceTable:
    """Switch back to the shipped table."""
    _in_use.clear()
    return price_table()


@contextlib.contextmanager
def use_prices(table: PriceTable | str | Path) -> Iterator[PriceTable]:
    """Use ``table`` (or the file at that path) inside a ``with`` block only."""
    if not isinstance(table, PriceTable):
        table = read_prices(table)
    saved = list(_in_use)
    _in_use[:] = [table]
    try:
        yield table
    finally:
        _in_use[:] = saved


def _parse(text: str, name: str) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as error:
        raise ValueError(_("{name}: not valid JSON ({error})").format(name=name, error=error)) from None
    except RecursionError:
        raise ValueError(_("{name}: nested too deeply to be a price file").format(name=name)) from None
    if not isinstance(data, dict):
        raise ValueError(_("{name}: expected an object of model -> prices, as in LiteLLM's file").format(name=name))
    models = {}
    for model, spec in data.items():
        if model == "sample_spec" or not isinstance(spec, dict):
            continue
        if spec.get("litellm_provider", "openai") != "openai" or spec.get("mode", "chat") not in ("chat", "responses"):
            continue
        if "input_cost_per_token" not in spec or "output_cost_per_token" not in spec:
            continue
        if model != model.strip() or not model:
            raise ValueError(_("{name}: model name {brief} has spaces around it").format(name=name, brief=brief(model)))
        for key, value in spec.items():
            if "cost" in key or key.startswith("max_"):
                _check_number(name, model, key, value)
        models[model] = {k: int(v) if k.startswith("max_") else v for k, v in spec.items()}
    if not models:
        raise ValueError(
            _("{name}: no OpenAI chat model with input_cost_per_token and output_cost_per_token").format(name=name)
        )
    return models


def _check_number(name: str, model: str, key: str, value: object) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(
            _("{name}: {model}: {key} should be a number, not {brief}").format(
                name=name, model=model, key=key, brief=brief(value)
            )
        )
    if value < 0:
        raise ValueError(
            _("{name}: {model}: {key} is negative ({value})").format(name=name, model=model, key=key, value=value)
        )
    if key.startswith("max_") and (value != value.to_integral_value() or value > MAX_TOKENS):
        raise ValueError(
            _("{name}: {model}: {key} should be a whole number of tokens, not {value}").format(
                name=name, model=model, key=key, value=value
            )
        )
    if "cost" in key and value > _MAX_PRICE:
        raise ValueError(
            _("{name}: {model}: {key} is {value} dollars per token, more than any real price").format(
                name=name, model=model, key=key, value=value
            )
        )
