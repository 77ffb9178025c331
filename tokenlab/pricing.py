"""What tokens cost: a dated price table per model, and exact cost estimates.

The table is OpenAI's chat and responses models as LiteLLM records them (``data/prices``, with
LiteLLM's field names: dollars per token, cached input, batch prices, long-context tiers, limits,
deprecation dates). ``load_prices(path)`` switches to a newer LiteLLM file. Every amount is a
``Decimal`` read from the file's own digits, so no float dust (0.30000000000000004) ever shows.

>>> cost = estimate(1_000_000, "gpt-4o", output_tokens=1_000_000)
>>> cost.input_usd, cost.output_usd, cost.total_usd
(Decimal('2.5'), Decimal('10'), Decimal('12.5'))
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .cost import Cost, _plain, usd

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Cost", "usd", "PriceTable", "estimate", "prompt_tokens", "prices", "load_prices", "price_table", "historical", "compare_models"]

MILLION = Decimal(1_000_000)
_TIER = re.compile(r"input_cost_per_token_above_(\d+)k_tokens")

WORDS = {
    "batch": "batch prices",
    "tier": "long-context prices (prompt over {k}K tokens)",
}


class PriceTable(NamedTuple):
    """Prices per model (LiteLLM's fields, amounts as Decimal), where they came from, and when."""

    models: dict[str, dict[str, Any]]
    source: str
    date: str
    path: str

    def price(self, model: str) -> dict[str, Any]:
        """One model's entry; unknown models raise ValueError with the closest matches."""
        try:
            return self.models[model.strip()]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(model.strip(), list(self.models), n=3, cutoff=0.5)
            hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
            raise ValueError(f"no price for model {model!r} in the table ({self.source}, {self.date}).{hint}") from None


_TABLE: PriceTable | None = None


def price_table() -> PriceTable:
    """The price table in use: the shipped one, until ``load_prices`` replaces it."""
    global _TABLE
    if _TABLE is None:
        from importlib import resources

        folder = resources.files("tokenlab").joinpath("data", "prices")
        meta = json.loads(folder.joinpath("SOURCE.json").read_text(encoding="utf-8"))
        models = _parse(folder.joinpath("litellm_openai.json").read_text(encoding="utf-8"), "litellm_openai.json")
        _TABLE = PriceTable(models, f"LiteLLM {meta['litellm_version']}", meta["date"], "tokenlab/data/prices/litellm_openai.json")
    return _TABLE


def load_prices(path: str | Path, *, as_of: str | None = None, source: str | None = None) -> PriceTable:
    """Switch to another price file in LiteLLM's format; returns the new table.

    ``as_of`` is the date the prices were taken (by default, the file's modification date). A
    malformed file raises ValueError naming the file and the problem, and the table in use stays.
    """
    global _TABLE
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read it as UTF-8 text ({error})") from None
    models = _parse(text, str(path))
    if as_of is None:
        import datetime

        as_of = datetime.date.fromtimestamp(path.stat().st_mtime).isoformat()
    _TABLE = PriceTable(models, source or path.name, as_of, str(path))
    return _TABLE


def _parse(text: str, name: str) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as error:
        raise ValueError(f"{name}: not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected an object of model -> prices, as in LiteLLM's file")
    models = {}
    for model, spec in data.items():
        if model == "sample_spec" or not isinstance(spec, dict):
            continue
        if spec.get("litellm_provider", "openai") != "openai" or spec.get("mode", "chat") not in ("chat", "responses"):
            continue
        if "input_cost_per_token" not in spec or "output_cost_per_token" not in spec:
            continue
        for key, value in spec.items():
            if ("cost" in key or key.startswith("max_")) and not isinstance(value, (Decimal, dict, list)):
                raise ValueError(f"{name}: {model}: {key} should be a number, not {value!r}")
            if isinstance(value, Decimal) and value < 0:
                raise ValueError(f"{name}: {model}: {key} is negative ({value})")
        models[model] = {k: int(v) if k.startswith("max_") and isinstance(v, Decimal) else v for k, v in spec.items()}
    if not models:
        raise ValueError(f"{name}: no OpenAI chat model with input_cost_per_token and output_cost_per_token")
    return models


def estimate(
    what: str | int | Sequence[Mapping[str, Any]],
    model: str,
    *,
    output_tokens: int = 0,
    cached_input_tokens: int = 0,
    batch: bool = False,
    encoding: str | None = None,
) -> Cost:
    """The cost of sending ``what`` (a text, a token count, or chat messages) to ``model``.

    ``cached_input_tokens`` of the input are billed at the cached price, ``batch=True`` uses the
    Batch API's prices, and a prompt over a long-context threshold is billed at that tier.
    ``encoding`` counts a text for a model that tiktoken does not know.

    >>> print(estimate("Hello world", "gpt-4o", output_tokens=100))
    $0.001005
    """
    table = price_table()
    spec = table.price(model)
    input_tokens = prompt_tokens(what, model, encoding=encoding)
    if not 0 <= cached_input_tokens <= input_tokens:
        raise ValueError(f"cached_input_tokens must be between 0 and the {input_tokens:,} input tokens")
    if output_tokens < 0:
        raise ValueError("output_tokens must be 0 or more")
    suffix, notes = "", []
    tiers = sorted(int(m[1]) for key in spec if (m := _TIER.fullmatch(key)))
    for k in tiers:
        if input_tokens > k * 1000:
            suffix = f"_above_{k}k_tokens"
            notes = [WORDS["tier"].format(k=k)]
    if batch:
        notes.append(WORDS["batch"])

    def rate(base: str) -> Decimal:
        kind = "_batches" if batch else ""
        for key in ([base + suffix + kind] if suffix else []) + [base + kind]:
            if key in spec:
                return spec[key]
        raise ValueError(f"{model} has no {'batch ' if batch else ''}price {base} in the table ({table.source})")

    cached_rate = Decimal(0)
    if cached_input_tokens:
        try:
            cached_rate = rate("cache_read_input_token_cost")
        except ValueError:
            if not batch:
                raise
            cached_rate = rate("input_cost_per_token")  # no cached batch price: no discount on it
            notes.append("cached tokens at the batch input price (the table has no cached batch price)")
    input_usd = (input_tokens - cached_input_tokens) * rate("input_cost_per_token") + cached_input_tokens * cached_rate
    output_usd = output_tokens * rate("output_cost_per_token")
    return Cost(model, input_tokens, cached_input_tokens, output_tokens, _plain(input_usd), _plain(output_usd),
                table.date, table.source, "; ".join(notes))  # fmt: skip


def prompt_tokens(what: str | int | Sequence[Mapping[str, Any]], model: str, *, encoding: str | None = None) -> int:
    """The input tokens of a request: a token count as given, a text counted with the model's
    encoding (or ``encoding``), or chat messages counted with their overhead.

    >>> prompt_tokens("Hello world", "gpt-4o"), prompt_tokens([{"role": "user", "content": "Hello world"}], "gpt-4o")
    (2, 9)
    """
    if isinstance(what, bool):
        raise TypeError("estimate takes a text, a token count or a list of chat messages")
    if isinstance(what, int):
        if what < 0:
            raise ValueError("a token count is 0 or more")
        return what
    if isinstance(what, str):
        from .tokens import count

        try:
            return count(what, encoding, model=None if encoding else model)
        except ValueError as error:
            raise ValueError(f"{error}; for a model tiktoken does not know, pass encoding= or a token count") from None
    from .chat import count_messages

    return int(count_messages(what, model=model))


def prices(models: Sequence[str] | None = None) -> pd.DataFrame:
    """The price table in US dollars per 1M tokens, one row per model, with its limits and date."""
    import pandas as pd

    table = price_table()
    names = list(models) if models is not None else sorted(table.models)
    columns = {
        "input": "input_cost_per_token", "cached input": "cache_read_input_token_cost", "output": "output_cost_per_token",
        "batch input": "input_cost_per_token_batches", "batch output": "output_cost_per_token_batches",
    }  # fmt: skip
    rows = {}
    for name in names:
        spec = table.price(name)
        row = {label: _per_million(spec[key]) if key in spec else None for label, key in columns.items()}
        for key in sorted(spec):
            if (m := re.fullmatch(r"(input|output)_cost_per_token_above_(\d+)k_tokens", key)):
                row[f"{m[1]} over {m[2]}K"] = _per_million(spec[key])
        row.update(context_window=spec.get("max_input_tokens"), max_output=spec.get("max_output_tokens"),
                   deprecation_date=spec.get("deprecation_date"))  # fmt: skip
        rows[name] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    for column in ("context_window", "max_output"):
        frame[column] = frame[column].astype("Int64")
    frame.index.name = f"USD per 1M tokens, as of {table.date} ({table.source})"
    return frame


def _per_million(per_token: Decimal) -> Decimal:
    return _plain(per_token * MILLION)


def compare_models(what: str | int | Sequence[Mapping[str, Any]], models: Sequence[str], **options: Any) -> pd.DataFrame:
    """The same request priced on several models, side by side (see ``estimate`` for options)."""
    import pandas as pd

    costs = [estimate(what, model, **options) for model in models]
    return pd.DataFrame(
        {c.model: {"input tokens": c.input_tokens, "output tokens": c.output_tokens, "input": usd(c.input_usd),
                   "output": usd(c.output_usd), "total": usd(c.total_usd)} for c in costs}  # fmt: skip
    ).T


def historical() -> pd.DataFrame:
    """Launch prices of older models, each with its source: prices change."""
    import pandas as pd
    from importlib import resources

    rows = json.loads(resources.files("tokenlab").joinpath("data", "prices", "historical.json").read_text(encoding="utf-8"))
    frame = pd.DataFrame(rows).set_index("model")
    for side in ("input", "output"):
        frame[f"{side}_usd_per_1k"] = frame[f"{side}_usd_per_1k"].map(Decimal)
        frame[f"{side}_usd_per_1m"] = frame[f"{side}_usd_per_1k"].map(lambda d: _per_million(d / 1000))
    return frame[["date", "input_usd_per_1k", "output_usd_per_1k", "input_usd_per_1m", "output_usd_per_1m", "source"]]
