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
