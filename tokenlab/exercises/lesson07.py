"""Lesson 07, beyond OpenAI: its exercise (a support answer counted under three vendors' tokenizers,
and the vendors' rules of thumb checked) and its predictions (which tokenizer is cheapest for
Chinese, the vendors' premiums, DeepSeek's rule, digits, code).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from .. import registry
from .._i18n import N_, language
from ..tokens import count, tokenize
from ._answers import Unreadable, count_of, number_of, text_of
from ._say import Say, quoted
from .exercise import Incomplete, Part, Spec, Wrong, define, parts
from .prediction import PredictionSpec, define_prediction

MODELS = ("deepseek-flash", "qwen-plus", "qwen3.6-plus", "gpt-5.4-mini")
# tokens per character: DeepSeek's rule, Model Studio's current one, and DashScope's older 1.5-1.8 characters
# per token (its middle, 1.65)
RULES = {"deepseek": ("deepseek-flash", 0.6), "bailian": ("qwen-plus", 1.0), "bailian_old": ("qwen-plus", 1 / 1.65)}


def _listed(items: Any) -> str:
    """Items in a list as the language in use writes one (、 between Chinese items)."""
    return ("、" if language().startswith("zh") else ", ").join(items)


def _counts(g: dict[str, Any]) -> dict[str, int]:
    return {m: count(g["answer"], model=m) for m in g["models"]}


def _model_of(value: object, models: tuple[str, ...], name: str) -> str:
    """A model of the exercise from its name or its tokenizer's (``deepseek_v3`` means deepseek-flash)."""
    text = text_of(value, name).strip()
    if text in models:
        return text
    for model in models:
        if text == registry.encoding_for_model(model):
            return model
    raise Unreadable(Say(N_("{value} is not one of {models}"), value=quoted(value), models=_listed(models)))


def _off(rate: float, characters: int, exact: int) -> float:
    return 100 * (rate * characters - exact) / exact


def _matches(value: float, percent: float) -> bool:
    """A percentage given as -12, 12 (by how much) or -0.12 (a fraction)."""
    return abs(abs(value) - abs(percent)) <= 1.5 or (abs(value) < 1.5 and abs(abs(100 * value) - abs(percent)) <= 1.5)


def check_vendors(answer: dict[str, Any], givens: dict[str, Any]) -> Say:
    text, models = givens["answer"], tuple(givens["models"])
    truth = _counts(givens)
    given = answer["counts"]
    if not isinstance(given, dict):
        raise Unreadable(
            Say(
                N_("counts is a dict of model name -> tokens, such as {example}; not {value}"),
                example="{'gpt-5.4-mini': 28}",
                value=quoted(given),
            )
        )
    counts: dict[str, int] = {}
    for key, value in given.items():
        counts[_model_of(key, models, "a key of counts")] = count_of(value, f"counts[{key!r}]")
    for model in models:
        if model not in counts:
            raise Incomplete(Say(N_("Count it with {model} too, then check again."), model=model))
        if counts[model] != truth[model]:
            others = [m for m in models if m != model and truth[m] == counts[model]]
            if others:
                raise Wrong(
                    Say(
                        N_("{n} is {other}'s count, not {model}'s: each vendor has its own tokenizer."),
                        n=counts[model],
                        other=others[0],
                        model=model,
                    ),
                    "wrong-tokenizer",
                )
            if counts[model] == len(text):
                raise Wrong(
                    Say(N_("{n} is the number of characters, not of {model}'s tokens."), n=counts[model], model=model),
                    "characters",
                )
            raise Wrong(Say(N_("the text is not {n} tokens for {model}."), n=counts[model], model=model), "count")
    cheapest = _model_of(answer["cheapest"], models, "cheapest")
    fewest = min(truth.values())
    if truth[cheapest] != fewest:
        best = [m for m in models if truth[m] == fewest]
        raise Wrong(
            Say(
                N_("{model} needs {n}, but {best} needs {fewest}."),
                model=cheapest,
                n=truth[cheapest],
                best=best[0],
                fewest=fewest,
            ),
            "cheapest",
        )
    said = []
    for rule in givens["rules"]:
        name = f"{rule}_off"
        if name not in answer:
            raise Incomplete(Say(N_("Fill in {name} too, then check again."), name=name))
        model, rate = RULES[rule]
        value, percent = number_of(answer[name], name), _off(rate, len(text), truth[model])
        if not _matches(value, percent):
            han = sum(1 for ch in text if unicodedata.name(ch, "").startswith("CJK UNIFIED"))
            if _matches(value, _off(rate, han, truth[model])):
                raise Wrong(
                    Say(
                        N_(
                            "{name}: that counts the Chinese characters only; the rule counts every "
                            "character, punctuation included."
                        ),
                        name=name,
                    ),
                    "punctuation-left-out",
                )
            estimate = rate * len(text)
            if rule == "bailian_old" and _matches(value, _off(1.65, len(text), truth[model])):
                raise Wrong(
                    Say(
                        N_("{name}: the older rule is characters per token: divide the characters by 1.65."),
                        name=name,
                    ),
                    "rate-upside-down",
                )
            if _matches(value, 100 * (estimate - truth[model]) / estimate):
                raise Wrong(
                    Say(
                        N_("{name}: that divides by the estimate; divide the difference by the exact count."), name=name
                    ),
                    "divided-by-estimate",
                )
            raise Wrong(
                Say(
                    N_(
                        "{name}: the rule gives {estimate:.0f} for {model}'s {exact}, off by "
                        "{percent:+.0f}%, not {value:g}."
                    ),
                    name=name,
                    estimate=rate * len(text),
                    model=model,
                    exact=truth[model],
                    percent=percent,
                    value=value,
                ),
                "off",
            )
        said.append(f"{rule} {percent:+.0f}%")
    return Say(
        N_("{counts}; the cheapest is {cheapest}; the rules are off by {offs}."),
        counts=_listed(f"{m} {n}" for m, n in truth.items()),
        cheapest=cheapest,
        offs=_listed(said),
    )


