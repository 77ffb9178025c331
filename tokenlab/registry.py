"""Encodings, offline: the BPE files shipped in ``tokenlab/data/encodings`` -> ``tiktoken.Encoding``.

tiktoken's own constructors (``tiktoken_ext.openai_public``) hold each encoding's regex pattern,
special tokens and the SHA-256 of its rank file. We call those constructors unchanged, and hand
them the rank file from inside this package instead of letting tiktoken download it, after checking
that its hash is the one tiktoken pins. So the patterns and hashes are tiktoken's, never copies,
and no encoding ever touches the network.

This module does not tokenize or display anything; see ``tokens`` and ``render``.

>>> get_encoding("o200k_base").encode_ordinary("hello world")
[24912, 2375]
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import tiktoken

__all__ = ["encodings", "get_encoding", "resolve", "encoding_for_model", "models", "token_bytes"]

# The encodings whose rank files we ship, in the order they appeared.
_NAMES: tuple[str, ...] = (
    "r50k_base",
    "p50k_base",
    "p50k_edit",
    "cl100k_base",
    "o200k_base",
    "o200k_harmony",
)
# tiktoken's "gpt2" encoding reads the same ranks from two older files we do not ship;
# its ranks, pattern and special token are exactly r50k_base's, so a model that maps to
# "gpt2" is served by r50k_base.
_ALIASES: dict[str, str] = {"gpt2": "r50k_base"}

_loaded: dict[str, tiktoken.Encoding] = {}
_token_bytes: dict[str, list[bytes]] = {}
_vocab: dict[str, tuple[dict[bytes, int], dict[str, int]]] = {}  # ranks and specials, by name
_lock = threading.Lock()


def encodings() -> list[str]:
    """The names of every encoding tokenlab can load, oldest first.

    >>> encodings()
    ['r50k_base', 'p50k_base', 'p50k_edit', 'cl100k_base', 'o200k_base', 'o200k_harmony']
    """
    return list(_NAMES)


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
    if model.strip() in _NAMES:  # an encoding given as a model: take it as meant
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
        return from_model or "o200k_base"
    if not isinstance(encoding, str):
        raise TypeError(f"an encoding name is a string, not {type(encoding).__name__}")
    name = encoding.strip()
    name = _ALIASES.get(name, name)
    if name not in _NAMES:
        try:
            name = encoding_for_model(name)  # a model name where an encoding was expected
        except ValueError:
            from tiktoken.model import MODEL_TO_ENCODING

            raise ValueError(
                _unknown("encoding", encoding, list(_NAMES), more=list(MODEL_TO_ENCODING))
                + "; or a model name such as 'gpt-4o' (see tokenlab.models())"
            ) from None
    if from_model is not None and from_model != name:
        raise ValueError(
            f"model {model!r} uses {from_model}, not {name}: give one of encoding= or model="
        )
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
    if model is None and (name is None or type(name) is str) and (enc := _loaded.get(name or "o200k_base")):
        return enc  # the fast path of every count()
    resolved = resolve(name, model=model)
    enc = _loaded.get(resolved)
    if enc is None:
        with _lock:
            enc = _loaded.get(resolved)
            if enc is None:
                enc = _loaded[resolved] = _construct(resolved)
    return enc


def token_bytes(name: str) -> list[bytes]:
    """Every token's bytes, indexed by id (ids no token uses map to ``b""``).

    A list lookup is the fastest way to describe many tokens; built once per encoding.

    >>> token_bytes("cl100k_base")[9906]
    b'Hello'
    """
    table = _token_bytes.get(name)
    if table is None:
        enc = get_encoding(name)
        ranks, specials = _vocab[enc.name]
        table = [b""] * (enc.max_token_value + 1)
        for raw, rank in ranks.items():
            table[rank] = raw
        for special, rank in specials.items():
            table[rank] = special.encode("utf-8")
        _token_bytes[name] = table
    return table


def _unknown(kind: str, given: object, choices: list[str], *, more: list[str] = ()) -> str:
    import difflib

    close = difflib.get_close_matches(str(given).strip(), [*choices, *more], n=3, cutoff=0.6)
    hint = ""
    if close:
        quoted = [repr(c) for c in close]
        hint = " Did you mean " + (", ".join(quoted[:-1]) + " or " if len(quoted) > 1 else "")
        hint += quoted[-1] + "?"
    listed = ", ".join(choices) if len(choices) <= 10 else ", ".join(choices[:10]) + ", ..."
    return f"unknown {kind} {given!r}.{hint} Valid {kind}s: {listed}"


def _construct(name: str) -> tiktoken.Encoding:
    """Build an encoding with tiktoken's constructor, its rank file served from the package."""
    import tiktoken
    from tiktoken_ext import openai_public

    constructor: Callable[[], dict] = openai_public.ENCODING_CONSTRUCTORS[name]
    original = openai_public.load_tiktoken_bpe
    # The constructor looks its loader up as a module global each call; lend it ours for this
    # call only (under _lock, so concurrent first uses cannot interleave).
    openai_public.load_tiktoken_bpe = _load_shipped_ranks
    try:
        params = constructor()
    finally:
        openai_public.load_tiktoken_bpe = original
    _vocab[name] = (params["mergeable_ranks"], params["special_tokens"])
    return tiktoken.Encoding(**params)


def _load_shipped_ranks(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
    """Stand-in for ``tiktoken.load.load_tiktoken_bpe`` that reads our copy, never the URL."""
    import base64
    import gzip
    import hashlib

    filename = url.rsplit("/", 1)[-1]
    pinned = _shipped_hashes()
    if filename not in pinned:
        raise RuntimeError(
            f"tokenlab ships no rank file for {url}; this tiktoken version needs a newer tokenlab"
        )
    data = gzip.decompress(_data_file(filename + ".gz").read_bytes())
    actual = hashlib.sha256(data).hexdigest()
    for source, wanted in (("tokenlab's SHA256SUMS", pinned[filename]), ("tiktoken", expected_hash)):
        if wanted is not None and actual != wanted:
            raise RuntimeError(
                f"the shipped {filename} is damaged: SHA-256 {actual} is not {wanted} "
                f"(pinned by {source}); reinstall tokenlab"
            )
    # The .tiktoken format, as tiktoken.load reads it: one "base64(token) rank" per line.
    tokens, ranks = [], []
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            tokens.append(base64.b64decode(token))
            ranks.append(int(rank))
    return dict(zip(tokens, ranks))


def _shipped_hashes() -> dict[str, str]:
    lines = _data_file("SHA256SUMS").read_text(encoding="ascii").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


def _data_file(name: str) -> Traversable:
    from importlib import resources

    return resources.files("tokenlab").joinpath("data", "encodings", name)
