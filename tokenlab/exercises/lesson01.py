"""Lesson 01, what a token is: its exercise (a word that only the newer encoding has whole) and
its predictions (bytes, the first merge, vocabulary sizes, merges, 学习 with and without a space before
it, English against Chinese, Traditional characters, full-width punctuation, digits).

>>> from tokenlab.exercises import exercise
>>> exercise("01.word").check("pandemic").mistake
'leading-space'
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any

from .. import bpe, registry
from .._i18n import N_, language, ngettext
from ..tokens import count, tokenize
from ._answers import text_of
from ._say import Later, Say, counted, quoted
from .exercise import Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

OLD, NEW = "r50k_base", "o200k_base"
CANDIDATES = {
    "latin": [" internet", " covid", " pandemic", " Kubernetes", " ChatGPT", " smartphone"],
    "han": ["人工", "智能", "学习", "手机", "微信", "二维码", "元宇宙", "躺平"],
}


def _han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def _latin(ch: str) -> bool:
    return (ch.isascii() and ch.isalpha()) or ch in "-'"


def _passes(word: str, old: str, new: str) -> bool:
    return count(word, encoding=new) == 1 < count(word, encoding=old)


def check_word(answer: dict[str, Any], givens: dict[str, Any]) -> Say:
    word = text_of(answer["word"], "word")
    old, new, script = givens["old"], givens["new"], givens["script"]
    shown = quoted(word)
    if not word.strip():
        raise Wrong(Say(N_("the word is empty: type one between the quotes")), "empty")
    core = word[1:] if word.startswith(" ") else word
    if len(core) > 30 or any(ch.isspace() for ch in core):
        raise Wrong(
            Say(N_("{word} is not one word: type a single word (a space before it is fine)"), word=shown), "not-a-word"
        )
    if script == "latin" and not all(map(_latin, core)):
        raise Wrong(Say(N_("{word} is not an English word: use the letters a to z"), word=shown), "wrong-script")
    if script == "han" and not all(map(_han, core)):
        raise Wrong(Say(N_("{word} is not a Chinese word: use Chinese characters only"), word=shown), "wrong-script")
    n_new, n_old = count(word, encoding=new), count(word, encoding=old)
    said = {"word": shown, "old": old, "new": new, "in_new": counted(n_new, "token"), "in_old": counted(n_old, "token")}
    if n_new == 1 < n_old:
        return Say(N_("{word} is {in_new} in {new} and {in_old} in {old}."), **said)
    if script == "latin" and not word.startswith(" ") and _passes(" " + word, old, new):
        raise Wrong(
            Say(N_("{word} is {in_new} in {new} and {in_old} in {old}, counted without the space before it."), **said),
            "leading-space",
        )
    if script == "han" and len(core) == 1 and n_new == 1:
        raise Wrong(
            Say(N_("{word} is {in_new} in {new} and {in_old} in {old}: a single character, not a word."), **said),
            "one-character",
        )
    if n_new == 1 and n_old == 1:
        raise Wrong(
            Say(N_("{word} is {in_new} in {new} and in {old} too: the old encoding already had it."), **said),
            "known-to-old",
        )
    if n_old == 1:
        raise Wrong(
            Say(N_("the other way round: {word} is {in_old} in {old} and {in_new} in {new}."), **said), "reversed"
        )
    raise Wrong(
        Say(N_("{word} is {in_new} in {new}: it must be one token there (and several in {old})."), **said),
        "several-in-new",
    )


def word_truth(givens: dict[str, Any]) -> dict[str, Any]:
    found = [w for w in CANDIDATES[givens["script"]] if _passes(w, givens["old"], givens["new"])]
    return {"word": found[0] if found else None}


define(
    Spec(
        id="01.word",
        title={
            "en": N_("An English word that is one token in o200k_base and several in r50k_base"),
            "zh_CN": N_("A Chinese word that is one token in o200k_base and several in r50k_base"),
        },
        prompt={
            "en": N_(
                "Find an English word that is **one token** in `o200k_base` but **several tokens** in `r50k_base`. "
                'Remember that most tokens start with a space: count `" pandemic"`, not `"pandemic"`.'
            ),
            "zh_CN": N_(
                "Find a Chinese word that is **one token** in `o200k_base` but **several tokens** in `r50k_base`."
            ),
        },
        parts=parts(
            ("word", N_("the word, in quotes")),
        ),
        givens={
            "en": {"script": "latin", "old": OLD, "new": NEW},
            "zh_CN": {"script": "han", "old": OLD, "new": NEW},
        },
        check=check_word,
        hint={
            "en": N_(
                "Try words that became common after 2019, or names from technology, each with the space before it."
            ),
            "zh_CN": N_(
                "Try the commonest two-character words first. Very new slang may fail: an encoding has whole "
                "tokens only for what was common in the text it learned from."
            ),
        },
        mistakes={
            "leading-space": N_(
                'In a sentence a word comes after a space, and most tokens start with one: count " word", not "word".'
            ),
            "known-to-old": N_("Older words were common before GPT-3: try a word that became common later."),
            "several-in-new": N_("Pick a more common word: o200k_base has whole tokens only for text it saw often."),
            "reversed": N_(
                "The word must be one token in the new encoding (o200k_base), several in the old one (r50k_base)."
            ),
            "one-character": N_(
                "Many single characters are whole tokens in both encodings: try a common word of two characters."
            ),
            "wrong-script": N_("The exercise asks for a word in the language of the lesson."),
            "not-a-word": N_("One word only: the exercise is about how one word is cut."),
            "empty": N_('Put a word between the quotes, for example word = " pandemic".'),
        },
        explain=N_(
            "Count a few candidates in both encodings and keep one that is one token in the new and more in the old."
        ),
        solution={
            "en": (
                'candidates = [" internet", " covid", " pandemic", " Kubernetes", " ChatGPT", " smartphone"]\n'
                'word = next(w for w in candidates if tokenlab.count(w, encoding="o200k_base") == 1 < '
                'tokenlab.count(w, encoding="r50k_base"))\n'
            ),
            "zh_CN": (
                'candidates = ["人工", "智能", "学习", "手机", "微信", "二维码", "元宇宙", "躺平"]\n'
                'word = next(w for w in candidates if tokenlab.count(w, encoding="o200k_base") == 1 < '
                'tokenlab.count(w, encoding="r50k_base"))\n'
            ),
        },
        truth=word_truth,
        variant=lambda g: "zh_CN" if g.get("script") == "han" else "en",
    )
)

# --- Predictions ---------------------------------------------------------------------------------

_SPACE = "·"


def _list(items: list[str]) -> str:
    """Items as a list reads in the language in use: "a, b" or "a、b"."""
    return ("、" if language().startswith("zh") else ", ").join(items)


def _bytes_reason(truth: Any, givens: dict[str, Any]) -> Say:
    sizes: dict[int, list[str]] = {}
    for ch in dict.fromkeys(givens["text"]):
        sizes.setdefault(len(ch.encode("utf-8")), []).append(ch)

    def shown(ch: str) -> str:
        # punctuation is quoted, so that a listed "，" is not read as the list's own separator
        if ch == " ":
            return _SPACE
        if not unicodedata.category(ch).startswith("P"):
            return ch
        return f"“{ch}”" if language().startswith("zh") else f'"{ch}"'

    def group(n: int, chars: list[str]) -> Later:
        return Later(
            lambda: ngettext("{n} byte each: {chars}", "{n} bytes each: {chars}", n).format(
                n=n, chars=_list([shown(ch) for ch in chars])
            )
        )

    groups = [group(n, chars) for n, chars in sorted(sizes.items())]
    return Say(
        N_("{groups}."), groups=Later(lambda: ("；" if language().startswith("zh") else "; ").join(map(str, groups)))
    )


define_prediction(
    PredictionSpec(
        id="01.bytes",
        question=N_('How many bytes does "{text}" take in UTF-8?'),
        kind="number",
        unit="byte",
        givens={"en": {"text": "Hi 你好 👋"}},
        truth=lambda g: len(g["text"].encode("utf-8")),
        reason=_bytes_reason,
    )
)


def _pieces(givens: dict[str, Any]) -> list[bytes]:
    import regex

    steps = bpe.train(givens["training_text"], merges=1)
    return [p.encode("utf-8") for p in regex.findall(steps.pat_str, givens["training_text"])]


def _pair_code(left: bytes, right: bytes) -> str:
    return f"{left.hex()}-{right.hex()}"


def _first_pairs(givens: dict[str, Any]) -> dict[str, str]:
    """The four pairs of neighbouring bytes seen most often (inside the pieces BPE trains on)."""
    pairs: Counter[tuple[bytes, bytes]] = Counter()
    for piece in _pieces(givens):
        pairs.update((piece[i : i + 1], piece[i + 1 : i + 2]) for i in range(len(piece) - 1))
    top = sorted(pairs, key=lambda p: (-pairs[p], p))[:4]
    return {_pair_code(a, b): f"{bpe.shown(a)} + {bpe.shown(b)}" for a, b in sorted(top)}


def _first_merge(givens: dict[str, Any]) -> str:
    merge = bpe.train(givens["training_text"], merges=1).merges[0]
    return _pair_code(merge.left, merge.right)


def _first_reason(truth: Any, givens: dict[str, Any]) -> Say:
    left, right = (bytes.fromhex(h) for h in str(truth).split("-"))
    seen = sum(piece.count(left + right) for piece in _pieces(givens))
    return Say(
        N_("{pair} comes {n} times in the training text, more than any other pair, so BPE merges it first."),
        pair=f"{bpe.shown(left)} + {bpe.shown(right)}",
        n=seen,
    )


define_prediction(
    PredictionSpec(
        id="01.first-merge",
        question=N_("Which pair will BPE merge first in: {training_text}"),
        kind="choice",
        givens={"en": {"training_text": "the cat sat on the mat, the cat ate the rat, the rat ran"}},
        choices=_first_pairs,
        translate_choices=False,
        truth=_first_merge,
        reason=_first_reason,
    )
)


def _within_character(givens: dict[str, Any]) -> str:
    token = bpe.train(givens["training_text"], merges=1).merges[0].token
    try:
        text = token.decode("utf-8")
    except UnicodeDecodeError:
        return "same-character"
    return "two-characters" if len(text) == 2 and all(map(_han, text)) else "other"


define_prediction(
    PredictionSpec(
        id="01.first-merge-bytes",
        question=N_("A Chinese character is 3 bytes. What will BPE merge first in: {training_text}"),
        kind="choice",
        givens={"en": {"training_text": "我爱北京天安门，天安门上太阳升。我爱北京，北京爱我。"}},
        choices=lambda g: {
            "same-character": N_("two bytes of the same character"),
            "two-characters": N_("two whole characters"),
            "other": N_("a character and a punctuation mark"),
        },
        truth=_within_character,
        reason=lambda truth, g: (
            Say(
                N_(
                    "The first merge makes {token}: the pair seen most often is inside a character, "
                    "since its bytes always come together."
                ),
                token=bpe.shown(bpe.train(g["training_text"], merges=1).merges[0].token),
            )
            if truth == "same-character"
            else Say(
                N_("The first merge makes {token}."),
                token=bpe.shown(bpe.train(g["training_text"], merges=1).merges[0].token),
            )
        ),
    )
)


define_prediction(
    PredictionSpec(
        id="01.vocab",
        question=N_("About how many token ids does {encoding} have?"),
        kind="number",
        unit=None,  # ids, not tokens: n_vocab counts the special tokens' ids too
        within=0.25,
        givens={"en": {"encoding": NEW}},
        truth=lambda g: registry.encoding_info(g["encoding"]).n_vocab,
        reason=lambda truth, g: Say(
            N_(
                "{encoding} has {n:,} token ids; r50k_base (GPT-3) has {r50k:,} and cl100k_base (GPT-4) "
                "{cl100k:,}: each generation about doubled its vocabulary."
            ),
            encoding=g["encoding"],
            n=int(truth),
            r50k=registry.encoding_info("r50k_base").n_vocab,
            cl100k=registry.encoding_info("cl100k_base").n_vocab,
        ),
    )
)


def _merges(givens: dict[str, Any]) -> int:
    return len(givens["text"].encode("utf-8")) - count(givens["text"], encoding=givens["encoding"])


define_prediction(
    PredictionSpec(
        id="01.merges",
        question=N_("How many merges build {text!r} ({bytes} bytes) into its tokens in {encoding}?"),
        kind="number",
        unit="merge",
        givens={"en": {"text": " learning", "encoding": NEW}},
        words=lambda g: {"bytes": len(g["text"].encode("utf-8"))},
        truth=_merges,
        reason=lambda truth, g: Say(
            N_("Each merge turns two parts into one: {b} become {t} after {m} merges."),
            b=counted(len(g["text"].encode("utf-8")), "byte"),
            t=counted(count(g["text"], encoding=g["encoding"]), "token"),
            m=int(truth),
        ),
    )
)


def _one_token_where(givens: dict[str, Any]) -> str:
    new = count(givens["word"], encoding=givens["new"]) == 1
    old = count(givens["word"], encoding=givens["old"]) == 1
    return {(True, True): "both", (True, False): "new-only", (False, True): "old-only", (False, False): "neither"}[
        (new, old)
    ]


define_prediction(
    PredictionSpec(
        id="01.xuexi",
        question=N_("Is {word} one token in {new}? And in {old}?"),
        kind="choice",
        givens={"en": {"word": "学习", "old": OLD, "new": NEW}},
        choices=lambda g: {
            "both": N_("one token in both"),
            "new-only": N_("one token in the new encoding only"),
            "old-only": N_("one token in the old encoding only"),
            "neither": N_("one token in neither"),
        },
        truth=_one_token_where,
        reason=lambda truth, g: Say(
            N_(
                "{word} is {in_new} in {new} and {in_old} in {old}: an encoding has whole tokens "
                "for what it saw often while it was built."
            ),
            word=g["word"],
            new=g["new"],
            old=g["old"],
            in_new=counted(count(g["word"], encoding=g["new"]), "token"),
            in_old=counted(count(g["word"], encoding=g["old"]), "token"),
        ),
    )
)


def _underlined_share(givens: dict[str, Any]) -> float:
    from ..compare import compare

    text = givens["chinese"]
    marked: set[int] = set()
    for spans in compare(text).differences().values():
        for start, end in spans:
            marked.update(range(start, end))
    return len(marked) / max(1, len(text))


def _underlined(givens: dict[str, Any]) -> str:
    share = _underlined_share(givens)
    return "none" if share == 0 else "all" if share == 1 else "most" if share >= 0.5 else "some"


define_prediction(
    PredictionSpec(
        id="01.underlined",
        question=N_("How much of the Chinese sentence will be underlined (cut differently by the three encodings)?"),
        kind="choice",
        givens={"en": {"chinese": "人工智能正在改变我们的学习方式。"}},
        choices=lambda g: {
            "none": N_("none of it"),
            "some": N_("less than half"),
            "most": N_("half or more"),
            "all": N_("all of it"),
        },
        truth=_underlined,
        reason=lambda truth, g: Say(
            N_(
                "{share:.0%} of its characters are underlined: the three encodings learned very "
                "different tokens for Chinese."
            ),
            share=_underlined_share(g),
        ),
    )
)


def _which_longer(givens: dict[str, Any]) -> str:
    en, zh = (
        count(givens["english"], encoding=givens["encoding"]),
        count(givens["chinese"], encoding=givens["encoding"]),
    )
    return "same" if en == zh else "chinese" if zh > en else "english"


define_prediction(
    PredictionSpec(
        id="01.longer",
        question=N_("Under {encoding}, which takes more tokens: the English sentence or its Chinese translation?"),
        kind="choice",
        givens={
            "en": {
                "english": "Artificial intelligence is changing how we learn.",
                "chinese": "人工智能正在改变我们的学习方式。",
                "encoding": NEW,
            }
        },
        choices=lambda g: {
            "english": N_("the English one"),
            "chinese": N_("the Chinese one"),
            "same": N_("the same number"),
        },
        truth=_which_longer,
        reason=lambda truth, g: Say(
            N_(
                "English {en}, Chinese {zh} under {encoding}: for the same meaning, the newest "
                "encoding needs about as many tokens in both."
            ),
            en=counted(count(g["english"], encoding=g["encoding"]), "token"),
            zh=counted(count(g["chinese"], encoding=g["encoding"]), "token"),
            encoding=g["encoding"],
        ),
    )
)


def _traditional(givens: dict[str, Any]) -> str:
    s, t = (
        count(givens["simplified"], encoding=givens["encoding"]),
        count(givens["traditional"], encoding=givens["encoding"]),
    )
    return "same" if s == t else "more" if t > s else "fewer"


define_prediction(
    PredictionSpec(
        id="01.traditional",
        question=N_(
            "Written in Traditional characters, does the same sentence take more tokens than "
            "in Simplified ({encoding})?"
        ),
        kind="choice",
        givens={
            "en": {
                "simplified": "人工智能正在改变我们的学习方式。",
                "traditional": "人工智能正在改變我們的學習方式。",
                "encoding": NEW,
            }
        },
        choices=lambda g: {"more": N_("more"), "same": N_("as many"), "fewer": N_("fewer")},
        truth=_traditional,
        reason=lambda truth, g: Say(
            N_(
                "Simplified {s}, Traditional {t} under {encoding}: an encoding has whole tokens "
                "for the characters and words it saw often."
            ),
            s=counted(count(g["simplified"], encoding=g["encoding"]), "token"),
            t=counted(count(g["traditional"], encoding=g["encoding"]), "token"),
            encoding=g["encoding"],
        ),
    )
)


define_prediction(
    PredictionSpec(
        id="01.digits",
        question=N_("How many tokens is the number {number} in {encoding}?"),
        kind="number",
        unit="token",
        givens={"en": {"number": "2025", "encoding": NEW}},
        truth=lambda g: count(g["number"], encoding=g["encoding"]),
        reason=lambda truth, g: (
            Say(
                N_("{encoding} cuts it as {pieces}: it puts up to three digits in one token."),
                encoding=g["encoding"],
                pieces=_cut(g["number"], g["encoding"]),
            )
            if "{1,3}" in registry.encoding_info(g["encoding"]).pattern
            else Say(
                N_("{encoding} cuts it as {pieces}."),
                encoding=g["encoding"],
                pieces=_cut(g["number"], g["encoding"]),
            )
        ),
    )
)


def _cut(text: str, encoding: str) -> str:
    """How ``encoding`` cuts ``text``: "·学 | 习" (a space shown as ·)."""
    return " | ".join(t.text.replace(" ", _SPACE) for t in tokenize(text, encoding=encoding))


def _spaced_reason(truth: Any, givens: dict[str, Any]) -> Say:
    said = {
        "encoding": givens["encoding"],
        "word": givens["word"],
        "pieces": _cut(" " + givens["word"], givens["encoding"]),
    }
    if int(truth) > 1:
        return Say(
            N_(
                "{encoding} cuts it as {pieces}: the space goes with the word after it, and the encoding has "
                "no token for {word} with a space before it."
            ),
            **said,
        )
    return Say(N_("{encoding} has a token for {word} with its space: {pieces}."), **said)


define_prediction(
    PredictionSpec(
        id="01.space",
        question=N_("{word} alone is one token in {encoding}. How many tokens is it with a space before it?"),
        kind="number",
        unit="token",
        givens={"en": {"word": "学习", "encoding": NEW}},
        truth=lambda g: count(" " + g["word"], encoding=g["encoding"]),
        reason=_spaced_reason,
    )
)


def _fullwidth(givens: dict[str, Any]) -> str:
    full, half = (count(givens[k], encoding=givens["encoding"]) for k in ("full", "half"))
    return "same" if full == half else "more" if full > half else "fewer"


def _fullwidth_reason(truth: Any, givens: dict[str, Any]) -> Say:
    said = {
        "full": givens["full"],
        "half": givens["half"],
        "encoding": givens["encoding"],
        "full_bytes": counted(len(givens["full"].encode("utf-8")), "byte"),
        "half_bytes": counted(len(givens["half"].encode("utf-8")), "byte"),
        "full_tokens": counted(count(givens["full"], encoding=givens["encoding"]), "token"),
        "half_tokens": counted(count(givens["half"], encoding=givens["encoding"]), "token"),
    }
    if truth == "same":
        return Say(
            N_(
                "{full}: {full_bytes}, {full_tokens}; {half}: {half_bytes}, {half_tokens} ({encoding}). "
                "More bytes, not more tokens: the encoding learned the full-width marks as tokens of their own."
            ),
            **said,
        )
    return Say(N_("{full}: {full_bytes}, {full_tokens}; {half}: {half_bytes}, {half_tokens} ({encoding})."), **said)


define_prediction(
    PredictionSpec(
        id="01.fullwidth",
        question=N_(
            "Full-width punctuation takes more bytes. In {encoding}, does {full} take more tokens than {half}?"
        ),
        kind="choice",
        givens={"en": {"full": "你好，世界。", "half": "你好,世界.", "encoding": NEW}},
        choices=lambda g: {"more": N_("more"), "same": N_("as many"), "fewer": N_("fewer")},
        truth=_fullwidth,
        reason=_fullwidth_reason,
    )
)
