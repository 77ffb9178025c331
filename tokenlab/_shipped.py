"""Data shipped inside the package, read only after its SHA-256 is checked.

- ``data_file(folder, name)``: a file under ``tokenlab/data``.
- ``verified(folder, name)``: a file's bytes (gunzipped if it ends in ``.gz``), checked against the
  folder's ``SHA256SUMS`` first as stored on disk, then decompressed; ``shipped_json`` parses one.
  A missing or damaged file (or SHA256SUMS) raises ``DamagedDataError``: one line naming the file
  and the command that repairs the install.
- ``openai_encoding(name)``: the parameters of one of OpenAI's encodings, made by tiktoken's own
  constructor (``tiktoken_ext.openai_public``) with its rank file read from the package; with
  ``ranks=False``, the same without reading the ranks (a ``RankFile`` stands in for them).
- ``load_openai(name)``: the ``tiktoken.Encoding`` itself, keeping no Python copy of its ranks
  (a ``_shipped_encoding.ShippedEncoding``).
- ``rank_file(name)``: how many ranks a shipped rank file holds, and the highest.

tiktoken's constructors call ``load_tiktoken_bpe(url, expected_hash=...)``, which would download
the file. We run each constructor as a copy of itself whose globals see our loader instead, so
nothing is swapped in tiktoken's module (other code in the process is unaffected) and the
patterns, special tokens and hashes are tiktoken's own. Private to tokenlab's core.
"""

from __future__ import annotations

import hashlib
import re
import threading
import types
from typing import TYPE_CHECKING, Any, NamedTuple

from ._i18n import _
from ._memory import trim

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import tiktoken

    from ._shipped_encoding import Ranks

__all__ = [
    "data_file",
    "verified",
    "openai_encoding",
    "load_openai",
    "rank_file",
    "shipped_json",
    "listed",
    "RankFile",
    "DamagedDataError",
    "damaged",
]

_lock = threading.Lock()
_rank_files: dict[str, tuple[int, int]] = {}  # (ranks, highest rank) of each file, once counted


class DamagedDataError(OSError, RuntimeError):
    """A shipped file is missing, or its bytes are not the ones pinned: the install needs repairing.

    An ``OSError``, as gzip's ``BadGzipFile`` is (and a ``RuntimeError``, as it always was). Its
    message is one line: which file, and the command that repairs the install.
    """


def data_file(folder: str, name: str) -> Traversable:
    from importlib import resources

    return resources.files("tokenlab").joinpath("data", folder, name)


def damaged(folder: str, name: str, problem: str) -> DamagedDataError:
    from ._version import __version__

    where = str(data_file(folder, name)).replace("\n", " ")  # one line, whatever the path holds
    return DamagedDataError(
        _("tokenlab's data file {path} {problem}: repair the install with: {command}").format(
            path=where, problem=problem, command=f"pip install --force-reinstall --no-deps tokenlab=={__version__}"
        )
    )


def _read(folder: str, name: str) -> bytes:
    try:
        return data_file(folder, name).read_bytes()
    except FileNotFoundError:
        raise damaged(folder, name, _("is missing")) from None
    except OSError as error:
        raise damaged(folder, name, _("cannot be read ({error})").format(error=error.strerror or error)) from None


_SUM = re.compile(r"([0-9a-f]{64}) [ *]([^/\\\s]+)")  # a line of sha256sum's output: digest, name


def _sums(folder: str) -> dict[str, str]:
    """The folder's SHA256SUMS: file name -> SHA-256 (of each file as stored, and of each .gz's
    decompressed bytes under its name without .gz)."""
    raw = _read(folder, "SHA256SUMS")
    sums: dict[str, str] = {}
    for line in raw.splitlines():
        match = _SUM.fullmatch(line.decode("ascii", "replace").strip())
        if match is None and line.strip():
            raise damaged(folder, "SHA256SUMS", _("is damaged (a line is not a SHA-256 sum and a file name)"))
        if match is not None:
            sums[match[2]] = match[1]
    if not sums:
        raise damaged(folder, "SHA256SUMS", _("is damaged (it lists no file)"))
    return sums


def verified(folder: str, name: str, *, also: str | None = None) -> bytes:
    """The bytes of ``data/<folder>/<name>`` (decompressed if ``.gz``), once the SHA-256 of the file
    as stored matches the folder's SHA256SUMS; then that of the decompressed bytes too, and ``also``
    if given (a hash of them pinned elsewhere, e.g. by tiktoken)."""
    sums = _sums(folder)
    pinned = sums.get(name)
    if pinned is None:
        raise damaged(folder, "SHA256SUMS", _("does not list {name}").format(name=name))
    raw = _read(folder, name)
    if hashlib.sha256(raw).hexdigest() != pinned:
        raise damaged(folder, name, _("is damaged (its SHA-256 is not the one in SHA256SUMS beside it)"))
    if not name.endswith(".gz"):
        return raw
    import gzip
    import zlib

    try:
        data = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error):  # only if SHA256SUMS was changed to match a damaged file
        raise damaged(folder, name, _("is damaged (it is not a whole gzip file)")) from None
    actual = hashlib.sha256(data).hexdigest()
    for wanted in (sums.get(name.removesuffix(".gz")), also):
        if wanted is not None and actual != wanted:
            raise damaged(folder, name, _("is damaged (its content's SHA-256 is not the one pinned)"))
    return data


def listed(folder: str, name: str) -> bool:
    """Whether the install ships ``data/<folder>/<name>``: its folder's SHA256SUMS lists it (an
    optional file, such as an exchange rate, is shipped only when it is pinned)."""
    return name in _sums(folder)


def shipped_json(folder: str, name: str) -> Any:
    """A shipped JSON file (``.json`` or ``.json.gz``), parsed once its hash is checked."""
    import json

    return json.loads(verified(folder, name))


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


def _read_ranks(filename: str, expected_hash: str | None) -> Ranks:
    from binascii import a2b_base64

    from ._shipped_encoding import Ranks

    data = verified("encodings", filename + ".gz", also=expected_hash)
    # The .tiktoken format, as tiktoken.load reads it: one "base64(token) rank" per line. Read here
    # in C loops (split, then decode and int each column): the same dict, in a third of the time.
    fields = data.split()
    if len(fields) % 2:
        raise damaged("encodings", filename + ".gz", _("is not a rank file"))
    return Ranks(zip(map(a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


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
    """OpenAI's encoding ``name``, built by tiktoken from the shipped ranks, keeping no Python copy
    of them (see ``_shipped_encoding``): its ``_mergeable_ranks`` reads the file again if asked."""
    from functools import partial

    from ._shipped_encoding import ShippedEncoding

    params = openai_encoding(name, ranks=False)
    source = params.pop("mergeable_ranks")
    enc = ShippedEncoding(**params, mergeable_ranks=_read_ranks(*source), read_ranks=partial(_read_ranks, *source))
    del params
    trim()  # the Python ranks were freed: give their memory back
    return enc


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
