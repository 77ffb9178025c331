"""What tokens cost: a dated price table per model, and exact cost estimates.

The table is OpenAI's chat and responses models as LiteLLM records them (``data/prices``, with
LiteLLM's field names: dollars per token, cached input, batch prices, long-context tiers, limits,
deprecation dates). Every amount is a ``Decimal`` read from the file's own digits, so no float dust
(0.30000000000000004) ever shows.

The table in use is the shipped one until ``load_prices(path)`` switches to another LiteLLM file
(``reset_prices()`` switches back; ``with use_prices(table):`` switches for a block only), and any
call can name its own with ``prices=``.

>>> cost = estimate(1_000_000, model="gpt-4o", output_tokens=1_000_000)
>>> cost.input_usd, cost.output_usd, cost.total_usd
(Decimal('2.5'), Decimal('10'), Decimal('12.5'))
"""

from __future__ import annotations

import contextlib
import decimal
import functools
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ._checks import MAX_TOKENS, brief, field, whole
from ._compat import second_positional
from ._i18n import _
from .cost import Cost, Note, plain, usd

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Cost",
    "usd",
    "PriceTable",
    "estimate",
    "from_usage",
    "prompt_tokens",
    "prices",
    "load_prices",
    "reset_prices",
    "use_prices",
    "price_table",
    "historical",
    "compare_models",
    "cacheable_tokens",
    "MAX_TOKENS",
]

MILLION = Decimal(1_000_000)
_MAX_PRICE = Decimal(1)  # dollars per token: a million dollars per million tokens, far above any real price
_TIER = re.compile(r"input_cost_per_token_above_(\d+)k_tokens")
# Amounts are exact: enough digits for MAX_TOKENS times any price in the table.
_MONEY = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])
# OpenAI caches only prompts of 1,024 tokens or more, in steps of 128 tokens (the prompt caching guide).
CACHE_MINIMUM, CACHE_STEP = 1024, 128


class PriceTable(NamedTuple):
    """Prices per model (LiteLLM's fields, amounts as Decimal), where they came from, and when."""

    models: dict[str, dict[str, Any]]
    source: str
    date: str
    path: str

    def price(self, model: str) -> dict[str, Any]:
        """One model's entry; unknown models raise ValueError with the closest matches."""
        if not isinstance(model, str):
            raise TypeError(_("a model name is a string, not {name}").format(name=type(model).__name__))
        try:
            return self.models[model.strip()]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(model.strip(), list(self.models), n=3, cutoff=0.5)
            hint = _(" Did you mean {names}?").format(names=", ".join(map(repr, close))) if close else ""
            raise ValueError(
                _("no price for model {brief} in the table ({source}, {date}).{hint}").format(
                    brief=brief(model), source=self.source, date=self.date, hint=hint
                )
            ) from None


_shipped: list[PriceTable] = []  # read once
_in_use: list[PriceTable] = []  # the table load_prices switched to, if any


def price_table() -> PriceTable:
    """The price table in use: the shipped one, unless ``load_prices`` switched to another."""
    if _in_use:
        return _in_use[-1]
    if not _shipped:
        from ._shipped import data_file

        meta = json.loads(data_file("prices", "SOURCE.json").read_text(encoding="utf-8"))
        models = _parse(data_file("prices", "litellm_openai.json").read_text(encoding="utf-8"), "litellm_openai.json")
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


def cacheable_tokens(prompt_tokens: int) -> int:
    """How many of a prompt's tokens OpenAI's prompt cache can hold: none under 1,024, then in
    steps of 128.

    >>> cacheable_tokens(1000), cacheable_tokens(1024), cacheable_tokens(1500)
    (0, 1024, 1408)
    """
    prompt_tokens = whole(prompt_tokens, "prompt_tokens")
    if prompt_tokens < CACHE_MINIMUM:
        return 0
    return prompt_tokens - (prompt_tokens - CACHE_MINIMUM) % CACHE_STEP


