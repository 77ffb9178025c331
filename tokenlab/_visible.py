"""Make invisible characters visible: spaces, tabs, newlines, control and format characters.

A space shows as ``·``, a tab as ``→``, a newline as ``↵`` (and still breaks the line), a carriage
return as ``␍``, other control characters as their control pictures (``␀``), other spaces as
``⍽`` and format characters by name (``⟨ZWJ⟩``, ``⟨RLO⟩``), so that two texts that look the same
but tokenize differently can be told apart, and bidi overrides in user text cannot reorder the
display. Emoji tag characters and variation selectors are left alone: they belong to the emoji.

>>> plain("a b\\tc\\u200d")
'a·b→\\tc⟨ZWJ⟩'
"""

from __future__ import annotations

import re

__all__ = ["html", "plain", "LEGEND", "SEPARATOR"]

# A private-use character that callers may put between texts to mark them up in one pass: it is
# never marked, and never changed.
SEPARATOR = "\ue000"

LEGEND = {"·": "space", "↵": "newline", "→": "tab", "␍": "carriage return"}

_FORMAT_NAMES = {
    "\u00ad": "SHY",
    "\u061c": "ALM",
    "\u180e": "MVS",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2060": "WJ",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\ufeff": "BOM",
    "\u2028": "LS",
    "\u2029": "PS",
}

# Every character that draws as nothing or as blank: controls (Cc), format characters (Cf, as of
# Unicode 15, but the emoji tag characters) and spaces other than U+0020 (Zs, Zl, Zp); the four
# commonest are left to faster replaces. Spelled out: stdlib re searches it ~8x faster than
# \p{Cf} in the regex module, and a test checks it against unicodedata.
_RARE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xa0\xad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f"
    "\u3000\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001]"
)
_OTHER_SPACES = "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_MUTED = '<span style="color:#5c5c5c">{}</span>'
_SPACE, _NEWLINE, _TAB, _RETURN = (
    _MUTED.format("·"),
    _MUTED.format("↵") + "\n",
    _MUTED.format("→") + "\t",
    _MUTED.format("␍"),
)


def _mark(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures block: ␀ ␁ ... ␟
    if code == 0x7F:
        return "␡"
    if char in _FORMAT_NAMES:
        return f"⟨{_FORMAT_NAMES[char]}⟩"
    if char in _OTHER_SPACES:
        return "⍽"
    return f"⟨U+{code:04X}⟩"


def html(text: str) -> str:
    """``text`` HTML-escaped, with invisible characters drawn as muted marks (layout kept).

    >>> html("<b> x\\n")
    '&lt;b&gt;<span style="color:#5c5c5c">·</span>x<span style="color:#5c5c5c">↵</span>\\n'
    """
    rare = _has_rare(text)  # asked before the text grows with markup
    # Plain str.replace is several times faster than one translate() over the same text.
    out = (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace(" ", _SPACE)
        .replace("\n", _NEWLINE)
        .replace("\t", _TAB)
        .replace("\r", _RETURN)
    )
    # The markup added so far is ASCII and marks that _RARE never matches.
    return _RARE.sub(_html_mark, out) if rare else out


def _has_rare(text: str) -> bool:
    # str.isprintable() is false for exactly Cc, Cf, Z* but U+0020, and also Co, Cn and Cs, in
    # one C loop: far faster than a regex scan when, as usual, there is nothing to find.
    common = text.replace("\n", "").replace("\t", "").replace("\r", "").replace(SEPARATOR, "")
    return not common.isprintable() and _RARE.search(text) is not None


def _html_mark(match: re.Match[str]) -> str:
    return _MUTED.format(_mark(match[0]))


def plain(text: str) -> str:
    """``text`` with invisible characters drawn as marks, for a terminal or ``text/plain``."""
    out = text
    if _has_rare(out):
        out = _RARE.sub(lambda m: _mark(m[0]), out)
    return out.replace(" ", "·").replace("\n", "↵\n").replace("\t", "→\t").replace("\r", "␍")
