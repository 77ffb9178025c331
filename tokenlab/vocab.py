"""A vocabulary X-ray: what an encoding's tokens are made of, from figures counted when tokenlab was built.

For every encoding tokenlab ships, ``xray`` tells, without loading the tokenizer:

- how many of its tokens are in each script (Latin, Chinese characters, Cyrillic, ...), how many are
  digits, spaces or symbols, and how many are only part of a character (bytes that are not UTF-8 on
  their own);
- its longest tokens, overall or in one script;
- how many of the 3,500 most common Chinese characters are one token (a "识字率": its literacy in
  Chinese), two, or three (the list is jieba's dictionary's, see ``data/vocab/NOTICE``);
- the tokens that their own text, encoded alone, does not give back (tokens that encoding ordinary
  text can never, or only in some contexts, produce).

Some vocabularies learned spam for pornography and gambling from web pages (``o200k_base``'s longest
Chinese tokens are mostly such spam): the report shows a token that holds one of the words of
``MASKED`` as a grey box, never its text, so that it can be opened in a classroom.

Scanning 200,000 tokens and encoding each one again takes seconds per encoding, so
``scripts/build_xray.py`` does it once; its figures ship in ``data/vocab/`` and a test scans every
vocabulary again and checks they are equal. ``script_of`` is the rule that sorts a token into a script.

>>> x = xray("r50k_base")
>>> x.ranks, x.literacy(100)
(50256, 15)
>>> script_of("你好".encode()), script_of(b" the"), script_of("你".encode()[:2])
('han', 'latin', 'fragment')
"""

from __future__ import annotations

import functools
import json
import math
import re
from typing import Any, NamedTuple

from . import _html, _visible, registry
from ._checks import whole
from ._i18n import N_, _, ngettext

__all__ = ["CATEGORIES", "LEVELS", "MASKED", "Xray", "xray", "hanzi", "script_of", "label", "masked"]

# Each token's category: a script (by the letters it holds), then what tokens without letters hold.
# Values stored are these codes; labels are looked up when shown.
CATEGORIES: dict[str, str] = {
    "latin": N_("Latin"),
    "han": N_("Chinese characters (Han)"),
    "kana": N_("Japanese kana"),
    "hangul": N_("Korean (Hangul)"),
    "cyrillic": N_("Cyrillic"),
    "arabic": N_("Arabic"),
    "greek": N_("Greek"),
    "hebrew": N_("Hebrew"),
    "thai": N_("Thai"),
    "devanagari": N_("Devanagari"),
    "other": N_("other scripts"),
    "mixed": N_("letters of two or more scripts"),
    "digits": N_("digits (and no letters)"),
    "space": N_("spaces, tabs and newlines only"),
    "symbols": N_("punctuation and symbols"),
    "fragment": N_("part of a character (bytes)"),
}
# ISO 15924 script codes (as fontTools.unicodedata.script gives them) -> category.
_SCRIPTS = {
    "Latn": "latin", "Hani": "han", "Hira": "kana", "Kana": "kana", "Hang": "hangul", "Cyrl": "cyrillic",
    "Arab": "arabic", "Grek": "greek", "Hebr": "hebrew", "Thai": "thai", "Deva": "devanagari",
}  # fmt: skip
# Words of the spam for pornography and gambling found among the tokens the X-ray lists (the longest,
# the examples, the unreachable ones) of the vocabularies tokenlab ships: a token that holds one is
# shown masked. Listed explicitly, and tests/test_vocab.py checks o200k_base's spam against it. The
# online-lottery apps (天天中彩票) are online gambling in Zhang et al.'s taxonomy (arXiv:2508.17771);
# the word 彩票 (lottery) itself is left.
MASKED = (
    "毛片", "无码", "做爰", "A片", "AV", "av不卡", "不卡", "久久免费", "免费视频观看",
    "彩神争霸", "快三", "赛车", "时时彩", "六合彩", "百家乐", "博彩", "天天中彩票", "天天彩票", "天天爱彩票",
)  # fmt: skip
_MASKED = re.compile("|".join(map(re.escape, MASKED)))
_HAN = re.compile(r"[\u3400-\u9fff]")
# The steps at which the literacy rate is shown: the most common 100, 500, ... characters.
LEVELS = (100, 500, 1000, 2000, 3500)


