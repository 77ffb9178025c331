"""Formats: the same data as indented JSON, minified JSON, YAML and CSV, each counted in tokens.

Data sent to a model is text, and the same data costs very different numbers of tokens depending on
how it is written: indentation is tokens, repeated keys are tokens, and ``json.dumps``' default
``ensure_ascii=True`` writes every Chinese character as a six-character escape such as ``\\u5b66``.
``formats`` writes the data each way, with Python's ``json`` and ``csv`` and PyYAML (``yaml``, in the
``lab`` extra), keys in their order, and counts each text under the encodings asked for.

>>> f = formats({"学生": "李伟"}, encodings=["o200k_base"])
>>> f.counts[("json_minified", True)], f.counts[("json_minified", False)]
({'o200k_base': 20}, {'o200k_base': 6})
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from . import _html, registry
from ._checks import brief
from ._i18n import N_, _
from .tokens import count

__all__ = ["FORMATS", "PROBLEMS", "Formats", "FormatError", "formats", "write", "MAX_DATA"]

FORMATS = {
    "json_indented": N_("JSON, indented (indent=2)"),
    "json_minified": N_("JSON, minified"),
    "yaml": N_("YAML"),
    "csv": N_("CSV"),
}
# Characters of data (as minified JSON) that the table writes four ways, twice, and counts under
# every encoding picked, within half a second; a bigger paste gets a one-line error.
MAX_DATA = 5_000
_PREVIEW = 600  # characters of each text shown under the table


# Why a format cannot hold some data: codes, stored; the words are looked up when shown.
PROBLEMS = {
    "no_yaml": N_("YAML needs PyYAML (pip install pyyaml)"),
    "no_escapes": N_("CSV has no escapes: it is written as it is"),
    "not_a_table": N_("CSV holds a table: a list of records (objects), or one record"),
    "not_flat": N_("CSV holds a flat table: these records hold lists or objects"),
}


class FormatError(ValueError):
    """The data cannot be written in a format: ``code`` (a key of ``PROBLEMS``) says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return _(PROBLEMS[self.code])


def write(data: Any, form: str, *, ensure_ascii: bool = False) -> str:
    """``data`` written in one of ``FORMATS``; ``ensure_ascii`` escapes every non-ASCII character
    (JSON's ``\\uXXXX``, YAML's ``"\\uXXXX"``; CSV has no escapes: a FormatError).

    >>> print(write([{"name": "李伟", "age": 20}], "csv"), end="")
    name,age
    李伟,20
    """
    if form == "json_indented":
        return json.dumps(data, indent=2, ensure_ascii=ensure_ascii)
    if form == "json_minified":
        return json.dumps(data, separators=(",", ":"), ensure_ascii=ensure_ascii)
    if form == "yaml":
        try:
            import yaml
        except ImportError:
            raise FormatError("no_yaml") from None

        # What a student's yaml.safe_dump(data) writes (libyaml's emitter, CSafeDumper, differs in
        # small ways: no "..." after a lone scalar), keys in their order.
        text: str = yaml.safe_dump(data, allow_unicode=not ensure_ascii, sort_keys=False)
        return text
    if form == "csv":
        if ensure_ascii:
            raise FormatError("no_escapes")
        return _csv(data)
    raise ValueError(_("unknown format {brief}; formats: {known}").format(brief=brief(form), known=", ".join(FORMATS)))


def _csv(data: Any) -> str:
    rows = [data] if isinstance(data, dict) else data
    if not isinstance(rows, list) or not rows or not all(isinstance(row, dict) for row in rows):
        raise FormatError("not_a_table")
    columns = list(dict.fromkeys(key for row in rows for key in row))
    if not columns:
        raise FormatError("not_a_table")
    if any(isinstance(value, (dict, list)) for row in rows for value in row.values()):
        raise FormatError("not_flat")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@functools.lru_cache(maxsize=128)
def _count(text: str, encoding: str) -> int:
    return count(text, encoding=encoding)


