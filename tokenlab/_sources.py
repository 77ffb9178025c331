"""What a tokenizer is, for the registry: the interface every one offers, what each is without
loading it, each id's bytes on demand, and the error for a name it does not know. Private to the core.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from collections.abc import Set as AbstractSet
from typing import Literal, NamedTuple, Protocol

from . import _vendors
from ._checks import brief
from ._i18n import _

__all__ = ["Tokenizer", "EncodingInfo", "describe_openai", "describe_vendor", "TokenBytes", "unknown_name"]


class Tokenizer(Protocol):
    """What every tokenizer tokenlab serves offers: ``tiktoken.Encoding`` has it, and so do the
    vendors' that are not tiktoken's (DeepSeek's tokenizer.json, Qwen's NFC before tiktoken)."""

    name: str
    max_token_value: int

    @property
    def n_vocab(self) -> int: ...
    @property
    def special_tokens_set(self) -> set[str]: ...
    def encode_ordinary(self, text: str) -> list[int]: ...
    def encode(
        self,
        text: str,
        *,
        allowed_special: Literal["all"] | AbstractSet[str] = ...,
        disallowed_special: Literal["all"] | Collection[str] = ...,
    ) -> list[int]: ...
    def encode_single_token(self, text_or_bytes: str | bytes) -> int: ...
    def decode(self, tokens: Sequence[int], errors: str = ...) -> str: ...
    def decode_bytes(self, tokens: Sequence[int]) -> bytes: ...
    def decode_single_token_bytes(self, token: int) -> bytes: ...


class EncodingInfo(NamedTuple):
    """What an encoding is, known without building it: see ``encoding_info``."""

    name: str
    n_vocab: int  # ids 0 to n_vocab - 1, as tiktoken's Encoding.n_vocab
    ranks: int  # how many tokens merges can make (all but the special tokens)
    special_tokens: dict[str, int]
    pattern: str  # the regex that cuts text into pieces before merging (DeepSeek: several, see splits)
    vendor: str = "openai"  # who made it: openai, alibaba, deepseek or mistral
    splits: int = 1  # regexes applied one after another (DeepSeek: 3, joined by newlines in pattern)

    def __repr__(self) -> str:  # short: o200k_harmony has over a thousand reserved special tokens
        return (
            f"EncodingInfo({self.name}: {self.n_vocab:,} ids, {self.ranks:,} made by merges, "
            f"{len(self.special_tokens):,} special)"
        )


def describe_openai(name: str) -> EncodingInfo:
    from ._shipped import openai_encoding, rank_file

    params = openai_encoding(name, ranks=False)
    count, highest = rank_file(params["mergeable_ranks"].filename)
    specials = dict(params["special_tokens"])
    return EncodingInfo(name, max(highest, *specials.values()) + 1, count, specials, params["pat_str"])


def describe_vendor(name: str) -> EncodingInfo:
    spec = _vendors.manifest(name)
    specials: dict[str, int] = spec["special_tokens"]
    size = max(spec["ranks"] + spec.get("id_offset", 0) - 1, *specials.values()) + 1
    patterns = [spec["pattern"]] if "pattern" in spec else spec["patterns"]
    return EncodingInfo(name, size, spec["ranks"], specials, "\n".join(patterns), spec["vendor"], len(patterns))


class TokenBytes(dict[int, bytes]):
    """Token id -> bytes, each asked of tiktoken when first needed (a dict subclass, so that the
    lookups of ids already known cost what a list's do)."""

    def __init__(self, enc: Tokenizer, specials: dict[str, int]) -> None:
        super().__init__()
        self._decode = enc.decode_single_token_bytes
        # Later entries win where two special tokens share an id (o200k_harmony: <|endofprompt|>
        # and <|reserved_200018|>), as in the table tokenlab always built.
        self._specials = {rank: special.encode("utf-8") for special, rank in specials.items()}
        self._size = max([enc.max_token_value, *self._specials]) + 1

    def __missing__(self, token_id: int) -> bytes:
        raw = self._specials.get(token_id)
        if raw is None:
            if not 0 <= token_id < self._size:
                raise IndexError(_("no token has id {token_id}").format(token_id=token_id))
            try:
                raw = self._decode(token_id)
            except KeyError:  # an id no token uses
                raw = b""
        self[token_id] = raw
        return raw


def family(name: str) -> str:
    """The letters a model name starts with: ``gpt``, ``o``, ``deepseek``, ``qwen``."""
    import re

    found = re.match(r"[a-z]+", name.strip().lower())
    return found[0] if found else ""


def close_names(given: str, names: Sequence[str], *, same_family: bool = False) -> list[str]:
    """Up to three names close to ``given``; with ``same_family``, only names of its own family
    (a DeepSeek name is never answered with an OpenAI one)."""
    import difflib

    if same_family:
        names = [n for n in names if family(n) == family(given)]
    return difflib.get_close_matches(given.strip(), list(names), n=3, cutoff=0.6)


def unknown_name(kind: str, given: object, choices: list[str], *, more: Sequence[str] = ()) -> str:
    close = close_names(str(given), [*choices, *more], same_family=kind == "model")
    hint = ""
    if close:
        quoted = [repr(c) for c in close]
        names = (
            quoted[0]
            if len(quoted) == 1
            else _("{first} or {last}").format(first=", ".join(quoted[:-1]), last=quoted[-1])
        )
        hint = _(" Did you mean {names}?").format(names=names)
    if kind == "model":
        return _("unknown model {given}.{hint} tokenlab.models() lists the models it knows").format(
            given=brief(given), hint=hint
        )
    listed = ", ".join(choices) if len(choices) <= 10 else ", ".join(choices[:10]) + ", ..."
    return _("unknown encoding {given}.{hint} Valid encodings: {listed}").format(
        given=brief(given), hint=hint, listed=listed
    )
