from __future__ import annotations

import sys
import unicodedata

from tokenlab import _visible


def test_every_invisible_character_is_caught_by_the_fast_class():
    # Every control, format and separator character, as this Python's Unicode tables know them.
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zs", "Zl", "Zp")
        and chr(code) not in " \t\n\r"
        and not 0xE0020 <= code <= 0xE007F  # emoji tags stay with their emoji
        and not _visible._RARE.match(chr(code))
    ]
    assert missed == []


def test_printable_characters_are_left_alone():
    for text in ("abc", "你好", "مرحبا", "e\u0301", "👍🏽", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "\ufe0f"):
        assert _visible.plain(text) == text


def test_marks():
    assert _visible.plain(" \t\n\r") == "·→\t↵\n␍"
    assert _visible.plain("\x00\x1b\x7f\x85") == "␀␛␡⟨U+0085⟩"
    assert _visible.plain("\u00a0\u3000\u200b\ufeff\u2028") == "⍽⍽⟨ZWSP⟩⟨BOM⟩⟨LS⟩"


def test_html_escapes_before_marking():
    assert _visible.html("<&>") == "&lt;&amp;&gt;"
    assert "<b>" not in _visible.html("<b>\u200d</b>")


def test_the_separator_passes_through_unchanged():
    assert _visible.html(f"a {_visible.SEPARATOR}b").count(_visible.SEPARATOR) == 1
