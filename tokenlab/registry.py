"""Names -> tokenizers: which encodings exist, which model uses which, and loading them, offline.

This is the one place that lists the encodings and the defaults; everything else asks it. Each
encoding loads once per process, lazily, from files shipped in the package: OpenAI's (see
``_shipped``) with tiktoken's own constructors, so their patterns, special tokens and hashes are
tiktoken's; other vendors' (Qwen, DeepSeek, Mistral: see ``_vendors``) from their own files. Nothing
ever touches the network. ``encoding_info`` tells what an encoding is without loading it. Every
tokenizer offers the ``Tokenizer`` interface, which ``tiktoken.Encoding`` itself has.

Memory is kept small for a class on a shared server: no Python copy of the ranks is kept (the
Rust core has its own), each token's bytes are looked up only when a display first needs them,
and an encoding that only adds special tokens to another (``p50k_edit``, ``o200k_harmony``)
encodes ordinary text with the other's core, building its own only when its special tokens are
used or ``get_encoding`` asks for it.

This module does not tokenize or display anything; see ``tokens`` and ``render``.

>>> get_encoding("o200k_base").encode_ordinary("hello world")
[24912, 2375]
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Literal, NamedTuple

from . import _vendors
from ._catalog import VENDOR_MODELS, Encodings, ModelTable, vendor_model
from ._checks import brief
from ._i18n import _
from ._sources import EncodingInfo, TokenBytes, Tokenizer, describe_openai, describe_vendor, unknown_name

if TYPE_CHECKING:
    import tiktoken

    from ._offsets import Offsets

__all__ = [
    "Tokenizer",
    "encodings",
    "get_encoding",
    "ordinary_encoding",
    "encoding_info",
    "EncodingInfo",
    "resolve",
    "encoding_for_model",
    "models",
    "token_bytes",
    "as_encoded",
    "vendor",
    "register",
    "check_name",
    "unregister",
    "ENCODINGS",
    "VENDOR_ENCODINGS",
    "DEFAULT_ENCODING",
    "GENERATIONS",
]

# The encodings whose rank files we ship, in the order they appeared.
ENCODINGS: tuple[str, ...] = ("r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base", "o200k_harmony")
# The encoding of GPT-4o and later models: what tokenlab uses when none is named.
DEFAULT_ENCODING = "o200k_base"
# Other vendors' tokenizers: Qwen (Alibaba), DeepSeek, Mistral's Tekken. Each loads only when named.
VENDOR_ENCODINGS: tuple[str, ...] = _vendors.NAMES
# One encoding per generation (GPT-3, GPT-3.5/GPT-4, GPT-4o): what comparisons show by default.
GENERATIONS: tuple[str, ...] = ("r50k_base", "cl100k_base", "o200k_base")
# tiktoken's "gpt2" encoding reads the same ranks from two older files we do not ship; its ranks,
# pattern and special token are exactly r50k_base's, so a model that maps to "gpt2" gets r50k_base.
_ALIASES: dict[str, str] = {"gpt2": "r50k_base"}
# Encodings that only add special tokens to another, with the same ranks and pattern (a test
# checks): ordinary text gets the same ids from the other's core, so one core serves both.
_ORDINARY_AS: dict[str, str] = {"p50k_edit": "p50k_base", "o200k_harmony": "o200k_base"}


class _Source(NamedTuple):
    """How a name loads, and how it is described without loading it."""

    load: Callable[[str], Tokenizer]
    describe: Callable[[str], EncodingInfo]


def _load_openai(name: str) -> tiktoken.Encoding:
    from ._shipped import load_openai

    return load_openai(name)


# Where each name comes from: OpenAI's encodings and the other vendors' tokenizers, from files in
# the package. None is loaded (or its library imported) before it is first used.
_SOURCES: dict[str, _Source] = {
    **{name: _Source(_load_openai, describe_openai) for name in ENCODINGS},
    **{name: _Source(_vendors.get, describe_vendor) for name in VENDOR_ENCODINGS},
}

_registered: dict[str, EncodingInfo] = {}  # names added while running (see ``register``)
_loaded: dict[str, Tokenizer] = {}
_ordinary: dict[str, Tokenizer] = {}  # by name: the encoding that encodes its ordinary text
_token_bytes: dict[str, TokenBytes] = {}
_info: dict[str, EncodingInfo] = {}
_lock = threading.Lock()


def encodings(vendor: str | None = None) -> Encodings:
    """The names of every encoding tokenlab can load: OpenAI's oldest first, then other vendors'.

    A list; its ``vendors`` say who made each, and in Jupyter it shows as a table.
    ``vendor`` keeps one vendor's: ``"openai"``, ``"alibaba"``, ``"deepseek"`` or ``"mistral"``.

    >>> encodings()  # doctest: +NORMALIZE_WHITESPACE
    ['r50k_base', 'p50k_base', 'p50k_edit', 'cl100k_base', 'o200k_base', 'o200k_harmony',
     'qwen', 'qwen3.6', 'deepseek_v3', 'tekken']
    >>> encodings("alibaba"), encodings().vendors["tekken"]
    (['qwen', 'qwen3.6'], 'mistral')
    """
    known = [*_vendors.VENDORS, *dict.fromkeys(info.vendor for info in _registered.values())]
    if vendor is not None and vendor not in known:
        raise ValueError(
            _("unknown vendor {given}; tokenlab has: {known}").format(given=brief(vendor), known=", ".join(known))
        )
    vendors = _vendor_codes()
    return Encodings([n for n in _SOURCES if vendor in (None, vendors[n])], vendors, encoding_info)


def _vendor_codes() -> dict[str, str]:
    """Each encoding's vendor, without reading OpenAI's rank files."""
    return {
        name: _registered[name].vendor if name in _registered else _vendors.VENDOR_OF.get(name, "openai")
        for name in _SOURCES
    }


def vendor(name: str) -> str:
    """Who made an encoding (or a model's encoding): ``"openai"``, ``"alibaba"``, ``"deepseek"``, ``"mistral"``.

    >>> vendor("deepseek-chat")
    'deepseek'
    """
    return _vendor_codes()[resolve(name)]


def models(vendor: str | None = None) -> ModelTable:
    """Every model name tokenlab knows, mapped to its encoding: tiktoken's table for OpenAI's
    models, then the other vendors' (``vendor`` keeps one vendor's). In Jupyter, a table with notes.

    Dated snapshots such as ``gpt-4o-2024-08-06`` are matched by prefix, as tiktoken does, and so are
    the other vendors' sizes and versions (``qwen3-32b``, ``Qwen/Qwen3-8B``).

    >>> models()["gpt-4o"], models()["deepseek-chat"]
    ('o200k_base', 'deepseek_v3')
    """
    from tiktoken.model import MODEL_TO_ENCODING

    table = {model: _ALIASES.get(enc, enc) for model, enc in MODEL_TO_ENCODING.items()}
    table.update(VENDOR_MODELS)
    vendors = _vendor_codes()
    if vendor is not None:
        encodings(vendor)  # checks the name
        table = {model: enc for model, enc in table.items() if vendors[enc] == vendor}
    return ModelTable(table, vendors)


def encoding_for_model(model: str) -> str:
    """The name of the encoding a model uses: tiktoken's model table, then the other vendors'.

    >>> encoding_for_model("gpt-4"), encoding_for_model("qwen-max")
    ('cl100k_base', 'qwen')
    """
    from tiktoken.model import MODEL_TO_ENCODING, encoding_name_for_model

    if not isinstance(model, str):
        raise TypeError(_("a model name is a string, not {name}").format(name=type(model).__name__))
    if model.strip() in _SOURCES:  # an encoding given as a model: take it as meant
        return model.strip()
    other = vendor_model(model)
    if other is not None:
        return other
    try:
        name = encoding_name_for_model(model.strip())
    except KeyError:
        raise ValueError(
            unknown_name("model", model, list(MODEL_TO_ENCODING), more=list(VENDOR_MODELS))
            + _(" (or give an encoding instead, e.g. encoding='o200k_base')")
        ) from None
    return _ALIASES.get(name, name)


def resolve(encoding: str | None = None, *, model: str | None = None) -> str:
    """The encoding name meant by an encoding name, a model name, or both.

    ``encoding`` may itself be a model name, so ``resolve("gpt-4o")`` works too.

    >>> resolve(model="gpt-3.5-turbo")
    'cl100k_base'
    >>> resolve("gpt-4o")
    'o200k_base'
    """
    from_model = encoding_for_model(model) if model is not None else None
    if encoding is None:
        return from_model or DEFAULT_ENCODING
    if not isinstance(encoding, str):
        raise TypeError(_("an encoding name is a string, not {name}").format(name=type(encoding).__name__))
    name = encoding.strip()
    name = _ALIASES.get(name, name)
    if name not in _SOURCES:
        vendor_model(name)  # a model whose tokenizer tokenlab does not ship says so, in its own words
        try:
            name = encoding_for_model(name)  # a model name where an encoding was expected
        except ValueError:
            from tiktoken.model import MODEL_TO_ENCODING

            raise ValueError(
                unknown_name("encoding", encoding, list(_SOURCES), more=list(MODEL_TO_ENCODING))
                + _("; or a model name such as 'gpt-4o' (see tokenlab.models())")
            ) from None
    if from_model is not None and from_model != name:
        raise ValueError(
            _("model {brief} uses {from_model}, not {name}: give one of encoding= or model=").format(
                brief=brief(model), from_model=from_model, name=name
            )
        )
    return name


def get_encoding(name: str | None = None, *, model: str | None = None) -> Tokenizer:
    """The tokenizer for an encoding or model name, loaded offline once per process.

    With neither, the newest encoding, ``o200k_base``. OpenAI's encodings and ``tekken`` are
    ``tiktoken.Encoding`` objects; Qwen's and DeepSeek's offer the same ``Tokenizer`` interface.

    >>> enc = get_encoding("cl100k_base")
    >>> enc.encode("tiktoken is great!")
    [83, 1609, 5963, 374, 2294, 0]
    >>> get_encoding(model="gpt-4o").name
    'o200k_base'
    """
    if model is None and (name is None or type(name) is str) and (enc := _loaded.get(name or DEFAULT_ENCODING)):
        return enc  # the fast path of every count()
    resolved = resolve(name, model=model)
    enc = _loaded.get(resolved)
    if enc is None:
        with _lock:
            enc = _loaded.get(resolved)
            if enc is None:
                enc = _loaded[resolved] = _SOURCES[resolved].load(resolved)
    return enc


def ordinary_encoding(name: str | None = None, *, model: str | None = None) -> Tokenizer:
    """The tokenizer that gives ``name``'s ids for ordinary text (no special tokens).

    It is ``name``'s own, but for an encoding that only adds special tokens to another: then it
    is the other, whose ids for ordinary text are the same, so that one core serves both.

    >>> ordinary_encoding("o200k_harmony").name
    'o200k_base'
    """
    if model is None and (name is None or type(name) is str) and (enc := _ordinary.get(name or DEFAULT_ENCODING)):
        return enc  # the fast path of every count()
    resolved = resolve(name, model=model)
    enc = _ordinary.get(resolved)
    if enc is None:
        enc = _ordinary[resolved] = get_encoding(_ORDINARY_AS.get(resolved, resolved))
    return enc


def encoding_info(name: str | None = None, *, model: str | None = None) -> EncodingInfo:
    """What an encoding is, without building it: its vocabulary size, special tokens and pattern.

    Building an encoding takes memory (up to 45 MB for o200k_base); reading about one does not.

    >>> info = encoding_info("o200k_harmony")
    >>> info.n_vocab, info.ranks, len(info.special_tokens)
    (201088, 199998, 1091)
    """
    resolved = resolve(name, model=model)
    info = _info.get(resolved)
    if info is None:
        info = _info[resolved] = _SOURCES[resolved].describe(resolved)
    return info


def token_bytes(name: str) -> Mapping[int, bytes]:
    """Each token's bytes, by id (ids no token uses map to ``b""``), looked up on first use.

    A display asks for the few thousand ids it draws, not for all 200,000: each is asked of
    tiktoken once, then kept, and later lookups are plain dict lookups.

    >>> token_bytes("cl100k_base")[9906]
    b'Hello'
    """
    table = _token_bytes.get(name)
    if table is None:
        enc = ordinary_encoding(name)
        table = _token_bytes[name] = TokenBytes(enc, encoding_info(name).special_tokens)
    return table


def as_encoded(
    name: str, text: str, allowed_special: Literal["all"] | AbstractSet[str] = frozenset()
) -> tuple[str, Offsets]:
    """The text an encoding really encodes, and ``Offsets`` from its character offsets back to ``text``'s.

    For all but Qwen's, that is ``text`` with tiktoken's surrogate fix-up; Qwen's tokenizers encode
    its NFC normalization (allowed special tokens are cut out first). ``allowed_special`` is read as
    ``tokenize`` reads it (``"all"``, or a set, list or tuple of special-token strings).

    >>> as_encoded("qwen", "e\u0301!")[0]
    'é!'
    """
    if name in ENCODINGS or name in _registered:
        from ._encode import as_encoded as plain

        return plain(text)
    name = resolve(name)
    if name not in VENDOR_ENCODINGS:
        from ._encode import as_encoded as plain

        return plain(text)
    from ._encode import allowed_set

    allowed = allowed_set(_Described(name), allowed_special) if allowed_special else frozenset()
    return _vendors.as_encoded(name, text, allowed)


class _Described(NamedTuple):
    """An encoding's name and special tokens, known without loading it (what ``allowed_set`` asks)."""

    name: str

    @property
    def special_tokens_set(self) -> set[str]:
        return set(encoding_info(self.name).special_tokens)