def _parts(g: dict[str, Any]) -> tuple[Part, ...]:
    names = {
        "deepseek": N_("by how much DeepSeek's rule is off, in %"),
        "bailian": N_("by how much Alibaba Cloud's rule is off, in %"),
        "bailian_old": N_("by how much Alibaba Cloud's older rule is off, in %"),
    }
    return parts(
        ("counts", N_("a dict: model name -> tokens")),
        ("cheapest", N_("the model whose tokenizer needs fewest")),
        *((f"{rule}_off", names[rule]) for rule in g["rules"]),
    )


ANSWER = "您好！您的订单已于今天下午发货，预计三天内送达。如有任何问题，请随时联系我们的客服。"

define(
    Spec(
        id="07.vendors",
        title=N_("One answer under four models' tokenizers, and the vendors' rules of thumb"),
        prompt=N_(
            "A support bot answers in Chinese; a typical answer is given. Count it with the tokenizer behind "
            "`deepseek-flash`, `qwen-plus`, `qwen3.6-plus` and `gpt-5.4-mini`: which needs the fewest tokens? Then "
            "estimate it with DeepSeek's rule of thumb (0.6 token per Chinese character) and Alibaba's two rules "
            "(one character per token; the older 1.5 to 1.8 characters per token, take 1.65), counting every "
            "character, punctuation included. By how much is each rule off?"
        ),
        parts=_parts,
        givens={"en": {"answer": ANSWER, "models": MODELS, "rules": ("deepseek", "bailian", "bailian_old")}},
        check=check_vendors,
        hint=N_(
            "tokenlab.count(answer, model=...) counts with the model's own tokenizer; a "
            "rule's estimate is rate × len(answer)."
        ),
        mistakes={
            "wrong-tokenizer": N_(
                "Give each model's name to tokenlab.count(..., model=...): the name picks the vendor's tokenizer."
            ),
            "characters": N_("len() counts characters; tokenlab.count() counts tokens."),
            "count": N_("Count the answer text exactly as given, with tokenlab.count(answer, model=...)."),
            "cheapest": N_("The cheapest in tokens is the model whose count is smallest."),
            "punctuation-left-out": N_("Count every character: len(answer)."),
            "rate-upside-down": N_("1.65 characters per token: the estimate is len(answer) / 1.65 tokens."),
            "divided-by-estimate": N_("How far a rule is off: (estimate − exact) ÷ exact, in percent."),
            "off": N_("Estimate = rate × len(answer); off by 100 × (estimate − exact) ÷ exact percent."),
        },
        explain=N_("Count with each model name, then compare rate × the number of characters with the exact count."),
        solution=(
            "counts = {model: tokenlab.count(answer, model=model) for model in "
            '["deepseek-flash", "qwen-plus", "qwen3.6-plus", "gpt-5.4-mini"]}\n'
            "cheapest = min(counts, key=counts.get)\n"
            'deepseek_off = 100 * (0.6 * len(answer) - counts["deepseek-flash"]) / counts["deepseek-flash"]\n'
            'bailian_off = 100 * (len(answer) / 1.0 - counts["qwen-plus"]) / counts["qwen-plus"]\n'
            'bailian_old_off = 100 * (len(answer) / 1.65 - counts["qwen-plus"]) / counts["qwen-plus"]\n'
        ),
        truth=lambda g: {
            "counts": _counts(g),
            "cheapest": min(_counts(g), key=_counts(g).__getitem__),
            **{f"{r}_off": round(_off(RULES[r][1], len(g["answer"]), _counts(g)[RULES[r][0]]), 1) for r in g["rules"]},
        },
        variables=("answer",),
    )
)

