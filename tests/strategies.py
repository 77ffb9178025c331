"""Hypothesis strategies for the texts that break tokenizers: many scripts, emoji, odd code points."""

from __future__ import annotations

from hypothesis import strategies as st

SNIPPETS = [
    "Hello, world!",
    " the",
    "  indented\n",
    "\r\n",
    "\t\t",
    "   ",
    "\n\n\n",
    "don't",
    "I'LL",
    "12345678",
    "3.14159",
    "$1,000.00",
    "e-mail@example.com",
    "snake_case_name",
    "CamelCase",
    "你好，世界",
    "人工智能",
    "漢字",
    "こんにちは",
    "カタカナ",
    "한국어",
    "Привет",
    "Ελληνικά",
    "مرحبا بالعالم",
    "שלום עולם",
    "नमस्ते",
    "தமிழ்",
    "ภาษาไทย",
    "မြန်မာ",
    "ខ្មែរ",
    "ქართული",
    "Հայերեն",
    "😀",
    "👍🏽",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈",
    "🇫🇷",
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
    "e\u0301",
    "n\u0303\u0323",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "\u200b",
    "\u200d",
    "\u202e",
    "\ufeff",
    "\u00a0",
    "\u3000",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "<|endoftext|>",
    "<|fim_prefix|>",
    "<|endofprompt|>",
    "<|im_start|>",
    "<|start|>",
    "<|reserved_200500|>",
    "<script>alert(1)</script>",
    "&amp;",
    '"quoted"',
    "\ud800",
    "\udfff",
    "\ud83d\ude00",
    "\U0010ffff",
]

# Any code point at all, lone surrogates included.
any_char = st.characters(codec=None, categories=None)

texts = st.lists(
    st.one_of(st.sampled_from(SNIPPETS), st.text(any_char, max_size=12), st.text(max_size=30)),
    max_size=12,
).map("".join)

# Texts without surrogates: every character has a UTF-8 form, so offsets map one to one.
clean_texts = texts.map(lambda t: "".join(c for c in t if not "\ud800" <= c <= "\udfff"))

# Text that NFC changes, of every kind Qwen's tokenizers normalize (with text around it): Hangul in
# NFD, CJK compatibility ideographs (U+F900..), kana with a combining voiced mark, Devanagari nukta
# letters (which NFC decomposes), Greek with dialytika and tonos, the Greek question mark U+037E,
# Arabic with tashkeel, and runs of combining marks in any order (which NFC reorders and composes).
_HANGUL = st.integers(0xAC00, 0xD7A3).map(lambda c: __import__("unicodedata").normalize("NFD", chr(c)))
_NFC_PIECES = st.one_of(
    st.lists(_HANGUL, min_size=1, max_size=6).map("".join),
    st.integers(0xF900, 0xFAD9).map(chr),
    st.integers(0x2F800, 0x2FA1D).map(chr),
    st.tuples(
        st.sampled_from("かきくけこさしすせそたちつてとはひふへほカキクケコハヒフヘホウ"),
        st.sampled_from("\u3099\u309a"),
    ).map("".join),
    st.integers(0x0958, 0x095F).map(chr),
    st.sampled_from(["\u0915\u093c", "\u0930\u093c", "\u0928\u093c", "\u09dc", "\u0a33", "\u0b5c", "\u0f43"]),
    st.sampled_from(["\u0390", "\u03b0", "\u03b9\u0308\u0301", "\u03c5\u0308\u0301", "\u1fd3", "\u0344", "\u0385"]),
    st.just("\u037e"),
    st.tuples(
        st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"),
        st.lists(st.sampled_from("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"), max_size=3).map("".join),
    ).map("".join),
    st.tuples(
        st.sampled_from("aeiouAEIOUnNcCsSzZ"), st.lists(st.integers(0x0300, 0x036F).map(chr), max_size=4).map("".join)
    ).map("".join),
    st.sampled_from(["\u212b", "\u2126", "\u212a", "\u1e9b\u0323", "\u1dfa\u0301", "a\u1dfa\u0301", "\u0f73"]),
)
nfc_changing = st.lists(
    st.one_of(_NFC_PIECES, _NFC_PIECES, st.sampled_from([" ", "  ", "\n", "abc", "123", "你好", "。", "!"])),
    min_size=1,
    max_size=14,
).map("".join)
