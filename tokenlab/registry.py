"""Names -> tokenizers: which encodings exist, which model uses which, and loading them, offline.

This is the one place that lists the encodings and the defaults; everything else asks it. Each
encoding loads once per process, lazily, from files shipped in the package (see ``_shipped``),
using tiktoken's own constructors, so its patterns, special tokens and hashes are tiktoken's, and
nothing ever touches the network.

This module does not tokenize or display anything; see ``tokens`` and ``render``.

>>> get_encoding("o200k_base").encode_ordinary("hello world")
[24912, 2375]
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken

__all__ = [
    "encodings",
    "get_encoding",
    "resolve",
    "encoding_for_model",
    "models",
    "token_bytes",
    "ENCODINGS",
    "DEFAULT_ENCODING",
    "GENERATIONS",
]

# The encodings whose rank files we ship, in the order they appeared.
ENCODINGS: tuple[str, ...] = ("r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base", "o200k_harmony")
# The encoding of GPT-4o and later models: what tokenlab uses when none is named.
DEFAULT_ENCODING = "o200k_base"
# One encoding per generation (GPT-3, GPT-3.5/GPT-4, GPT-4o): what comparisons show by default.
GENERATIONS: tuple[str, ...] = ("r50k_base", "cl100k_base", "o200k_base")
# tiktoken's "gpt2" encoding reads the same ranks from two older files we do not ship; its ranks,
# pattern and special token are exactly r50k_base's, so a model that maps to "gpt2" gets r50k_base.
_ALIASES: dict[str, str] = {"gpt2": "r50k_base"}

_loaded: dict[str, tiktoken.Encoding] = {}
_token_bytes: dict[str, list[bytes]] = {}
_lock = threading.Lock()


def encodings() -> list[str]:
    """The names of every encoding tokenlab can load, oldest first.

    >>> encodings()
    ['r50k_base', 'p50k_base', 'p50k_edit', 'cl100k_base', 'o200k_base', 'o200k_harmony']
    """
    return list(ENCODINGS)


def models() -> dict[str, str]:
    """Every model name tiktoken knows, mapped to its encoding (tiktoken's own table).

    Dated snapshots such as ``gpt-4o-2024-08-06`` are matched by prefix, as tiktoken does.

    >>> models()["gpt-4o"]
    'o200k_base'
    """
    from tiktoken.model import MODEL_TO_ENCODING

    return {model: _ALIASES.get(enc, enc) for model, enc in MODEL_TO_ENCODING.items()}


def encoding_for_model(model: str) -> str:
    """The name of the encoding a model uses, by tiktoken's model table.

    >>> encoding_for_model("gpt-4")
    'cl100k_base'
    """
    from tiktoken.model import MODEL_TO_ENCODING, encoding_name_for_model

    if not isinstance(model, str):
        raise TypeError(f"a model name is a string, not {type(model).__name__}")
    if model.strip() in ENCODINGS:  # an encoding given as a model: take it as meant
        return model.strip()
    try:
        name = encoding_name_for_model(model.strip())
    except KeyError:
        raise ValueError(
            _unknown("model", model, list(MODEL_TO_ENCODING))
            + " (or give an encoding instead, e.g. encoding='o200k_base')"
        ) from None
    return _ALIASES.get(name, name)


def resolve(encoding: str | None = None, *, model: str | None = None) -> str:
    """The encoding name meant by an encoding name, a model name, or both.

    ``encoding`` may itself be a model name, so ``resolve("gpt-4o")`` works too.

    >>> resolve(model="gpt-3.5-turbo")
    'cl100k_base'
    >>> resolve("gpt-4o")
    'o200k_base'
    """
    from_model = encoding_for_model(model) if model is not None else None
    if encoding is None:
        return from_model or DEFAULT_ENCODING
    if not isinstance(encoding, str):
        raise TypeError(f"an encoding name is a string, not {type(encoding).__name__}")
    name = encoding.strip()
    name = _ALIASES.get(name, name)
    if name not in ENCODINGS:
        try:
            name = encoding_for_model(name)  # a model name where an encoding was expected
        except ValueError:
            from tiktoken.model import MODEL_TO_ENCODING

            raise ValueError(
                _unknown("encoding", encoding, list(ENCODINGS), more=list(MODEL_TO_ENCODING))
                + "; or a model name such as 'gpt-4o' (see tokenlab.models())"
            ) from None
    if from_model is not None and from_model != name:
        raise ValueError(f"model {model!r} uses {from_model}, not {name}: give one of encoding= or model=")
    return name


def get_encoding(name: str | None = None, *, model: str | None = None) -> tiktoken.Encoding:
    """The ``tiktoken.Encoding`` for an encoding or model name, loaded offline once per process.

    With neither, the newest encoding, ``o200k_base``.

    >>> enc = get_encoding("cl100k_base")
    >>> enc.encode("tiktoken is great!")
    [83, 1609, 5963, 374, 2294, 0]
    >>> get_encoding(model="gpt-4o").name
    'o200k_base'
    """
    if model is None and (name is None or type(name) is str) and (enc := _loaded.get(name or DEFAULT_ENCODING)):
        return enc  # the fast path of every count()
    resolved = resolve(name, model=model)
    enc = _loaded.get(resolved)
    if enc is None:
        with _lock:
            enc = _loaded.get(resolved)
            if enc is None:
                import tiktoken

                from ._shipped import openai_encoding

                enc = _loaded[resolved] = tiktoken.Encoding(**openai_encoding(resolved))
    return enc


def token_bytes(name: str) -> Sequence[bytes]:
    """Every token's bytes, indexed by id (ids no token uses map to ``b""``).

    A list lookup is the fastest way to describe many tokens; built once per encoding.

    >>> token_bytes("cl100k_base")[9906]
    b'Hello'
    """
    table = _token_bytes.get(name)
    if table is None:
        enc = get_encoding(name)
        table = [b""] * (enc.max_token_value + 1)
        for raw, rank in enc._mergeable_ranks.items():  # tiktoken keeps the ranks it was built from
            table[rank] = raw
        for special, rank in enc._special_tokens.items():
            table[rank] = special.encode("utf-8")
        _token_bytes[name] = table
    return table


def _unknown(kind: str, given: object, choices: list[str], *, more: Sequence[str] = ()) -> str:
    import difflib

    close = difflib.get_close_matches(str(given).strip(), [*choices, *more], n=3, cutoff=0.6)
    hint = ""
    if close:
        quoted = [repr(c) for c in close]
        hint = " Did you mean " + (", ".join(quoted[:-1]) + " or " if len(quoted) > 1 else "")
        hint += quoted[-1] + "?"
    listed = ", ".join(choices) if len(choices) <= 10 else ", ".join(choices[:10]) + ", ..."
    return f"unknown {kind} {given!r}.{hint} Valid {kind}s: {listed}"