# --- Predictions ---------------------------------------------------------------------------------

VENDORS = ("o200k_base", "qwen", "deepseek_v3", "tekken")


def _vendor_counts(text: str, encodings: tuple[str, ...]) -> dict[str, int]:
    return {e: count(text, encoding=e) for e in encodings}


define_prediction(
    PredictionSpec(
        id="07.fewest",
        question=N_("Which tokenizer needs the fewest tokens for: {sentence}"),
        kind="choice",
        givens={"en": {"sentence": "分词器因厂商而异，同一句话的词元数也不同。", "encodings": VENDORS}},
        choices=lambda g: {e: e for e in g["encodings"]},
        translate_choices=False,
        truth=lambda g: min(g["encodings"], key=lambda e: count(g["sentence"], encoding=e)),
        reason=lambda truth, g: Say(
            N_(
                "{counts}: the tokenizer whose vocabulary holds more Chinese words and characters "
                "as single tokens needs fewer tokens for it."
            ),
            counts=_listed(f"{e} {n}" for e, n in _vendor_counts(g["sentence"], g["encodings"]).items()),
        ),
    )
)


def _premiums(g: dict[str, Any]) -> dict[str, float]:
    from ..languages import premiums

    table = premiums(encodings=g["encodings"])
    return {e: float(table.loc[g["language"], f"{e} premium"]) for e in g["encodings"]}


define_prediction(
    PredictionSpec(
        id="07.premium",
        question=N_(
            "Is Chinese's premium lower under Qwen's and DeepSeek's tokenizers than under OpenAI's o200k_base?"
        ),
        kind="choice",
        givens={"en": {"language": "cmn_hans", "encodings": ("o200k_base", "qwen", "deepseek_v3")}},
        choices=lambda g: {"yes": N_("yes, under both"), "no": N_("no")},
        truth=lambda g: (
            "yes" if all(p < _premiums(g)["o200k_base"] for e, p in _premiums(g).items() if e != "o200k_base") else "no"
        ),
        reason=lambda truth, g: Say(
            N_(
                "Chinese's premium (English = 1): {premiums}. Each tokenizer is cheapest for the "
                "languages it was trained on most."
            ),
            premiums=_listed(f"{e} {p:.2f}" for e, p in _premiums(g).items()),
        ),
    )
)


def _measured(g: dict[str, Any]) -> float:
    from ..languages import premiums

    row = premiums(encodings=[g["encoding"]]).loc[g["language"]]
    return float(row[f"{g['encoding']} tokens"]) / float(row["characters"])


define_prediction(
    PredictionSpec(
        id="07.rule",
        question=N_(
            "DeepSeek says 1 Chinese character ≈ {rule} token. On the Chinese Declaration, "
            "is that too high, too low or about right?"
        ),
        kind="choice",
        givens={"en": {"rule": 0.6, "language": "cmn_hans", "encoding": "deepseek_v3"}},
        choices=lambda g: {
            "too-high": N_("too high"),
            "too-low": N_("too low"),
            "about-right": N_("about right (within 10%)"),
        },
        truth=lambda g: (
            "too-high"
            if g["rule"] > 1.1 * _measured(g)
            else "too-low"
            if g["rule"] < 0.9 * _measured(g)
            else "about-right"
        ),
        reason=lambda truth, g: Say(
            N_(
                "Measured: {measured:.2f} token per character. A rule of thumb is one number for "
                "every text; a generous one is safer for a budget."
            ),
            measured=_measured(g),
        ),
    )
)


