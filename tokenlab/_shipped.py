"""Data shipped inside the package, read only after its SHA-256 is checked.

- ``data_file(folder, name)``: a file under ``tokenlab/data``.
- ``verified(folder, name)``: a file's bytes (gunzipped if it ends in ``.gz``), checked against the
  folder's ``SHA256SUMS`` (the sums are of the decompressed bytes).
- ``openai_encoding(name)``: the parameters of one of OpenAI's encodings, made by tiktoken's own
  constructor (``tiktoken_ext.openai_public``) with its rank file read from the package; with
  ``ranks=False``, the same without reading the ranks (a ``RankFile`` stands in for them).
- ``load_openai(name)``: the ``tiktoken.Encoding`` itself, keeping no Python copy of its ranks.
- ``rank_file(name)``: how many ranks a shipped rank file holds, and the highest.

tiktoken's constructors call ``load_tiktoken_bpe(url, expected_hash=...)``, which would download
the file. We run each constructor as a copy of itself whose globals see our loader instead, so
nothing is swapped in tiktoken's module (other code in the process is unaffected) and the
patterns, special tokens and hashes are tiktoken's own. Private to tokenlab's core.
"""

from __future__ import annotations

import hashlib
import threading
import types
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from ._i18n import _
from ._memory import trim

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import tiktoken

__all__ = [
    "data_file",
    "verified",
    "openai_encoding",
    "load_openai",
    "rank_file",
    "RankFile",
    "ShippedRanks",
    "DamagedDataError",
]

_lock = threading.Lock()
_rank_files: dict[str, tuple[int, int]] = {}  # (ranks, highest rank) of each file, once counted


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
        raise DamagedDataError(
            _("tokenlab/data/{folder}/SHA256SUMS pins no {plain}; reinstall tokenlab").format(
                folder=folder, plain=plain
            )
        )
    try:
        raw = data_file(folder, name).read_bytes()
    except OSError as error:
        raise DamagedDataError(
            _("tokenlab/data/{folder}/{name} cannot be read ({error}); reinstall tokenlab").format(
                folder=folder, name=name, error=error
            )
        ) from None
    data = gzip.decompress(raw) if name.endswith(".gz") else raw
    actual = hashlib.sha256(data).hexdigest()
    for source, wanted in (("tokenlab's SHA256SUMS", pinned), ("tiktoken", also)):
        if wanted is not None and actual != wanted:
            raise DamagedDataError(
                _(
                    "the shipped {plain} is damaged: SHA-256 {actual} is not {wanted} (pinned by {source}); reinstall "
                    "tokenlab"
                ).format(plain=plain, actual=actual, wanted=wanted, source=source)
            )
    return data


class RankFile(NamedTuple):
    """Where an encoding's ranks are: what a constructor gets instead of them with ``ranks=False``."""

    filename: str
    expected_hash: str | None


def _shipped_name(url: str) -> str:
    filename = url.rsplit("/", 1)[-1]
    if filename not in _sums("encodings"):
        raise DamagedDataError(
            _("tokenlab ships no rank file for {url}; this tiktoken version needs a newer tokenlab").format(url=url)
        )
    return filename


def _read_ranks(filename: str, expected_hash: str | None) -> dict[bytes, int]:
    from binascii import a2b_base64

    data = verified("encodings", filename + ".gz", also=expected_hash)
    # The .tiktoken format, as tiktoken.load reads it: one "base64(token) rank" per line. Read here
    # in C loops (split, then decode and int each column): the same dict, in a third of the time.
    fields = data.split()
    if len(fields) % 2:
        raise DamagedDataError(
            _("tokenlab/data/encodings/{filename} is not a rank file; reinstall tokenlab").format(filename=filename)
        )
    return dict(zip(map(a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


def _load_tiktoken_bpe(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
    """Stand-in for ``tiktoken.load.load_tiktoken_bpe``: the same ranks, read from the package."""
    return _read_ranks(_shipped_name(url), expected_hash)


def _rank_file_only(url: str, expected_hash: str | None = None) -> RankFile:
    """Stand-in for ``load_tiktoken_bpe`` that reads nothing: the constructors only pass ranks on."""
    return RankFile(_shipped_name(url), expected_hash)


def openai_encoding(name: str, *, ranks: bool = True) -> dict[str, Any]:
    """``tiktoken_ext.openai_public``'s parameters for ``name`` (name, pat_str, mergeable_ranks,
    special_tokens), its rank file read from the package (or, with ``ranks=False``, a ``RankFile``
    saying where the ranks are, read from nowhere)."""
    from tiktoken_ext import openai_public

    # One namespace for all the constructors, so that one calling another (o200k_harmony calls
    # o200k_base) also finds our loader.
    loader = _load_tiktoken_bpe if ranks else _rank_file_only
    scope = dict(vars(openai_public), load_tiktoken_bpe=loader)
    for key, value in list(scope.items()):
        if isinstance(value, types.FunctionType) and value.__module__ == openai_public.__name__:
            scope[key] = types.FunctionType(
                value.__code__, scope, value.__name__, value.__defaults__, value.__closure__
            )
    constructor = openai_public.ENCODING_CONSTRUCTORS[name]
    with _lock:
        params: dict[str, Any] = scope[constructor.__name__]()
    return params


def load_openai(name: str) -> tiktoken.Encoding:
    """OpenAI's encoding ``name``, built by tiktoken from the shipped ranks, keeping no Python copy.

    The Rust core keeps the ranks it needs; tiktoken's ``Encoding`` also keeps the Python dict it
    was built from (megabytes: for o200k_base, 200,000 bytes objects), which only its pickling
    reads. We put in its place a mapping that reads the shipped file again if it is ever asked.
    """
    import tiktoken

    params = openai_encoding(name, ranks=False)
    source = params["mergeable_ranks"]
    params["mergeable_ranks"] = _read_ranks(*source)
    enc = tiktoken.Encoding(**params)
    # tiktoken reads _mergeable_ranks again only to pickle the encoding.
    enc.__dict__["_mergeable_ranks"] = ShippedRanks(source)
    del params
    trim()  # the Python ranks were freed: give their memory back
    return enc


class ShippedRanks(Mapping[bytes, int]):
    """An encoding's ranks (token bytes -> rank), read from the shipped file on first use."""

    def __init__(self, source: RankFile) -> None:
        self.source = source
        self._ranks: dict[bytes, int] | None = None

    def _read(self) -> dict[bytes, int]:
        if self._ranks is None:
            self._ranks = _read_ranks(*self.source)
        return self._ranks

    def __getitem__(self, token: bytes) -> int:
        return self._read()[token]

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def __reduce__(self) -> tuple[type[dict[bytes, int]], tuple[dict[bytes, int]]]:
        return dict, (self._read(),)  # pickled as the dict tiktoken would have kept

    def __repr__(self) -> str:
        return f"<ranks of {self.source.filename}, read when asked>"


def rank_file(filename: str) -> tuple[int, int]:
    """How many ranks the shipped rank file holds, and the highest one (read once, then known)."""
    counted = _rank_files.get(filename)
    if counted is None:
        import io

        count = highest = 0
        for line in io.BytesIO(verified("encodings", filename + ".gz")):  # a line at a time: no list of them
            if line.strip():
                count += 1
                highest = max(highest, int(line.split()[1]))
        counted = _rank_files[filename] = (count, highest)
        trim()
    return counted
