"""Keep tokenlab's translation catalogs in step with the code (Babel).

    python scripts/i18n.py update    # extract the messages from tokenlab/ and merge them into each .po
    python scripts/i18n.py compile   # .po -> .mo (the .mo files ship in the package)
    python scripts/i18n.py check     # what tests/test_i18n.py checks: nothing missing, untranslated,
                                     # fuzzy or obsolete, placeholders kept, .mo up to date

Message ids are the English strings in the code, wrapped in _(), N_() or ngettext(); the catalogs are
tokenlab/locale/<lang>/LC_MESSAGES/tokenlab.po.
"""

from __future__ import annotations

import ast
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tokenlab"
LOCALES = PACKAGE / "locale"
LANGUAGES = ("zh_CN",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract_python(
    fileobj: IO[bytes], keywords: dict[str, Any], comment_tags: list[str], options: dict[str, Any]
) -> Iterator[tuple[int, str, str | tuple[str | None, ...], list[str]]]:
    """Babel's extraction method for Python, from the syntax tree: unlike Babel's own (a token
    scanner), it also finds the calls inside f-strings, such as ``f"<b>{_('prompt')}</b>"``."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in keywords:
            args = tuple(
                a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args
            )
            if args and any(args):
                yield node.lineno, node.func.id, args if len(args) > 1 else args[0], []  # type: ignore[misc]


def extracted() -> Catalog:
    """Every message the code uses, as a template catalog."""
    template = Catalog(project="tokenlab", fuzzy=False)
    method_map = [("**.py", extract_python)]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        template.add(message, None, [(f"tokenlab/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / "tokenlab.po"


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="tokenlab")
    with path.open("rb") as f:
        return read_po(f, locale=language)


def update() -> None:
    template = extracted()
    for language in LANGUAGES:
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()  # messages the code no longer uses go
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=120, sort_output=True, omit_header=False, include_lineno=False)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(untranslated(catalog))} untranslated")


def compile_catalogs() -> None:
    for language in LANGUAGES:
        catalog = read(language)
        with po_path(language).with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        print(f"{po_path(language).with_suffix('.mo').relative_to(ROOT)} written")


def untranslated(catalog: Catalog) -> list[str]:
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if not all(strings):
            out.append(_id(message))
    return out


def _id(message: object) -> str:
    mid = message.id  # type: ignore[attr-defined]
    return mid[0] if isinstance(mid, (list, tuple)) else str(mid)


def _fields(text: str) -> set[str]:
    """The ``{name}`` fields of a str.format template (format specs ignored)."""
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def problems(language: str) -> list[str]:
    """Everything wrong with a catalog, one line each (empty when all is well)."""
    template, catalog = extracted(), read(language)
    wanted = {(_id(m), m.context) for m in template if m.id}
    have = {(_id(m), m.context) for m in catalog if m.id}
    out = [f"missing from the catalog: {mid!r}" for mid, _ctx in sorted(wanted - have)]
    out += [f"no longer used by the code: {mid!r}" for mid, _ctx in sorted(have - wanted)]
    out += [f"untranslated: {mid!r}" for mid in untranslated(catalog)]
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            out.append(f"fuzzy: {_id(message)!r}")
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for translated in strings:
            if translated and _fields(translated) != _fields(ids[-1]) | (_fields(ids[0]) & _fields(translated)):
                out.append(f"placeholders differ: {ids[0]!r} -> {translated!r}")
    mo = po_path(language).with_suffix(".mo")
    if not mo.exists():
        out.append(f"{mo.relative_to(ROOT)} is missing: run scripts/i18n.py compile")
    else:
        with mo.open("rb") as f:
            compiled = read_mo(f)
        if {(_id(m), _strings(m)) for m in compiled if m.id} != {(_id(m), _strings(m)) for m in catalog if m.id}:
            out.append(f"{mo.relative_to(ROOT)} is older than its .po: run scripts/i18n.py compile")
    return out


def _strings(message: object) -> tuple[str, ...]:
    value = message.string  # type: ignore[attr-defined]
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_catalogs()
    elif command == "check":
        found = [f"{language}: {p}" for language in LANGUAGES for p in problems(language)]
        print("\n".join(found) or "catalogs complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