define_prediction(
    PredictionSpec(
        id="07.digits",
        question=N_("How many tokens is {text} under {encoding}?"),
        kind="number",
        unit="token",
        givens={
            "en": {"text": "1234567", "encoding": "qwen"},
            "zh_CN": {"text": "13800138000 ¥1234.56", "encoding": "qwen"},
        },
        truth=lambda g: count(g["text"], encoding=g["encoding"]),
        reason=lambda truth, g: Say(
            N_("{encoding} cuts it as {pieces}."),
            encoding=g["encoding"],
            pieces=" | ".join(t.text for t in tokenize(g["text"], encoding=g["encoding"])),
        ),
    )
)


def _spread(text: str, encodings: tuple[str, ...]) -> float:
    counts = _vendor_counts(text, encodings)
    return max(counts.values()) / min(counts.values())


CODE = '''def area(radius):
    """The area of a circle."""
    return 3.14159 * radius ** 2
'''

CODE_ZH = """def area(radius):
    # 圆的面积
    return 3.14159 * radius ** 2
"""

define_prediction(
    PredictionSpec(
        id="07.code",
        question=N_("Do the four tokenizers differ as much on a few lines of code as on a Chinese sentence?"),
        kind="choice",
        givens={
            "en": {"code": CODE, "sentence": "分词器因厂商而异，同一句话的词元数也不同。", "encodings": VENDORS},
            "zh_CN": {"code": CODE_ZH, "sentence": "分词器因厂商而异，同一句话的词元数也不同。", "encodings": VENDORS},
        },
        choices=lambda g: {"less": N_("less on code"), "as-much": N_("about as much"), "more": N_("more on code")},
        truth=lambda g: (
            "less"
            if _spread(g["code"], g["encodings"]) < 0.9 * _spread(g["sentence"], g["encodings"])
            else "more"
            if _spread(g["code"], g["encodings"]) > 1.1 * _spread(g["sentence"], g["encodings"])
            else "as-much"
        ),
        reason=lambda truth, g: Say(
            N_("The most tokens over the fewest: {code:.2f} on the code, {chinese:.2f} on the Chinese sentence."),
            code=_spread(g["code"], g["encodings"]),
            chinese=_spread(g["sentence"], g["encodings"]),
        ),
    )
)


def _zh_vs_en(g: dict[str, Any]) -> dict[str, tuple[int, int]]:
    from ..corpus import load_corpus

    udhr = load_corpus()
    return {m: (count(udhr["cmn_hans"].text, model=m), count(udhr["eng"].text, model=m)) for m in g["models"]}


def _cheaper_in_chinese(g: dict[str, Any]) -> str:
    cheaper = {m for m, (zh, en) in _zh_vs_en(g).items() if zh < en}
    chinese_vendors = {
        m for m in g["models"] if registry.vendor(registry.encoding_for_model(m)) in ("alibaba", "deepseek")
    }
    if cheaper == set(g["models"]):
        return "all"
    if not cheaper:
        return "none"
    return "chinese-vendors" if cheaper == chinese_vendors else "others" if not cheaper & chinese_vendors else "mixed"


define_prediction(
    PredictionSpec(
        id="07.english",
        question=N_(
            "At one vendor a token costs the same in every language. Where is the Chinese Declaration's input "
            "cheaper than the English one's?"
        ),
        kind="choice",
        givens={"en": {"models": ("gpt-5.4-mini", "deepseek-flash", "qwen-plus", "qwen3.6-plus", "tekken")}},
        choices=lambda g: {
            "chinese-vendors": N_("at DeepSeek and Qwen only"),
            "others": N_("at OpenAI and Mistral only"),
            "all": N_("at every vendor"),
            "none": N_("at none"),
            "mixed": N_("at some other mix"),
        },
        truth=_cheaper_in_chinese,
        reason=lambda truth, g: Say(
            N_("Chinese against English, in tokens: {counts}. Fewer tokens, a smaller input bill."),
            counts=_listed(f"{m} {zh:,}/{en:,}" for m, (zh, en) in _zh_vs_en(g).items()),
        ),
    )
)