def register(tokenizer: Tokenizer, info: EncodingInfo) -> None:
    """Serve ``tokenizer`` under ``info.name`` for the rest of the session, like a shipped encoding
    (``tokenize``, ``count``, ``compare``, ``premiums`` and the widgets then know it by name). A
    name registered again is replaced; a shipped encoding's or a model's name is refused.

    ``tokenlab.training`` registers every tokenizer it trains or loads.
    """
    name = info.name
    check_name(name)
    with _lock:
        _SOURCES[name] = _Source(lambda _name: tokenizer, lambda _name: info)
        _registered[name] = info
        for cache in (_loaded, _ordinary, _token_bytes, _info):
            cache.pop(name, None)


def check_name(name: str) -> None:
    """Refuse a name ``register`` would refuse: a shipped encoding's, or a model's."""
    if name in _SOURCES and name not in _registered:
        raise ValueError(_("{name} is the name of a shipped encoding: pick another name").format(name=brief(name)))
    if name not in _registered:
        try:
            model_of = encoding_for_model(name)
        except ValueError:
            return
        raise ValueError(
            _("{name} is a model name (it uses {encoding}): pick another name").format(
                name=brief(name), encoding=model_of
            )
        )


def unregister(name: str) -> None:
    """Forget a tokenizer that ``register`` added (nothing happens for a name it did not add)."""
    with _lock:
        if _registered.pop(name, None) is not None:
            del _SOURCES[name]
            for cache in (_loaded, _ordinary, _token_bytes, _info):
                cache.pop(name, None)
