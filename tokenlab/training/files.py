"""A trained tokenizer as a file you can open and read: JSON, one merge per line.

    {
     "format": "tokenlab-bpe",
     "version": 1,
     "name": "mine",
     "pattern": "...the regex that cuts text into pieces...",
     "trained": {"vocab_size": 4000, "mix": {"eng": 1.0}, ...},
     "merges": [
      [116, 104, "th"],
      [32, 256, " th"],
      ...
     ]
    }

Ids 0-255 are the bytes. Merge ``k`` joins the tokens with the two ids into token ``256 + k``; the
third item is what that token spells (bytes that are only part of a character as ``⟨e4 bd⟩``), for
reading: ``load`` checks it against the ids, so a file edited by hand cannot say one thing and do
another. Any file that is not such a tokenizer gets a one-line error.

>>> import tempfile, pathlib
>>> from tokenlab.training import train_bpe
>>> path = train_bpe(300, mix={"eng": 1}, name="doc_files").save(pathlib.Path(tempfile.mkdtemp()) / "mine.json")
>>> load(path, name="doc_again").merges == train_bpe(300, mix={"eng": 1}, name="doc_files").merges
True
>>> registry.unregister("doc_again"); registry.unregister("doc_files")
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import registry
from .._checks import brief
from .._encode import readable
from .._i18n import _
from .trained import TrainedEncoding, checked_name

__all__ = ["save", "load", "FORMAT", "MAX_FILE"]

FORMAT = "tokenlab-bpe"
MAX_FILE = 50_000_000  # bytes: a 200,000-token tokenizer is about 6 MB


def save(encoding: TrainedEncoding, path: str | Path) -> Path:
    """Write ``encoding`` to ``path`` (UTF-8 JSON, one merge per line)."""
    path = Path(path)
    head = {"format": FORMAT, "version": 1, "name": encoding.name, "pattern": encoding._pat_str}
    lines = [json.dumps([a, b, readable(encoding.table[256 + k])], ensure_ascii=False)
             for k, (a, b) in enumerate(encoding.merges)]  # fmt: skip
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    text += ',\n "trained": ' + json.dumps(encoding.trained, ensure_ascii=False)
    text += ',\n "merges": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"
    path.write_text(text, encoding="utf-8")
    return path


def load(path: str | Path, *, name: str | None = None) -> TrainedEncoding:
    """Read a tokenizer that ``save`` wrote and register it (as ``name``, or the name in the file)."""
    path = Path(path)
    where = brief(str(path))
    try:
        if path.stat().st_size > MAX_FILE:
            raise ValueError(_("{path} is larger than a tokenizer file can be").format(path=where))
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        if isinstance(error, ValueError) and not isinstance(error, json.JSONDecodeError | UnicodeDecodeError):
            raise
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error).split("\n")[0]
        raise ValueError(_("cannot read {path} as a tokenizer: {reason}").format(path=where, reason=reason)) from None
    merges, pattern, file_name, trained = _fields(data, where)
    name = checked_name(file_name if name is None else name)
    try:
        encoding = TrainedEncoding(name, pattern=pattern, merges=merges, trained=trained)
    except ValueError as error:  # tiktoken's regex engine refused the pattern
        reason = str(error).split("\n")[0]
        raise ValueError(
            _("{path} is not a tokenlab tokenizer file: tiktoken cannot use its pattern ({reason})").format(
                path=where, reason=reason
            )
        ) from None
    registry.register(encoding, encoding.info)
    return encoding


def _fields(data: Any, where: str) -> tuple[list[tuple[int, int]], str, str, dict[str, Any]]:
    def bad(reason: str) -> ValueError:
        return ValueError(_("{path} is not a tokenlab tokenizer file: {reason}").format(path=where, reason=reason))

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise bad(_('it does not say "format": "{format}"').format(format=FORMAT))
    if data.get("version") != 1:
        raise bad(_("version {version} is not one this tokenlab reads (1)").format(version=brief(data.get("version"))))
    pattern, name, trained, merges = (data.get(k) for k in ("pattern", "name", "trained", "merges"))
    if not isinstance(pattern, str) or not isinstance(name, str) or not isinstance(merges, list):
        raise bad(_('it needs a "pattern" and a "name" (text) and a list of "merges"'))
    _check_pattern(pattern, bad)
    table = [bytes([i]) for i in range(256)]
    seen = set(table)
    pairs = []
    for k, merge in enumerate(merges):
        if (
            not isinstance(merge, list)
            or len(merge) != 3
            or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(table) for i in merge[:2])
        ):
            raise bad(
                _("merge {k} is {merge}, not [id, id, text] with ids of earlier tokens (below {n})").format(
                    k=k, merge=brief(merge), n=len(table)
                )
            )
        token = table[merge[0]] + table[merge[1]]
        if merge[2] != readable(token):
            raise bad(
                _("merge {k} says it spells {said}, but its ids spell {spelled}").format(
                    k=k, said=brief(merge[2]), spelled=repr(readable(token))
                )
            )
        if token in seen:
            raise bad(
                _("merge {k} makes {token}, which an earlier merge made").format(k=k, token=repr(readable(token)))
            )
        seen.add(token)
        table.append(token)
        pairs.append((merge[0], merge[1]))
    return pairs, pattern, name, trained if isinstance(trained, dict) else {}


def _check_pattern(pattern: str, bad: Any) -> None:
    import regex

    try:
        regex.compile(pattern)
    except (regex.error, RecursionError, OverflowError) as error:
        raise bad(_("its pattern is not a regular expression ({error})").format(error=error)) from None