@second_positional("model")
def estimate(
    what: str | int | Sequence[Mapping[str, Any]],
    *,
    model: str,
    output_tokens: int = 0,
    reasoning_tokens: int = 0,
    cached_input_tokens: int = 0,
    batch: bool = False,
    encoding: str | None = None,
    prices: PriceTable | None = None,
) -> Cost:
    """The cost of sending ``what`` (a text, a token count, or chat messages) to ``model``.

    ``output_tokens`` is the answer's length; ``reasoning_tokens`` the hidden tokens a reasoning
    model writes first, billed as output. ``cached_input_tokens`` of the prompt are billed at the
    cached price, as far as OpenAI's cache can hold them (prompts of 1,024 tokens or more, in steps
    of 128; the rest is billed in full, and a note says so). ``batch=True`` uses the Batch API's
    prices, and a prompt over a long-context threshold is billed at that tier. ``encoding`` counts
    a text for a model whose encoding tiktoken does not know.

    >>> print(estimate("Hello world", model="gpt-4o", output_tokens=100))
    $0.00101
    """
    if prices is not None and not isinstance(prices, PriceTable):
        raise TypeError(
            _("prices is a PriceTable (from load_prices or read_prices), not {name}").format(name=type(prices).__name__)
        )
    table = prices or price_table()
    spec = table.price(model)
    input_tokens = prompt_tokens(what, model=model, encoding=encoding)
    output_tokens = whole(output_tokens, "output_tokens")
    reasoning_tokens = whole(reasoning_tokens, "reasoning_tokens")
    cached = whole(cached_input_tokens, "cached_input_tokens")
    if cached > input_tokens:
        raise ValueError(
            _("cached_input_tokens must be between 0 and the {input_tokens:,} input tokens").format(
                input_tokens=input_tokens
            )
        )
    notes: list[Note] = []
    usable = min(cached, cacheable_tokens(input_tokens))
    usable = 0 if usable < CACHE_MINIMUM else usable - (usable - CACHE_MINIMUM) % CACHE_STEP
    if usable < cached:
        notes.append(Note("cache_min", cached - usable))
    return _bill(table, spec, model, input_tokens, usable, output_tokens, reasoning_tokens, batch, notes)


def from_usage(usage: Mapping[str, Any] | Any, *, model: str, prices: PriceTable | None = None) -> Cost:
    """The cost of a request as the API reported it in ``usage`` (chat or responses API fields).

    The API counts reasoning tokens inside ``completion_tokens`` and reports the cached tokens it
    really used, so both are taken as given.
    """
    prompt = field(usage, "prompt_tokens", "input_tokens")
    if prompt is None:
        raise ValueError(_("usage needs prompt_tokens (or input_tokens)"))
    output = field(usage, "completion_tokens", "output_tokens") or 0
    details = field(usage, "prompt_tokens_details", "input_tokens_details")
    cached = (field(details, "cached_tokens") or 0) if details is not None else 0
    out_details = field(usage, "completion_tokens_details", "output_tokens_details")
    reasoning = (field(out_details, "reasoning_tokens") or 0) if out_details is not None else 0
    prompt, output, cached, reasoning = (
        whole(v, n)
        for v, n in (
            (prompt, "prompt_tokens"),
            (output, "completion_tokens"),
            (cached, "cached_tokens"),
            (reasoning, "reasoning_tokens"),
        )
    )
    if cached > prompt or reasoning > output:
        raise ValueError(_("usage reports more cached tokens than prompt tokens, or more reasoning tokens than output"))
    table = prices or price_table()
    return _bill(table, table.price(model), model, prompt, cached, output - reasoning, reasoning, False, [])


def _bill(
    table: PriceTable,
    spec: dict[str, Any],
    model: str,
    input_tokens: int,
    cached: int,
    output_tokens: int,
    reasoning_tokens: int,
    batch: bool,
    notes: list[Note],
) -> Cost:
    suffix = ""
    for k in sorted(int(m[1]) for key in spec if (m := _TIER.fullmatch(key))):
        if input_tokens > k * 1000:
            suffix = f"_above_{k}k_tokens"
            notes = [n for n in notes if n.code != "tier"] + [Note("tier", k)]
    if batch:
        notes.append(Note("batch"))

    def rate(base: str) -> Decimal:
        kind = "_batches" if batch else ""
        for key in ([base + suffix + kind] if suffix else []) + [base + kind]:
            if key in spec:
                return Decimal(spec[key])
        if batch:
            message = _("{model} has no batch price {base} in the table ({source})")
        else:
            message = _("{model} has no price {base} in the table ({source})")
        raise ValueError(message.format(model=model, base=base, source=table.source))

    cached_rate = Decimal(0)
    if cached:
        try:
            cached_rate = rate("cache_read_input_token_cost")
        except ValueError:
            if not batch:
                raise
            cached_rate = rate("input_cost_per_token")  # no cached batch price: no discount on it
            notes.append(Note("batch_cached"))
    with decimal.localcontext(_MONEY):
        cached_usd = plain(cached * cached_rate)
        input_usd = plain((input_tokens - cached) * rate("input_cost_per_token") + cached_usd)
        reasoning_usd = plain(reasoning_tokens * rate("output_cost_per_token"))
        output_usd = plain(output_tokens * rate("output_cost_per_token") + reasoning_usd)
    return Cost(
        model,
        input_tokens,
        cached,
        output_tokens,
        input_usd,
        output_usd,
        table.date,
        table.source,
        tuple(notes),
        reasoning_tokens,
        cached_usd,
        reasoning_usd,
    )