def masked(text: str) -> bool:
    """Whether the X-ray shows ``text`` masked: it holds a word of ``MASKED`` (``AV`` only beside
    Chinese characters, where it is the spam's, not a word such as ``AVG``).

    >>> masked("亚洲AV"), masked(" AVG"), masked(" 天天中彩票"), masked("彩票")
    (True, False, True, False)
    """
    return any(m.group() != "AV" or _HAN.search(text) for m in _MASKED.finditer(text))


def _share(part: int, total: int) -> str:
    """A share in percent, rounded down to one decimal, so that 995 of 1,000 is 99.5%, never 100%."""
    return f"{math.floor(1000 * part / total) / 10:.1f}%" if total else "–"


def label(category: str) -> str:
    """A category's name in the language in use."""
    return _(CATEGORIES[category])


def script_of(raw: bytes) -> str:
    """The category of a token's bytes (a key of ``CATEGORIES``).

    A token whose bytes are not UTF-8 on their own is ``"fragment"``. Otherwise its letters (and
    combining marks) decide: the script they are in, or ``"mixed"`` if they are in several (letters of
    the Common or Inherited script, such as ``ー``, count for none). A token with no such letter is
    ``"digits"`` if it holds a number, ``"space"`` if it is only whitespace, else ``"symbols"``.
    Scripts come from ``fontTools.unicodedata`` (a dependency of matplotlib).

    >>> [script_of(t.encode()) for t in ["Hello", "日本の", " 2024", "\\n\\n", "},"]]
    ['latin', 'mixed', 'digits', 'space', 'symbols']
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "fragment"
    found = {code for code in map(_letter_script, text) if code}
    if len(found) > 1:
        return "mixed"
    if found:
        one = found.pop()
        return "other" if one.startswith("other:") else one
    if any(map(_is_number, text)):
        return "digits"
    if text.isspace():
        return "space"
    return "symbols"


@functools.lru_cache(maxsize=65_536)
def _letter_script(char: str) -> str:
    """The category of a letter or mark's script (``"other:Xxxx"`` for scripts without one), or
    ``""`` for any other character and for letters of the Common and Inherited scripts."""
    import unicodedata

    from fontTools.unicodedata import script

    if unicodedata.category(char)[0] not in "LM":
        return ""
    code: str = script(char)
    if code in ("Zyyy", "Zinh", "Zzzz"):
        return ""
    return _SCRIPTS.get(code, "other:" + code)


def _is_number(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char)[0] == "N"


@functools.cache
def _hanzi() -> tuple[str, tuple[int, ...]]:
    from ._shipped import verified

    data = json.loads(verified("vocab", "hanzi.json.gz"))
    return data["characters"], tuple(data["frequencies"])


def hanzi(top: int = LEVELS[-1]) -> str:
    """The ``top`` most common Chinese characters, most common first (from jieba's dictionary).

    >>> hanzi(10)
    '一是人了不在有大中国'
    """
    characters = _hanzi()[0]
    return characters[: whole(top, "top", low=1, high=len(characters))]


@functools.cache
def _figures() -> dict[str, Any]:
    from ._shipped import verified

    figures: dict[str, Any] = json.loads(verified("vocab", "xray.json.gz"))
    return figures


class Token(NamedTuple):
    """One token of a vocabulary, as the X-ray lists it: its id and its text."""

    id: int
    text: str


class Unreachable(NamedTuple):
    """A token whose own text, encoded alone, gives other tokens: ``ids`` (with their ``texts``)."""

    id: int
    text: str
    ids: tuple[int, ...]
    texts: tuple[str, ...]


class Xray:
    """What one encoding's vocabulary is made of; displays itself as a report in Jupyter.

    ``script`` picks the script whose longest tokens the report lists (all by default), ``top`` how
    many of the most common Chinese characters its literacy line counts, ``longest`` how many tokens
    it lists.
    """

    def __init__(self, encoding: str, data: dict[str, Any], *, script: str | None, top: int, longest: int) -> None:
        self.encoding = encoding
        self._data = data
        self.script = script
        self.top = top
        self.shown = longest

    @property
    def ranks(self) -> int:
        """How many ordinary tokens there are (all but the special tokens): the single bytes and the
        tokens that merges made."""
        return int(self._data["ranks"])

    @property
    def special(self) -> int:
        """How many special tokens the encoding has."""
        return int(self._data["special"])

    @property
    def scripts(self) -> dict[str, int]:
        """How many tokens fall in each category (only those with any), in ``CATEGORIES`` order."""
        counts = self._data["scripts"]
        return {code: counts[code] for code in CATEGORIES if counts.get(code)}

    def examples(self, category: str) -> list[Token]:
        """A few tokens of a category: those with the lowest ids (the earliest merges), longer ones first."""
        return [Token(i, t) for i, t in self._data["examples"].get(category, [])]

    def longest(self, n: int = 10, *, script: str | None = None) -> list[Token]:
        """The ``n`` longest tokens (in characters; ties by id), overall or of one category."""
        whole(n, "n", low=1, high=20)
        if script is None:
            return [Token(i, t) for i, t in self._data["longest"][:n]]
        _check_category(script)
        return [Token(i, t) for i, t in self._data["longest_by_script"].get(script, [])[:n]]

    def hanzi_tokens(self, top: int = LEVELS[-1]) -> list[int]:
        """How many tokens each of the ``top`` most common Chinese characters takes, in order."""
        return [int(n) for n in self._data["hanzi"][: len(hanzi(top))]]

    def literacy(self, top: int = LEVELS[-1]) -> int:
        """How many of the ``top`` most common Chinese characters are one token each."""
        return self.hanzi_tokens(top).count(1)

    @property
    def unreachable(self) -> list[Unreachable]:
        """The tokens whose own text, encoded alone, gives other tokens, by id."""
        return [Unreachable(i, t, tuple(ids), tuple(texts)) for i, t, ids, texts in self._data["unreachable"]]

    def to_html(self) -> str:
        head = ngettext(
            "{encoding}: {ranks:,} ordinary tokens (single bytes, and tokens made by merges), and {special:,} "
            "special token",
            "{encoding}: {ranks:,} ordinary tokens (single bytes, and tokens made by merges), and {special:,} "
            "special tokens",
            self.special,
        ).format(encoding=self.encoding, ranks=self.ranks, special=self.special)
        parts = [f"<div><b>{_html.esc(head)}</b></div>", self._scripts_html(), self._hanzi_html()]
        parts += [self._longest_html(), self._unreachable_html()]
        body = "".join(parts)
        if _MASK_MARK in body:
            body += _html.note(
                _(
                    "■■■: a token of spam for pornography or gambling, which this vocabulary learned from web "
                    "pages; tokenlab does not show its text."
                )
            )
        return _html.block("xray", body)

    def _scripts_html(self) -> str:
        rows = []
        for code, n in sorted(self.scripts.items(), key=lambda item: -item[1]):
            examples = "".join(_chip(t.text) for t in self.examples(code)[:6])
            rows.append([_html.esc(label(code)), f"{n:,}", _share(n, self.ranks), examples])
        head = [_("script"), _("tokens"), _("share"), _("examples (the first merged)")]
        legend = _html.note(
            _("In the tokens: · is a space, ⍽ another space (such as a non-breaking space), ↵ a newline, → a tab.")
        )
        return _section(_("Tokens by script")) + _table(rows, head, "lrrl") + legend

    def _hanzi_html(self) -> str:
        counts = self.hanzi_tokens(self.top)
        one, two = counts.count(1), counts.count(2)
        line = _(
            "Of the {top:,} most common Chinese characters, {one:,} are one token each ({share}), "
            "{two:,} take two tokens and {more:,} take three or more."
        ).format(top=self.top, one=one, share=_share(one, self.top), two=two, more=self.top - one - two)
        levels = [[f"{n:,}", f"{self.literacy(n):,}", _share(self.literacy(n), n)] for n in LEVELS]
        split = [c for c, n in zip(hanzi(self.top), counts, strict=True) if n > 1][:30]
        first = (
            _html.note(_("The most common ones split over several tokens: {chars}").format(chars=" ".join(split)))
            if split
            else ""
        )
        table = _table(levels, [_("most common"), _("one token"), _("share")], "rrr")
        return _section(_("Chinese characters that are one token")) + _html.esc(line) + table + first

    def _longest_html(self) -> str:
        tokens = self.longest(self.shown, script=self.script)
        where = _("all scripts") if self.script is None else label(self.script)
        rows = [[f"{t.id}", _chip(t.text, limit=60), f"{len(t.text):,}"] for t in tokens]
        title = _("The longest tokens ({where})").format(where=where)
        return _section(title) + _table(rows, [_("id"), _("token"), _("characters")], "rlr")

    def _unreachable_html(self) -> str:
        found = self.unreachable
        title = _section(_("Tokens that their own text does not give back"))
        if not found:
            return title + _html.esc(_("There are none: every token's text, encoded alone, gives that token back."))
        line = _("{n:,} tokens: their text, encoded alone, gives other tokens. The first:").format(n=len(found))
        rows = [[f"{u.id}", _chip(u.text), " + ".join(_chip(t) for t in u.texts)] for u in found[:6]]
        table = _table(rows, [_("id"), _("token"), _("its text encodes as")], "rll")
        return title + _html.esc(line) + table

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return (
            f"<Xray {self.encoding}: {self.ranks:,} tokens, {self.literacy(self.top):,} of the "
            f"{self.top:,} commonest Chinese characters are one token>"
        )


def _check_category(script: str) -> None:
    if script not in CATEGORIES:
        from ._checks import brief

        raise ValueError(
            _("unknown script {brief}; choose one of: {known}").format(brief=brief(script), known=", ".join(CATEGORIES))
        )


def xray(
    encoding: str | None = None,
    *,
    model: str | None = None,
    script: str | None = None,
    top: int = LEVELS[-1],
    longest: int = 10,
) -> Xray:
    """The X-ray of an encoding's (or a model's) vocabulary, from the figures shipped with tokenlab.

    It loads no tokenizer: the figures were counted once, exactly, when tokenlab was built.

    >>> x = xray("o200k_base")
    >>> x.literacy(), len(x.unreachable)
    (2066, 12)
    """
    name = registry.resolve(encoding, model=model)
    if script is not None:
        _check_category(script)
    whole(top, "top", low=1, high=LEVELS[-1])
    whole(longest, "longest", low=1, high=20)
    return Xray(name, _figures()["encodings"][name], script=script, top=top, longest=longest)


_CHIP = (
    "background:#EEEEEE;color:#000;border:1px solid #888;border-radius:3px;padding:0 3px;margin:1px 2px;"
    f"white-space:pre-wrap;font-family:{_html.MONO}"
)


_MASK_MARK = "■■■"


def _chip(text: str, *, limit: int = 16) -> str:
    """A token drawn as a small box, spaces and newlines made visible, cut after ``limit`` characters
    (a token of spam, ``masked``, as a grey box)."""
    if masked(text):
        return f'<span style="{_CHIP};color:#777">{_MASK_MARK}</span>'
    shown = _visible.html(text[:limit]).replace("\n", "")  # a newline shows as ↵ without breaking the line
    more = "…" if len(text) > limit else ""
    return f'<span style="{_CHIP}">{shown}{more}</span>'


def _table(rows: list[list[str]], head: list[str], align: str) -> str:
    """A table whose cells are HTML already (the head is escaped)."""
    side = {"l": "left", "r": "right"}

    def cell(tag: str, i: int, inner: str) -> str:
        return f'<{tag} style="padding:1px 8px;text-align:{side[align[i]]};vertical-align:top">{inner}</{tag}>'

    out = ["<tr>" + "".join(cell("th", i, _html.esc(h)) for i, h in enumerate(head)) + "</tr>"]
    out += ["<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows]
    return f'<table style="border-collapse:collapse">{"".join(out)}</table>'


def _section(title: str) -> str:
    return f'<div style="margin:.7em 0 .2em;font-weight:bold">{_html.esc(title)}</div>'
