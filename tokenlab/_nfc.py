"""NFC exactly as Hugging Face ``tokenizers`` computes it (the normalizer of Qwen's tokenizer.json),
with a map from each character of the result back to the characters of the text it came from.

``tokenizers``' Unicode tables are older than Python's (it does not know U+1DFA, which Python 3.11
composes around), so its NFC is the reference and Python's tables only find where it may act:

1. A text that Python's tables call NFC and that holds only characters they know is left as it
   is (one C call): Unicode never changes the NFC of an assigned character.
2. Otherwise the text is cut where no normalization reaches across: before a *stable start*, a
   character with combining class 0 that never combines with the one before it and whose
   decomposition starts with such a character. Only the segments that may change (a run of other
   characters with the stable start before it, or a character that changes on its own) are given
   to ``tokenizers``, joined into a few large calls. Characters Python does not know are treated
   as neither stable nor unchanging.
3. Each segment that changed is a cluster of ``Offsets``, less the characters its two ends keep.

Memory and time grow with the changed text, in C loops, not with a Python object per character.
Private to tokenlab's core (``_vendors`` uses it for Qwen).

>>> text, offsets = nfc("xe\\u0301y")
>>> text, [offsets(i) for i in range(len(text) + 1)]
('xéy', [0, 1, 3, 4])
"""

from __future__ import annotations

import re
import threading
from array import array
from collections.abc import Callable
from itertools import accumulate, chain, compress, repeat
from operator import add, and_, eq, ne, not_, or_, sub

from ._offsets import IDENTITY, Offsets

__all__ = ["nfc"]

_BATCH = 1 << 18  # characters given to tokenizers in one call (its alignments take ~70 bytes each)
_SEPARATORS = ("\x00", "\x01", "\x02", "\ufdd0", "\ufdd1")  # stable starts, never changed: join segments
_WINDOW = 1 << 16  # characters normalized together (cut before a stable start): bounds what they cost
# A segment to normalize, in a string of one class letter per character: s (a stable start that
# NFC leaves as it is), y (a stable start that NFC replaces by one other character, e.g. U+F900),
# x (a stable start that may change otherwise), n (not a stable start), m (neither).
_SEGMENT = re.compile("[sxy][nm]+|x|^[nm]+")
_STABLE_START = re.compile("[sxy]")

_lock = threading.Lock()
_reference: list[Callable[[str], str]] = []
_seconds: set[str] = set()  # characters that combine with the one before them (NFC_QC = Maybe)
_classes: dict[int, str] = {}  # code point -> class letter, for the characters met so far
_singles: dict[int, str] = {}  # code point of class y -> the one character tokenizers' NFC gives
_unknown: list[re.Pattern[str]] = []


def _hf_nfc() -> Callable[[str], str]:
    if not _reference:
        from tokenizers.normalizers import NFC

        _reference.append(NFC().normalize_str)
    return _reference[0]


def _second_characters() -> set[str]:
    """Every character that a canonical composition takes as its second (a superset of NFC_QC=Maybe:
    composition exclusions are counted too, which only makes segments longer)."""
    if not _seconds:
        import unicodedata

        decomposition, found = unicodedata.decomposition, set()
        for c in map(chr, range(0x40000)):  # no character past plane 3 has a decomposition
            parts = decomposition(c)
            if parts and not parts.startswith("<"):
                codes = parts.split()
                if len(codes) == 2:
                    found.add(chr(int(codes[1], 16)))
        found.update(map(chr, range(0x1161, 0x1176)))  # Hangul vowels and trailing consonants,
        found.update(map(chr, range(0x11A8, 0x11C3)))  # composed by algorithm, not by table
        _seconds.update(found)
    return _seconds


def _class(c: str) -> str:
    import unicodedata

    if unicodedata.category(c) == "Cn":  # unknown to Python: tokenizers may know more
        return "m"
    first = unicodedata.normalize("NFD", c)[0]
    stable_start = unicodedata.combining(first) == 0 and first not in _second_characters()
    stable_start = stable_start and unicodedata.combining(c) == 0 and c not in _seconds
    if unicodedata.is_normalized("NFC", c):
        return "s" if stable_start else "n"
    if not stable_start:
        return "m"
    single = _hf_nfc()(c)
    if len(single) == 1 and single != c:
        _singles[ord(c)] = single
        return "y"
    return "x"


def _classify(text: str) -> str:
    """One class letter per character of ``text`` (see ``_SEGMENT``)."""
    with _lock:
        new = {ord(c) for c in set(text)} - _classes.keys()
        if len(_classes) + len(new) > 300_000:  # bounded: a text of every code point should not stay
            _classes.clear()
            _singles.clear()
            new = {ord(c) for c in set(text)}
        if new:
            _second_characters()
            _classes.update((code, _class(chr(code))) for code in new)
        return text.translate(_classes)


