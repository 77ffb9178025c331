"""The two kinds of vendor tokenizer that are not a plain ``tiktoken.Encoding``, behind its interface.

- ``NFCEncoding`` (Qwen): a ``tiktoken.Encoding`` core, with the text NFC-normalized first, as
  Qwen's tokenizer.json does, and without the vocabulary tokens that its BPE never outputs.
- ``JSONEncoding`` (DeepSeek): Hugging Face ``tokenizers`` running the vendor's tokenizer.json.

Both offer what tokenlab uses of ``tiktoken.Encoding`` (``name``, ``n_vocab``, ``max_token_value``,
``special_tokens_set``, ``encode_ordinary``, ``encode``, ``encode_single_token``, ``decode``,
``decode_bytes``, ``decode_single_token_bytes``) and ``encode_allowed``, ``as_encoded``: the ids,
and the text really encoded with a map back to the original's offsets. Special-token strings are
text unless allowed; allowed ones are cut out before normalizing, leftmost and then longest, as
Hugging Face ``tokenizers`` does with added tokens. Private to tokenlab's core (see ``_vendors``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Literal

from ._encode import as_encoded as fixed_surrogates
from ._encode import encode as tiktoken_encode
from ._i18n import _

if TYPE_CHECKING:
    import tiktoken

__all__ = ["VendorEncoding", "NFCEncoding", "JSONEncoding", "Normalizer"]

Normalizer = Callable[[str], tuple[str, Callable[[int], int] | None]]  # text -> (normal, offset map or None)


class VendorEncoding:
    """What every vendor tokenizer offers; subclasses say how ordinary text becomes ids."""

    def __init__(self, name: str, special_tokens: dict[str, int], passes: Sequence[AbstractSet[str]]) -> None:
        self.name = name
        self.special_tokens = special_tokens
        self._by_id = {i: s.encode("utf-8") for s, i in special_tokens.items()}
        self._passes = [frozenset(p) for p in passes]  # special tokens matched together, pass after pass
        self._patterns: dict[frozenset[str], re.Pattern[str]] = {}
        self.max_token_value = 0  # set by subclasses

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    @property
    def n_vocab(self) -> int:
        return self.max_token_value + 1

    @property
    def special_tokens_set(self) -> set[str]:
        return set(self.special_tokens)

    def encode_ordinary(self, text: str) -> list[int]:
        return self.encode_allowed(text, frozenset())

    def encode(
        self,
        text: str,
        *,
        allowed_special: Literal["all"] | AbstractSet[str] = frozenset(),
        disallowed_special: Literal["all"] | Collection[str] = "all",
    ) -> list[int]:
        """As ``tiktoken.Encoding.encode``: a disallowed special-token string in the text is an error."""
        allowed = frozenset(self.special_tokens) if allowed_special == "all" else frozenset(allowed_special)
        disallowed = set(self.special_tokens) - allowed if disallowed_special == "all" else set(disallowed_special)
        found = [s for s in disallowed if s in text]
        if found:
            raise ValueError(
                _(
                    "{text} is a special token of {name}: allow it with allowed_special, or pass disallowed_special=()"
                ).format(text=repr(min(found)), name=self.name)
            )
        return self.encode_allowed(text, allowed)

    def encode_allowed(self, text: str, allowed: AbstractSet[str]) -> list[int]:
        ids: list[int] = []
        for piece, special in self.pieces(fixed_surrogates(text)[0], allowed):
            if special:
                ids.append(self.special_tokens[piece])
            elif piece:
                ids += self._ordinary(piece)
        return ids

    def encode_single_token(self, text_or_bytes: str | bytes) -> int:
        raw = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
        special = self.special_tokens.get(raw.decode("utf-8", "replace"))
        found = self._single(raw) if special is None else special
        if found is None:
            raise KeyError(raw)
        return found

    def decode_single_token_bytes(self, token: int) -> bytes:
        raw = self._by_id.get(token)
        if raw is None:
            raw = self._bytes(token)
        return raw

    def decode_bytes(self, tokens: Sequence[int]) -> bytes:
        return b"".join(map(self.decode_single_token_bytes, tokens))

    def decode(self, tokens: Sequence[int], errors: str = "replace") -> str:
        return self.decode_bytes(tokens).decode("utf-8", errors)

    def as_encoded(self, text: str, allowed: AbstractSet[str] = frozenset()) -> tuple[str, Callable[[int], int]]:
        """The text really encoded, and a map from its offsets back to ``text``'s."""
        return fixed_surrogates(text)

    def pieces(self, text: str, allowed: AbstractSet[str]) -> list[tuple[str, bool]]:
        """``text`` cut at allowed special tokens: (piece, is special)."""
        out = [(text, False)]
        for group in self._passes:
            wanted = group & allowed
            if wanted:
                out = [cut for piece in out for cut in ([piece] if piece[1] else self._cut(piece[0], wanted))]
        return out

    def _cut(self, text: str, wanted: frozenset[str]) -> list[tuple[str, bool]]:
        pattern = self._patterns.get(wanted)
        if pattern is None:  # at one position the longest wins: the alternatives longest first
            pattern = re.compile("|".join(map(re.escape, sorted(wanted, key=len, reverse=True))))
            self._patterns[wanted] = pattern
        out, last = [], 0
        for match in pattern.finditer(text):
            out += [(text[last : match.start()], False), (match.group(), True)]
            last = match.end()
        out.append((text[last:], False))
        return out

    # What each kind provides.
    def _ordinary(self, text: str) -> list[int]:
        raise NotImplementedError

    def _single(self, raw: bytes) -> int | None:
        raise NotImplementedError

    def _bytes(self, token: int) -> bytes:
        raise NotImplementedError


