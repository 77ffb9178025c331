"""Data shipped inside the package, read only after its SHA-256 is checked.

- ``data_file(folder, name)``: a file under ``tokenlab/data``.
- ``verified(folder, name)``: a file's bytes (gunzipped if it ends in ``.gz``), checked against the
  folder's ``SHA256SUMS`` (the sums are of the decompressed bytes).
- ``openai_encoding(name)``: the parameters of one of OpenAI's encodings, made by tiktoken's own
  constructor (``tiktoken_ext.openai_public``) with its rank file read from the package.

tiktoken's constructors call ``load_tiktoken_bpe(url, expected_hash=...)``, which would download
the file. We run each constructor as a copy of itself whose globals see our loader instead, so
nothing is swapped in tiktoken's module (other code in the process is unaffected) and the
patterns, special tokens and hashes are tiktoken's own. Private to tokenlab's core.
"""

from __future__ import annotations

import hashlib
import threading
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["data_file", "verified", "openai_encoding", "DamagedDataError"]

_lock = threading.Lock()
_ranks: dict[str, dict[bytes, int]] = {}  # rank files already read, by file name (encodings share them)


class DamagedDataError(RuntimeError):
    """A shipped file is missing or its bytes are not the ones pinned: reinstall tokenlab."""


def data_file(folder: str, name: str) -> Traversable:
    from importlib import resources

    return resources.files("tokenlab").joinpath("data", folder, name)


def _sums(folder: str) -> dict[str, str]:
    lines = data_file(folder, "SHA256SUMS").read_text(encoding="ascii").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


def verified(folder: str, name: str, *, also: str | None = None) -> bytes:
    """The bytes of ``data/<folder>/<name>`` (decompressed if ``.gz``), after checking their SHA-256
    against the folder's SHA256SUMS, and against ``also`` if given (a hash pinned elsewhere)."""
    import gzip

    plain = name.removesuffix(".gz")
    pinned = _sums(folder).get(plain)
    if pinned is None:
        raise DamagedDataError(f"tokenlab/data/{folder}/SHA256SUMS pins no {plain}; reinstall tokenlab")
    try:
        raw = data_file(folder, name).read_bytes()
    except OSError as error:
        raise DamagedDataError(f"tokenlab/data/{folder}/{name} cannot be read ({error}); reinstall tokenlab") from None
    data = gzip.decompress(raw) if name.endswith(".gz") else raw
    actual = hashlib.sha256(data).hexdigest()
    for source, wanted in (("tokenlab's SHA256SUMS", pinned), ("tiktoken", also)):
        if wanted is not None and actual != wanted:
            raise DamagedDataError(
                f"the shipped {plain} is damaged: SHA-256 {actual} is not {wanted} (pinned by {source}); "
                "reinstall tokenlab"
            )
    return data


def _load_tiktoken_bpe(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
    """Stand-in for ``tiktoken.load.load_tiktoken_bpe``: the same ranks, read from the package."""
    import base64

    filename = url.rsplit("/", 1)[-1]
    if filename not in _sums("encodings"):
        raise DamagedDataError(f"tokenlab ships no rank file for {url}; this tiktoken version needs a newer tokenlab")
    ranks = _ranks.get(filename)
    if ranks is None:
        data = verified("encodings", filename + ".gz", also=expected_hash)
        # The .tiktoken format, as tiktoken.load reads it: one "base64(token) rank" per line.
        ranks = {
            base64.b64decode(token): int(rank) for token, rank in (line.split() for line in data.splitlines() if line)
        }
        _ranks[filename] = ranks
    return ranks


def openai_encoding(name: str) -> dict[str, Any]:
    """``tiktoken_ext.openai_public``'s parameters for ``name`` (name, pat_str, mergeable_ranks,
    special_tokens), its rank file read from the package."""
    from tiktoken_ext import openai_public

    # One namespace for all the constructors, so that one calling another (o200k_harmony calls
    # o200k_base) also finds our loader.
    scope = dict(vars(openai_public), load_tiktoken_bpe=_load_tiktoken_bpe)
    for key, value in list(scope.items()):
        if isinstance(value, types.FunctionType) and value.__module__ == openai_public.__name__:
            scope[key] = types.FunctionType(
                value.__code__, scope, value.__name__, value.__defaults__, value.__closure__
            )
    constructor = openai_public.ENCODING_CONSTRUCTORS[name]
    with _lock:
        params: dict[str, Any] = scope[constructor.__name__]()
    return params
