"""Encoding exactly as tiktoken does, and the text it really sees.

- ``encode``: tiktoken's ids for a text (special-token strings are text unless allowed), with
  tiktoken's own Python-regex path as a fallback where its Rust regex overflows.
- ``as_encoded``: the text after tiktoken's surrogate fix-up, with ``Offsets`` back to the original.
- ``readable``: a token's bytes as text, partial characters shown as ``⟨e4 bd⟩``.

Private to tokenlab: ``tokens`` and ``render`` build on it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, Literal, Protocol

from ._checks import brief
from ._i18n import _
from ._offsets import IDENTITY, Offsets

if TYPE_CHECKING:
    from .registry import Tokenizer

AllowedSpecial = Literal["all"] | AbstractSet[str]


def checked(text: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(_("tokenlab takes text (str), not bytes: decode it first, e.g. data.decode('utf-8')"))
    raise TypeError(_("tokenlab takes text (str), not {name}").format(name=type(text).__name__))


def encode(enc: Tokenizer, text: str, allowed_special: AllowedSpecial) -> list[int]:
    """tiktoken's ids for ``text``; special-token strings are text unless allowed."""
    allowed = allowed_set(enc, allowed_special) if allowed_special else frozenset()
    own = getattr(enc, "encode_allowed", None)
    if own is not None:  # another vendor's tokenizer (Qwen's, DeepSeek's): it does all of this itself
        ids: list[int] = own(text, allowed)
        return ids
    if len(text) < LONG or not overflows(text):
        try:
            if not allowed:
                return enc.encode_ordinary(text)
            return enc.encode(text, allowed_special=allowed, disallowed_special=())
        except BaseException as error:
            unless_tiktoken_overflowed(error)
    return encode_in_python(enc, text, allowed)


def count_ordinary(enc: Tokenizer, text: str) -> int:
    """``len(enc.encode_ordinary(text))``, without making the list: the ids stay in tiktoken's
    buffer, 4 bytes each, where a list holds a Python int of 32 bytes per id (5 MB of them for
    130,000 tokens). With no special token allowed, tiktoken's core encodes the text as ordinary
    text, as ``encode_ordinary`` does. For long texts; a short one costs the same either way."""
    own = getattr(enc, "encode_allowed", None)
    if own is not None:  # another vendor's tokenizer (Qwen's, DeepSeek's): no tiktoken buffer
        return len(own(text, frozenset()))
    core: Any = enc
    if not overflows(text):
        try:
            try:
                buffer = core._core_bpe.encode_to_tiktoken_buffer(text, set())
            except UnicodeEncodeError:  # a lone surrogate: U+FFFD, as encode_ordinary reads it
                buffer = core._core_bpe.encode_to_tiktoken_buffer(as_encoded(text)[0], set())
            return memoryview(buffer).nbytes // 4  # its length in bytes (its shape is not in ids)
        except BaseException as error:
            unless_tiktoken_overflowed(error)
    return len(encode_in_python(enc, text, frozenset()))


# tiktoken's Rust regex overflows its backtracking stack on a very long run of whitespace (a
# million spaces under o200k_base): encode_ordinary panics (pyo3's PanicException, a
# BaseException, after Rust's panic hook has printed 3 lines or a backtrace to stderr) and encode
# raises ValueError("... Max stack size exceeded ..."). The panic message cannot be taken back, so
# such texts go to tiktoken's own Python-regex path (the same ids) without trying Rust first.
LONG = 100_000  # characters: shorter texts cannot hold a run long enough to overflow
_RUN = 50_000  # bytes: a run of (maybe) whitespace this long goes to the Python path
# Each UTF-8 byte as b" " when it may be (part of) whitespace, else b"x": ASCII whitespace, UTF-8
# continuation bytes, and the lead bytes of the other whitespace characters (U+0085, U+00A0:
# C2; U+1680: E1; U+2000-U+205F: E2; U+3000: E3).
_MAYBE_SPACE = bytes(
    0x20 if b in b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f" or 0x80 <= b <= 0xBF or b in (0xC2, 0xE1, 0xE2, 0xE3) else 0x78
    for b in range(256)
)