def prompt_tokens(what: str | int | Sequence[Mapping[str, Any]], *, model: str, encoding: str | None = None) -> int:
    """The input tokens of a request: a token count as given, a text counted with the model's
    encoding (or ``encoding``), or chat messages counted with their overhead.

    >>> prompt_tokens("Hello world", model="gpt-4o")
    2
    >>> prompt_tokens([{"role": "user", "content": "Hello world"}], model="gpt-4o")
    9
    """
    if isinstance(what, int) and not isinstance(what, bool):
        return whole(what, _("the token count"))
    if isinstance(what, str):
        from . import registry
        from .tokens import count

        try:
            name = registry.resolve(encoding, model=None if encoding else model)
            return count(what, encoding=name) if len(what) < 100_000 else _count_long(what, name)
        except ValueError as error:
            raise ValueError(
                _("{error}; for a model tiktoken does not know, pass encoding= or a token count").format(error=error)
            ) from None
    if isinstance(what, (list, tuple)):
        from .chat import count_messages

        return int(count_messages(what, model=model))
    raise TypeError(
        _("give a text, a whole number of tokens or a list of chat messages, not {name}").format(
            name=type(what).__name__
        )
    )


@functools.lru_cache(maxsize=4)
def _count_long(text: str, encoding: str) -> int:
    # A widget prices the same long text again when only a model or a number changes: count once.
    from .tokens import count

    return count(text, encoding=encoding)


def prices(models: Sequence[str] | None = None) -> pd.DataFrame:
    """The price table in US dollars per 1M tokens, one row per model, with its limits and date."""
    import pandas as pd

    table = price_table()
    names = list(models) if models is not None else sorted(table.models)
    columns = {
        "input": "input_cost_per_token",
        "cached input": "cache_read_input_token_cost",
        "output": "output_cost_per_token",
        "batch input": "input_cost_per_token_batches",
        "batch output": "output_cost_per_token_batches",
    }
    rows = {}
    for name in names:
        spec = table.price(name)
        row = {label: _per_million(spec[key]) if key in spec else None for label, key in columns.items()}
        for key in sorted(spec):
            if m := re.fullmatch(r"(input|output)_cost_per_token_above_(\d+)k_tokens", key):
                row[f"{m[1]} over {m[2]}K"] = _per_million(spec[key])
        row.update(
            max_input=spec.get("max_input_tokens"),
            max_output=spec.get("max_output_tokens"),
            deprecation_date=spec.get("deprecation_date"),
        )
        rows[name] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    for column in ("max_input", "max_output"):
        frame[column] = frame[column].astype("Int64")
    frame.index.name = _("USD per 1M tokens, as of {date} ({source})").format(date=table.date, source=table.source)
    return frame


def _per_million(per_token: Decimal) -> Decimal:
    with decimal.localcontext(_MONEY):
        return plain(per_token * MILLION)


@second_positional("models")
def compare_models(
    what: str | int | Sequence[Mapping[str, Any]], *, models: Sequence[str], **options: Any
) -> pd.DataFrame:
    """The same request priced on several models, side by side (see ``estimate`` for options)."""
    import pandas as pd

    if isinstance(models, str):
        models = [models]
    counted: dict[str, int] = {}  # a text is counted once per encoding, not once per model
    costs = []
    for model in models:
        encoding = options.get("encoding") or _encoding_of(model)
        if isinstance(what, str) and encoding is not None and encoding not in counted:
            counted[encoding] = prompt_tokens(what, model=model, encoding=options.get("encoding"))
        given = counted[encoding] if isinstance(what, str) and encoding is not None else what
        costs.append(estimate(given, model=model, **options))
    return pd.DataFrame(
        {
            c.model: {
                "input tokens": c.input_tokens,
                "output tokens": c.output_tokens,
                "input": usd(c.input_usd),
                "output": usd(c.output_usd),
                "total": usd(c.total_usd),
            }
            for c in costs
        }
    ).T


def _encoding_of(model: str) -> str | None:
    from . import registry

    try:
        return registry.encoding_for_model(model)
    except ValueError:
        return None


def historical() -> pd.DataFrame:
    """Launch prices of older models, each with its source: prices change."""
    import pandas as pd

    from ._shipped import data_file

    rows = json.loads(data_file("prices", "historical.json").read_text(encoding="utf-8"))
    frame = pd.DataFrame(rows).set_index("model")
    for side in ("input", "output"):
        frame[f"{side}_usd_per_1k"] = frame[f"{side}_usd_per_1k"].map(Decimal)
        frame[f"{side}_usd_per_1m"] = frame[f"{side}_usd_per_1k"].map(lambda d: _per_million(d / 1000))
    return frame[["date", "input_usd_per_1k", "output_usd_per_1k", "input_usd_per_1m", "output_usd_per_1m", "source"]]
