"""Who makes each encoding, which models use the other vendors' tokenizers, and how both display.

The model names of other vendors map to tokenizers by this table (OpenAI's come from tiktoken's).
A name is matched exactly, then by the longest prefix, in lower case and without a leading
organisation (``Qwen/Qwen3-8B`` is ``qwen3-8b``). ``Encodings`` and ``ModelTable`` are a list and a
dict that also show themselves as a table, so students can see what maps to what. Values are codes
(vendor ``"alibaba"``, encoding ``"qwen"``); labels are looked up when shown. Private to the core.

>>> vendor_model("Qwen/Qwen3-8B"), vendor_model("deepseek-reasoner"), vendor_model("gpt-4o")
('qwen', 'deepseek_v3', None)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _html
from ._i18n import N_, _

__all__ = [
    "VENDOR_MODELS",
    "VENDOR_PREFIXES",
    "NOT_SHIPPED",
    "vendor_model",
    "vendor_label",
    "note",
    "Encodings",
    "ModelTable",
]

# Model names shown in the table, each with its tokenizer (sources: see data/tokenizers/NOTICE and
# the lesson "Beyond OpenAI"; Mistral's from mistral-common's MODEL_NAME_TO_TOKENIZER_CLS).
VENDOR_MODELS: dict[str, str] = {
    # Alibaba's API names, mapped to Qwen's vocabulary as Alibaba's own SDK (dashscope) maps them.
    "qwen-turbo": "qwen",
    "qwen-plus": "qwen",
    "qwen-max": "qwen",
    # Qwen's open models, Qwen 1 to Qwen 3 (Qwen 1 numbered its special tokens differently).
    "qwen-7b-chat": "qwen",
    "qwen2.5-72b-instruct": "qwen",
    "qwq-32b": "qwen",
    "qwen3-8b": "qwen",
    "qwen3-235b-a22b": "qwen",
    "qwen3.5-27b": "qwen3.6",
    "qwen3.5-35b-a3b": "qwen3.6",
    "qwen3.6-27b": "qwen3.6",
    "qwen3.6-35b-a3b": "qwen3.6",
    # DeepSeek's API names and models: one vocabulary for V3, R1 and V4.
    "deepseek-chat": "deepseek_v3",
    "deepseek-reasoner": "deepseek_v3",
    "deepseek-v3": "deepseek_v3",
    "deepseek-r1": "deepseek_v3",
    "deepseek-v4-pro": "deepseek_v3",
    "deepseek-v4-flash": "deepseek_v3",
    # DeepSeek's current name (its pricing page, read 2026-12-03): V4.1-Flash, counted with V4's tokenizer.
    "deepseek-flash": "deepseek_v3",
    # Mistral's models with Tekken (tekken_240911 and tekken_240718 have the same vocabulary).
    "open-mistral-nemo": "tekken",
    "open-mistral-nemo-2407": "tekken",
    "ministral-8b-latest": "tekken",
    "ministral-8b-2410": "tekken",
    "pixtral-12b-2409": "tekken",
    "mistral-small-2409": "tekken",
}
# Other names of the same families, matched by their beginning (dated snapshots, sizes, -instruct).
VENDOR_PREFIXES: dict[str, str] = {
    "qwen3.6-": "qwen3.6",
    "qwen3.5-": "qwen3.6",
    "qwen3-": "qwen",
    "qwen2.5-": "qwen",
    "qwen2-": "qwen",
    "qwen1.5-": "qwen",
    "qwen-": "qwen",
    "qwq-": "qwen",
    "deepseek-v3": "deepseek_v3",
    "deepseek-r1": "deepseek_v3",
    "deepseek-v4": "deepseek_v3",
    "open-mistral-nemo": "tekken",
    "mistral-nemo": "tekken",
    "ministral-8b": "tekken",
    "pixtral-12b": "tekken",
}
_BY_LENGTH = sorted(VENDOR_PREFIXES, key=len, reverse=True)
# Models whose names begin like a family above but whose tokenizer tokenlab does not ship: DeepSeek's
# distilled R1 models are Qwen and Llama models fine-tuned by DeepSeek, with their base model's
# tokenizer as DeepSeek changed it (its special tokens). Name prefix -> the base model.
NOT_SHIPPED: dict[str, str] = {
    "deepseek-r1-distill-qwen": "Qwen 2.5",
    "deepseek-r1-distill-llama": "Llama 3",
    "deepseek-r1-0528-qwen3": "Qwen3",
}

_VENDOR_LABELS = {
    "openai": N_("OpenAI"),
    "alibaba": N_("Alibaba (Qwen)"),
    "deepseek": N_("DeepSeek"),
    "mistral": N_("Mistral AI"),
    "trained": N_("you (tokenlab.training)"),
}
_NOTES = {
    "qwen": N_(
        "Qwen 1 to Qwen 3. API names map here as Alibaba's own SDK maps them; which model an API name "
        "serves changes over time. Qwen 1 numbered its special tokens differently (same text ids)."
    ),
    "qwen3.6": N_(
        "Qwen 3.5 and 3.6. 201 vocabulary tokens are never produced: like Qwen's tokenizer.json, no merge makes them."
    ),
    "deepseek_v3": N_(
        "DeepSeek V3, R1 and V4 (deepseek-v4-flash, deepseek-v4-pro; earlier deepseek-chat, deepseek-reasoner): "
        "the same ids for text. The special tokens are V4's; V3 and R1 number <think> and a few others differently."
    ),
    "tekken": N_(
        "Mistral NeMo, Ministral 8B, Pixtral 12B, Mistral Small 24.09. Ids 0-999 are control tokens. "
        "Newer Mistral models ship tokenizer files of their own, which tokenlab does not have."
    ),
}


def vendor_model(model: str) -> str | None:
    """The tokenizer of another vendor's model name, or None (then it may be OpenAI's).

    A model whose tokenizer tokenlab does not ship, though its name begins like one it does
    (DeepSeek's distilled models), is a ``ValueError`` that says which tokenizer it uses.
    """
    name = model.strip().lower().rsplit("/", 1)[-1]
    base = next((NOT_SHIPPED[p] for p in NOT_SHIPPED if name.startswith(p)), None)
    if base is not None:
        raise ValueError(
            _(
                "{model} is {base} fine-tuned by DeepSeek (a distilled R1): it uses {base}'s tokenizer as DeepSeek "
                "changed it, which tokenlab does not ship (deepseek_v3 is not its tokenizer)"
            ).format(model=repr(model.strip()), base=base)
        )
    found = VENDOR_MODELS.get(name)
    if found is None:
        found = next((VENDOR_PREFIXES[p] for p in _BY_LENGTH if name.startswith(p)), None)
    return found


def vendor_label(code: str) -> str:
    """A vendor's name for display, e.g. ``"Alibaba (Qwen)"``."""
    return _(_VENDOR_LABELS[code]) if code in _VENDOR_LABELS else code


def note(encoding: str) -> str:
    """What a student should know about an encoding's model mapping ("" for none)."""
    return _(_NOTES[encoding]) if encoding in _NOTES else ""


class Encodings(list[str]):
    """Encoding names, a plain list; ``vendors`` says who made each, and Jupyter shows a table."""

    def __init__(self, names: list[str], vendors: dict[str, str], describe: Callable[[str], Any]) -> None:
        super().__init__(names)
        self.vendors = vendors
        self._describe = describe  # name -> its EncodingInfo, asked only when the table is drawn

    def _repr_html_(self) -> str:
        rows = [(name, vendor_label(self.vendors[name]), f"{self._describe(name).n_vocab:,}") for name in self]
        return _html.block(
            "encodings", _html.table(rows, head=[_("encoding"), _("vendor"), _("token ids")], align="llr")
        )


class ModelTable(dict[str, str]):
    """Model name -> encoding, a plain dict; Jupyter shows it as a table with each vendor and note."""

    def __init__(self, models: dict[str, str], vendors: dict[str, str]) -> None:
        super().__init__(models)
        self.vendors = vendors  # encoding -> vendor code

    def _repr_html_(self) -> str:
        rows = [(m, e, vendor_label(self.vendors.get(e, "openai"))) for m, e in self.items()]
        notes = [f"{name}: {note(name)}" for name in dict.fromkeys(self.values()) if note(name)]
        inner = _html.table(rows, head=[_("model"), _("encoding"), _("vendor")])
        return _html.block("models", inner + "".join(_html.note(n) for n in notes))
