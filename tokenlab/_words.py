"""Words: counted where spaces separate them, and not guessed where they do not.

English, Russian, Hindi or Korean put spaces between words, so their words can be counted by
splitting at spaces. Chinese, Japanese, Thai, Lao, Khmer, Burmese and Tibetan do not: splitting
those at spaces would make a whole sentence one "word". tokenlab's one rule: a text holding any of
those scripts has no word count unless a segmenter finds the words (``languages.count_words`` uses
jieba, janome or pythainlp for whole languages). Private to tokenlab's core.

>>> spaced_words("Tokens are pieces of text."), spaced_words("词元是文本的片段。"), spaced_words("Hi 你好")
(5, None, None)
"""

from __future__ import annotations

import regex

__all__ = ["spaced_words", "UNSPACED"]

# Scripts written without spaces between words (Unicode script property names).
UNSPACED = ("Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar", "Tibetan")
_UNSPACED = regex.compile("[" + "".join(rf"\p{{{name}}}" for name in UNSPACED) + "]")


_last: tuple[str, int | None] = ("", 0)  # a comparison counts the same text once per encoding


def spaced_words(text: str) -> int | None:
    """How many space-separated words ``text`` has, or None if it holds a script without spaces."""
    global _last
    last = _last  # one read: another thread may replace it
    if text is last[0]:
        return last[1]
    words = None if not text.isascii() and _UNSPACED.search(text) is not None else len(text.split())
    if len(text) > 10_000:
        _last = (text, words)
    return words