class Formats:
    """The same data written each way, with each text's token counts; a table in Jupyter.

    ``texts`` and ``counts`` are keyed by ``(format, ensure_ascii)``; a format that cannot hold the
    data (CSV, for nested data; CSV with ``ensure_ascii``) is in ``problems`` instead, with a code
    (a key of ``PROBLEMS``); ``why(key)`` says it in words.
    """

    def __init__(self, data: Any, encodings: list[str]) -> None:
        self.data = data
        self.encodings = encodings
        self.texts: dict[tuple[str, bool], str] = {}
        self.problems: dict[tuple[str, bool], str] = {}  # (format, ensure_ascii) -> a code of PROBLEMS
        for form in FORMATS:
            for ascii_only in (True, False):
                try:
                    self.texts[(form, ascii_only)] = write(data, form, ensure_ascii=ascii_only)
                except FormatError as error:
                    self.problems[(form, ascii_only)] = error.code
        self.counts = {key: {name: _count(text, name) for name in encodings} for key, text in self.texts.items()}

    def to_html(self) -> str:
        def cell(inner: str, align: str = "left", span: int = 1, tag: str = "td") -> str:
            wide = f' colspan="{span}"' if span > 1 else ""
            style = f"padding:2px 8px;text-align:{align};border-top:1px solid #8888"
            return f'<{tag} style="{style}"{wide}>{inner}</{tag}>'

        head = [_("format"), "ensure_ascii", _("characters"), *self.encodings]
        rows = ["".join(cell(_html.esc(h), tag="th") for h in head)]
        fewest = {name: min(c[name] for c in self.counts.values()) for name in self.encodings}
        for form in FORMATS:
            for ascii_only in (True, False):
                key = (form, ascii_only)
                row = cell(_html.esc(_(FORMATS[form]))) + cell(str(ascii_only))
                if key in self.texts:
                    row += cell(f"{len(self.texts[key]):,}", "right")
                    for name in self.encodings:
                        n = self.counts[key][name]
                        row += cell(f"<b>{n:,}</b>" if n == fewest[name] else f"{n:,}", "right")
                else:
                    problem = f'<span style="opacity:.75">{_html.esc(self.why(key))}</span>'
                    row += cell(problem, span=len(self.encodings) + 1)
                rows.append(row)
        table = '<table style="border-collapse:collapse">' + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"
        note = _html.note(_("tokens under each encoding; the fewest in bold"))
        return _html.block("formats", table + note + self._previews())

    def why(self, key: tuple[str, bool]) -> str:
        """Why ``(format, ensure_ascii)`` has no text, in words (the language in use); "" if it has one."""
        code = self.problems.get(key)
        return "" if code is None else _(PROBLEMS[code])

    def _previews(self) -> str:
        parts = []
        for (form, ascii_only), text in self.texts.items():
            title = f"{_(FORMATS[form])} · ensure_ascii={ascii_only}"
            shown = text if len(text) <= _PREVIEW else text[:_PREVIEW] + "\n…"
            parts.append(
                f'<details><summary style="cursor:pointer">{_html.esc(title)}</summary>'
                f'<pre style="white-space:pre-wrap;overflow-wrap:anywhere;margin:2px 0 6px 1em;'
                f'font-family:{_html.MONO}">{_html.esc(shown)}</pre></details>'
            )
        heading = _html.note(_("Click a format to see its text:"))
        return heading + "".join(parts)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        first = self.encodings[0]
        shown = ", ".join(
            f"{form}{'' if not ascii_only else ' (ascii)'}: {c[first]}" for (form, ascii_only), c in self.counts.items()
        )
        return f"<Formats {first}: {shown}>"


# What Python's json module says (``JSONDecodeError.msg``), in words the interface can translate.
_JSON_ERRORS = {
    "Expecting value": N_(
        "a value is missing (a text in double quotes, a number, true, false, null, a list or an object)"
    ),
    "Expecting property name enclosed in double quotes": N_("a key in double quotes is expected"),
    "Expecting ',' delimiter": N_("a comma is missing"),
    "Expecting ':' delimiter": N_("a colon after the key is missing"),
    "Unterminated string starting at": N_("a text is not closed with a double quote"),
    "Extra data": N_("there is more after the data"),
    "Invalid control character at": N_("a text holds a control character (a tab or newline: write \\t or \\n)"),
    "Invalid \\escape": N_("a backslash escape is not valid"),
    "Illegal trailing comma before end of object": N_("one comma too many at the end of an object"),
    "Illegal trailing comma before end of array": N_("one comma too many at the end of a list"),
}


def parse(text: str) -> Any:
    """A student's data, typed as JSON: parsed, or a one-line ValueError saying where it is wrong.

    >>> parse('{"a": 1,}')
    Traceback (most recent call last):
    ...
    ValueError: this is not JSON: a key in double quotes is expected (line 1, column 9)
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        said = _JSON_ERRORS.get(error.msg)
        raise ValueError(
            _("this is not JSON: {message} (line {line}, column {column})").format(
                message=_(said) if said else error.msg, line=error.lineno, column=error.colno
            )
        ) from None
    except RecursionError:
        raise ValueError(_("this data is nested too deeply to write out")) from None


def formats(data: Any, *, encodings: Sequence[str] = (registry.DEFAULT_ENCODING,)) -> Formats:
    """``data`` (Python lists, dicts, strings, numbers, or a text of JSON) written as indented and
    minified JSON, YAML and CSV, with and without ``ensure_ascii``, counted under ``encodings``.

    >>> formats('{"a": 1}').counts[("yaml", False)]
    {'o200k_base': 5}
    """
    if isinstance(data, str):
        data = parse(data)
    try:
        minified = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except TypeError as error:  # "Object of type bytes is not JSON serializable", or a key that is no text
        found = re.search(r"Object of type (\w+)", str(error))
        what = _("a value of type {name}").format(name=found[1]) if found else _("a key that is not a text")
        raise ValueError(_("this data cannot be written as JSON: it holds {what}").format(what=what)) from None
    except ValueError:  # allow_nan=False: NaN or infinity
        raise ValueError(_("this data cannot be written as JSON: it holds NaN or an infinity")) from None
    except RecursionError:
        raise ValueError(_("this data is nested too deeply to write out")) from None
    if len(minified) > MAX_DATA:
        raise ValueError(
            _("formats writes up to {limit:,} characters of data (as minified JSON); this is {n:,}").format(
                limit=MAX_DATA, n=len(minified)
            )
        )
    if isinstance(encodings, str) or not encodings:
        raise ValueError(_("encodings is a list of encoding names, not {brief}").format(brief=brief(encodings)))
    names = list(dict.fromkeys(registry.resolve(name) for name in encodings))
    return Formats(json.loads(minified), names)  # only JSON's types: what every format can hold