def _normalize(segments: list[str], text: str) -> list[str]:
    """tokenizers' NFC of each segment, in a few large calls (segments joined by a stable start)."""
    reference = _hf_nfc()
    separator = next((s for s in _SEPARATORS if s not in text), None)
    if separator is None:
        return list(map(reference, segments))
    out: list[str] = []
    batch: list[str] = []
    size = 0
    for segment in segments:
        batch.append(segment)
        size += len(segment) + 1
        if size >= _BATCH:
            out += reference(separator.join(batch)).split(separator)
            batch, size = [], 0
    if batch:
        out += reference(separator.join(batch)).split(separator)
    return out


def _unknown_bmp() -> re.Pattern[str]:
    """The BMP code points Python's Unicode tables do not know, as one character set."""
    if not _unknown:
        import unicodedata

        category, spans, start = unicodedata.category, [], None
        for c in [*range(0xD800), *range(0xE000, 0x10001)]:
            unknown = c < 0x10000 and category(chr(c)) == "Cn"
            if unknown and start is None:
                start = c
            elif not unknown and start is not None:
                spans.append(f"{re.escape(chr(start))}-{re.escape(chr(c - 1))}")
                start = None
        _unknown.append(re.compile("[" + "".join(spans) + "]"))
    return _unknown[0]


def _stable(text: str) -> bool:
    """Whether NFC certainly leaves ``text`` as it is: Python's tables say so, and know every
    character (Unicode never changes the NFC of an assigned character)."""
    if text.isascii():
        return True
    import unicodedata

    if not unicodedata.is_normalized("NFC", text) or _unknown_bmp().search(text):
        return False
    return max(text) <= "\uffff" or all(unicodedata.category(c) != "Cn" for c in set(text) if c > "\uffff")


def nfc(text: str) -> tuple[str, Offsets]:
    """NFC of ``text`` as Hugging Face tokenizers computes it, and the map from its offsets back to ``text``'s."""
    if _stable(text):
        return text, IDENTITY
    classes = _classify(text)
    parts: list[str] = []
    columns: tuple[array[int], ...] = (array("q"), array("q"), array("q"), array("q"))
    start = shift = 0  # shift: offset in the result minus offset in text, so far
    while start < len(text):  # a window at a time: what it costs stays bounded
        cut = _STABLE_START.search(classes, start + _WINDOW)
        end = len(text) if cut is None else cut.start()
        part, found = _window(text[start:end], classes[start:end])
        parts.append(part)
        for column, values, at in zip(columns, found, (start + shift, start + shift, start, start), strict=True):
            column.extend(map(add, values, repeat(at)))
        shift += len(part) - (end - start)
        start = end
    result = "".join(parts)
    if not columns[0]:
        return (text, IDENTITY) if result == text else (result, IDENTITY)
    return result, Offsets(columns[0], columns[1], columns[2], columns[3])


def _window(text: str, classes: str) -> tuple[str, list[list[int]]]:
    """NFC of a piece of text that begins with a stable start, and its changed clusters (columns)."""
    singles = _singles  # characters NFC replaces one for one, wherever nothing that combines follows
    spans = [m.span() for m in _SEGMENT.finditer(classes)]
    if not spans:
        return (text.translate(singles) if "y" in classes else text), [[], [], [], []]
    # Column by column, in C loops: a megabyte of Hangul in NFD is 300,000 segments.
    starts, ends = [a for a, _b in spans], [b for _a, b in spans]
    segments = list(map(text.__getitem__, map(slice, starts, ends)))
    normal = _normalize(segments, text)
    if len(normal) != len(segments):  # a separator was changed: tokenizers is not what we think
        normal = list(map(_hf_nfc(), segments))
    gaps = list(map(text.__getitem__, map(slice, [0, *ends], [*starts, len(text)])))
    result = "".join(chain.from_iterable(zip(gaps, normal, strict=False))) + gaps[-1]  # gaps has one more
    if "y" in classes:  # NFC's output holds no character NFC would change: only the gaps change
        result = result.translate(singles)
    changed = list(map(ne, segments, normal))
    before, after = list(map(len, segments)), list(map(len, normal))
    one_for_one = list(map(eq, before, after))  # one character for one, or the same characters reordered
    keep = list(map(and_, changed, map(or_, map(ne, before, repeat(1)), map(not_, one_for_one))))
    n_starts = list(map(add, starts, accumulate(map(sub, after, before), initial=0)))
    n_ends = list(map(add, n_starts, after))
    columns = [list(compress(column, keep)) for column in (n_starts, n_ends, starts, ends)]
    for k, i in enumerate(compress(range(len(spans)), keep)):  # the ends that stay map one to one
        if before[i] > 1 and after[i] > 1:
            head, tail = _same_ends(segments[i], normal[i])
            columns[0][k] += head
            columns[1][k] -= tail
            columns[2][k] += head
            columns[3][k] -= tail
    return result, columns


def _same_ends(before: str, after: str) -> tuple[int, int]:
    """How many characters at the start and at the end of a changed segment NFC left as they were,
    keeping at least one on each side in the middle."""
    most = min(len(before), len(after)) - 1
    head = 0
    while head < most and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < most - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return head, tail