class NFCEncoding(VendorEncoding):
    """A ``tiktoken.Encoding`` core after NFC normalization, as Qwen's tokenizer.json runs it.

    ``hidden`` are vocabulary tokens no merge can make: the core leaves them out (tiktoken would
    output one whenever a whole regex piece equals it; tokenizer.json's BPE never does), but their
    bytes are still known.
    """

    def __init__(
        self, core: tiktoken.Encoding, special_tokens: dict[str, int], hidden: dict[int, bytes], nfc: Normalizer
    ) -> None:
        super().__init__(core.name, special_tokens, [set(special_tokens)])
        self.core, self._hidden, self._nfc = core, hidden, nfc
        self.max_token_value = max(core.max_token_value, *hidden, *special_tokens.values())
        self._pat_str = core._pat_str  # explain() replays the core's BPE

    def _ordinary(self, text: str) -> list[int]:
        return tiktoken_encode(self.core, self._nfc(text)[0], frozenset())

    def _single(self, raw: bytes) -> int | None:
        try:
            return self.core.encode_single_token(raw)
        except KeyError:
            return None

    def _encode_single_piece(self, raw: bytes) -> list[int]:
        return self.core._encode_single_piece(raw)

    def _bytes(self, token: int) -> bytes:
        raw = self._hidden.get(token)
        return self.core.decode_single_token_bytes(token) if raw is None else raw

    def as_encoded(self, text: str, allowed: AbstractSet[str] = frozenset()) -> tuple[str, Callable[[int], int]]:
        clean, back = fixed_surrogates(text)
        parts: list[str] = []
        starts: list[int] | None = None  # for each character of the result, its offset in clean
        at = 0
        for piece, special in self.pieces(clean, allowed):
            normal, local = (piece, None) if special else self._nfc(piece)
            if local is not None and starts is None:
                starts = list(range(at))  # unchanged so far
            if starts is not None:
                starts += [at + local(i) for i in range(len(normal))] if local else range(at, at + len(piece))
            parts.append(normal)
            at += len(piece)
        if starts is None:
            return "".join(parts), back
        starts.append(len(clean))
        return "".join(parts), lambda i: back(starts[i])


class JSONEncoding(VendorEncoding):
    """Hugging Face ``tokenizers`` running a byte-level BPE tokenizer.json (its added tokens taken out:
    ``pieces`` cuts out the allowed ones, in tokenizers' two passes: tokens matched on the raw text,
    then those matched on normalized text; the tokenizer.json has no normalizer)."""

    def __init__(
        self, name: str, tokenizer: object, special_tokens: dict[str, int], normalized: AbstractSet[str]
    ) -> None:
        plain = set(special_tokens) - set(normalized)
        super().__init__(name, special_tokens, [plain, normalized])
        self._tokenizer = tokenizer
        self._token_to_id = tokenizer.token_to_id  # type: ignore[attr-defined]
        self._id_to_token = tokenizer.id_to_token  # type: ignore[attr-defined]
        self._encode = tokenizer.encode  # type: ignore[attr-defined]
        size = tokenizer.get_vocab_size(with_added_tokens=False)  # type: ignore[attr-defined]
        self.max_token_value = max(size - 1, *special_tokens.values())
        self._to_byte = _byte_decoder()
        self._to_char = {b: c for c, b in self._to_byte.items()}

    def _ordinary(self, text: str) -> list[int]:
        ids: list[int] = self._encode(text, add_special_tokens=False).ids
        return ids

    def _single(self, raw: bytes) -> int | None:
        found: int | None = self._token_to_id("".join(self._to_char[b] for b in raw))
        return found

    def _bytes(self, token: int) -> bytes:
        name = self._id_to_token(token) if isinstance(token, int) and token >= 0 else None
        if name is None or any(c not in self._to_byte for c in name):
            raise KeyError(token)
        return bytes(self._to_byte[c] for c in name)


def _byte_decoder() -> dict[str, int]:
    """The inverse of GPT-2's byte -> printable character table, the alphabet of byte-level vocabularies."""
    printable = [*range(ord("!"), ord("~") + 1), *range(0xA1, 0xAC + 1), *range(0xAE, 0xFF + 1)]
    chars = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in chars:
            chars[b] = chr(256 + extra)
            extra += 1
    return {c: b for b, c in chars.items()}