def overflows(text: str) -> bool:
    """Whether ``text`` may hold a whitespace run long enough to overflow tiktoken's Rust regex
    (errs toward yes; linear time)."""
    return b" " * _RUN in text.encode("utf-8", "surrogatepass").translate(_MAYBE_SPACE)


def unless_tiktoken_overflowed(error: BaseException) -> None:
    """Re-raise ``error`` unless it is tiktoken's Rust regex giving up on a huge input (see
    ``overflows``): then its Python-regex path (``encode_in_python``) gives the same ids."""
    if type(error).__name__ == "PanicException":
        return
    if isinstance(error, ValueError) and "Max stack size exceeded" in str(error):
        return
    raise error


def encode_in_python(enc: Tokenizer, text: str, allowed: AbstractSet[str]) -> list[int]:
    """tiktoken's own Python-regex path (``enc`` is a ``tiktoken.Encoding``)."""
    core: Any = enc
    text = as_encoded(text)[0]
    if not allowed:
        plain: list[int] = core._encode_only_native_bpe(text)
        return plain
    import regex

    specials = regex.compile("|".join(regex.escape(s) for s in sorted(allowed, key=len, reverse=True)))
    ids: list[int] = []
    last = 0
    for match in specials.finditer(text):
        ids += core._encode_only_native_bpe(text[last : match.start()])
        ids.append(core.encode_single_token(match.group()))
        last = match.end()
    ids += core._encode_only_native_bpe(text[last:])
    return ids


class _Specials(Protocol):
    """What ``allowed_set`` asks of an encoding (or of what is known of one without loading it)."""

    @property
    def name(self) -> str: ...
    @property
    def special_tokens_set(self) -> set[str]: ...


def allowed_set(enc: _Specials, allowed_special: AllowedSpecial) -> AbstractSet[str]:
    if allowed_special == "all":
        return enc.special_tokens_set
    if isinstance(allowed_special, str):
        allowed_special = {allowed_special}
    if not isinstance(allowed_special, (set, frozenset, list, tuple)) or not all(
        isinstance(s, str) for s in allowed_special
    ):
        raise TypeError(
            _('allowed_special is "all" or a set of special-token strings, not {brief}').format(
                brief=brief(allowed_special)
            )
        )
    unknown = set(allowed_special) - enc.special_tokens_set
    if unknown:
        known = ", ".join(sorted(enc.special_tokens_set)[:8])
        raise ValueError(
            _("{name} has no special token {value}; it has: {known}").format(
                name=enc.name, value=", ".join(map(brief, sorted(unknown))), known=known
            )
        )
    return frozenset(allowed_special)


def as_encoded(text: str) -> tuple[str, Offsets]:
    """The text as tiktoken encodes it, and ``Offsets`` from it back to ``text``.

    tiktoken replaces surrogates (via UTF-16) before encoding: a lone one becomes U+FFFD and a
    pair becomes the one character it stands for, so offsets can shift.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        clean = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    else:
        return text, IDENTITY
    if len(clean) == len(text):
        return clean, IDENTITY
    # Each pair became one character (as UTF-16 pairs them: left to right, a high then a low one).
    pairs = [match.start() for match in _PAIR.finditer(text)]
    return clean, Offsets.of((at - k, at - k + 1, at, at + 2) for k, at in enumerate(pairs))


_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def readable(raw: bytes) -> str:
    """UTF-8 text, with bytes that are only part of a character shown as ``⟨e4 bd⟩``."""
    if not isinstance(raw, (bytes, bytearray)):
        raise TypeError(_("a token is bytes, not {name}").format(name=type(raw).__name__))
    return raw.decode("utf-8", "tokenlab.hexbytes").replace("⟩⟨", " ")


def _hex_errors(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "⟨" + bad.hex(" ") + "⟩", error.end


codecs.register_error("tokenlab.hexbytes", _hex_errors)
