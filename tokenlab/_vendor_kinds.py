"""The two kinds of vendor tokenizer that are not a plain ``tiktoken.Encoding``, with its interface.

- ``NFCEncoding`` (Qwen) *is* a ``tiktoken.Encoding`` (a ``ShippedEncoding``) that applies NFC
  first, as Qwen's tokenizer.json does. Vocabulary tokens that its BPE never outputs (no merge
  makes them) are decoded and looked up like any other, but never produced.
- ``JSONEncoding`` (DeepSeek) runs Hugging Face ``tokenizers`` on the vendor's tokenizer.json
  behind every public method of ``tiktoken.Encoding``, with the errors tiktoken raises for the same
  arguments (``TypeError``, ``KeyError``, ``OverflowError``, ``ValueError``); the methods tiktoken
  writes in Python on top of the others are tiktoken's own. It has none of tiktoken's private
  hooks (``_pat_str``, ``_encode_single_piece``): no one regex reproduces its pre-tokenizer.

Special-token strings are text unless allowed; allowed ones are cut out before anything else,
leftmost and then longest, as Hugging Face ``tokenizers`` does with added tokens. For tokenlab's own
use both also offer ``encode_allowed`` (ids, with the allowed special tokens already checked) and
``as_encoded`` (the text really encoded, with ``Offsets`` back to the original). Pickled or copied,
each is tokenlab's own tokenizer of that name. Private to tokenlab's core (see ``_vendors``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import tiktoken

from ._checks import brief
from ._encode import LONG, overflows, unless_tiktoken_overflowed
from ._encode import as_encoded as fixed_surrogates
from ._i18n import _
from ._offsets import Offsets
from ._shipped_encoding import Ranks, ShippedEncoding, registered

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["VendorEncoding", "NFCEncoding", "JSONEncoding", "Normalizer"]

Normalizer = Callable[[str], tuple[str, Offsets]]  # text -> (normal, offsets back)
AllowedSpecial = Literal["all"] | AbstractSet[str]
DisallowedSpecial = Literal["all"] | Collection[str]
_U32 = 1 << 32  # tiktoken's ids are Rust u32: others are an OverflowError
# tiktoken's private parts, which a tokenizer.json cannot have
_TIKTOKEN_PRIVATE = {"_pat_str", "_mergeable_ranks", "_core_bpe", "_encode_single_piece", "_encode_bytes",
                     "_encode_only_native_bpe"}  # fmt: skip


@lru_cache(maxsize=64)
def _alternatives(strings: frozenset[str]) -> re.Pattern[str]:
    """One regex for several strings; at one position the longest wins."""
    return re.compile("|".join(map(re.escape, sorted(strings, key=len, reverse=True))))


class VendorEncoding:
    """What every kind shares (and the base of other tokenizers with tiktoken's interface, such as
    a trained SentencePiece): tiktoken's checks of ``encode``'s arguments, and cutting text at
    allowed special tokens in the passes Hugging Face tokenizers makes."""

    name: str
    _special_tokens: dict[str, int]
    _passes: list[frozenset[str]]

    @property
    def special_tokens_set(self) -> set[str]:
        return set(self._special_tokens)

    def _allowed(self, text: object, allowed_special: Any, disallowed_special: Any) -> frozenset[str]:
        """tiktoken's handling of encode's arguments (so the same ones raise the same errors): the
        allowed special tokens, once no disallowed one is in the text."""
        if not isinstance(text, str):
            raise TypeError(_("{name} encodes text (str), not {type}").format(name=self.name, type=type(text).__name__))
        if allowed_special == "all":
            allowed_special = self.special_tokens_set
        if disallowed_special == "all":
            disallowed_special = self.special_tokens_set - allowed_special
        if disallowed_special:
            if not isinstance(disallowed_special, frozenset):
                disallowed_special = frozenset(disallowed_special)
            found = _alternatives(disallowed_special).search(text)
            if found is not None:
                raise ValueError(
                    _(
                        "{text} is a special token of {name}: allow it with allowed_special, or pass "
                        "disallowed_special=()"
                    ).format(text=repr(found.group()), name=self.name)
                    if found.group() in self._special_tokens
                    else _("the text holds {text}, which disallowed_special forbids").format(text=repr(found.group()))
                )
        if not isinstance(allowed_special, (set, frozenset)):
            raise TypeError(
                _('allowed_special is "all" or a set of special-token strings, not {brief}').format(
                    brief=brief(allowed_special)
                )
            )
        return frozenset(allowed_special) & self._special_tokens.keys()

    def pieces(self, text: str, allowed: AbstractSet[str]) -> list[tuple[str, bool]]:
        """``text`` cut at allowed special tokens: (piece, is special)."""
        out = [(text, False)]
        for group in self._passes:
            wanted = group & allowed
            if wanted:
                out = [cut for piece in out for cut in ([piece] if piece[1] else self._cut(piece[0], wanted))]
        return out

    @staticmethod
    def _cut(text: str, wanted: frozenset[str]) -> list[tuple[str, bool]]:
        out, last = [], 0
        for match in _alternatives(wanted).finditer(text):
            out += [(text[last : match.start()], False), (match.group(), True)]
            last = match.end()
        out.append((text[last:], False))
        return out

    def encode_ordinary(self, text: str) -> list[int]:
        return self.encode_allowed(text, self._allowed(text, frozenset(), ()))

    def encode(
        self,
        text: str,
        *,
        allowed_special: AllowedSpecial = frozenset(),
        disallowed_special: DisallowedSpecial = "all",
    ) -> list[int]:
        return self.encode_allowed(text, self._allowed(text, allowed_special, disallowed_special))

    def encode_to_numpy(
        self,
        text: str,
        *,
        allowed_special: AllowedSpecial = frozenset(),
        disallowed_special: DisallowedSpecial = "all",
    ) -> npt.NDArray[np.uint32]:
        import numpy as np

        return np.array(
            self.encode(text, allowed_special=allowed_special, disallowed_special=disallowed_special), np.uint32
        )

    def encode_allowed(self, text: str, allowed: AbstractSet[str]) -> list[int]:
        """The ids of ``text`` with the special tokens ``allowed`` (already checked) as such."""
        ids: list[int] = []
        for piece, special in self.pieces(fixed_surrogates(text)[0], allowed):
            if special:
                ids.append(self._special_tokens[piece])
            elif piece:
                ids += self._ordinary(piece)
        return ids

    def _ordinary(self, text: str) -> list[int]:
        raise NotImplementedError

    def __reduce__(self) -> tuple[Callable[[str], Any], tuple[str]]:
        return registered, (self.name,)


class NFCEncoding(VendorEncoding, ShippedEncoding):
    """A ``tiktoken.Encoding`` after NFC normalization, as Qwen's tokenizer.json runs it.

    ``hidden`` are vocabulary tokens no merge can make: tiktoken would output one whenever a whole
    regex piece equals it, tokenizer.json's BPE never does. They are left out of the ranks the
    core merges with, and given to it as special tokens that are never allowed, so that it decodes
    them and ``encode_single_token`` finds them; ``never_merged`` lists their ids.
    """

    def __init__(
        self,
        name: str,
        *,
        pat_str: str,
        mergeable_ranks: Ranks,
        special_tokens: dict[str, int],
        hidden: dict[int, bytes],
        read_ranks: Callable[[], Ranks],
        nfc: Normalizer,
    ) -> None:
        decodable = {**special_tokens, **{raw.decode("utf-8"): rank for rank, raw in hidden.items()}}
        super().__init__(
            name, pat_str=pat_str, mergeable_ranks=mergeable_ranks, special_tokens=decodable, read_ranks=read_ranks
        )
        self._special_tokens = special_tokens  # the core knows the hidden ones too; no one else does
        self._special_token_values = set(special_tokens.values())
        self._passes = [frozenset(special_tokens)]
        self._hidden = hidden
        self.never_merged = frozenset(hidden)
        self._nfc = nfc
        self._last: tuple[str, tuple[str, Offsets]] | None = None

    # --- encoding: NFC first (encode_ordinary, encode, encode_to_numpy: VendorEncoding)

    def encode_with_unstable(
        self,
        text: str,
        *,
        allowed_special: AllowedSpecial = frozenset(),
        disallowed_special: DisallowedSpecial = "all",
    ) -> tuple[list[int], list[list[int]]]:
        allowed = self._allowed(text, allowed_special, disallowed_special)
        normal = "".join(
            p if special else self._nfc(p)[0] for p, special in self.pieces(fixed_surrogates(text)[0], allowed)
        )
        found: tuple[list[int], list[list[int]]] = self._core_bpe.encode_with_unstable(normal, set(allowed))
        return found

    def _ordinary(self, text: str) -> list[int]:
        normal = self._normal(text)[0]
        if len(normal) < LONG or not overflows(normal):
            try:
                ids: list[int] = self._core_bpe.encode_ordinary(normal)
                return ids
            except BaseException as error:
                unless_tiktoken_overflowed(error)
        return self._encode_only_native_bpe(normal)

    def token_byte_values(self) -> list[bytes]:
        return sorted([*super().token_byte_values(), *self._hidden.values()])

    def as_encoded(self, text: str, allowed: AbstractSet[str] = frozenset()) -> tuple[str, Offsets]:
        """The text really encoded (NFC, but not inside allowed special tokens), and offsets back."""
        clean, back = fixed_surrogates(text)
        pieces = self.pieces(clean, allowed)
        if len(pieces) == 1:
            normal, offsets = self._normal(clean)
            return normal, offsets.then(back)
        parts: list[str] = []
        clusters: list[tuple[int, int, int, int]] = []
        at = shift = 0  # at: offset in clean; shift: offset in the result minus at
        for piece, special in pieces:
            normal, local = (piece, None) if special else self._normal(piece)
            if local is not None and local.changed:
                for n_start, n_end, o_start, o_end in local.clusters():
                    clusters.append((at + shift + n_start, at + shift + n_end, at + o_start, at + o_end))
                shift += len(normal) - len(piece)
            parts.append(normal)
            at += len(piece)
        return "".join(parts), Offsets.of(clusters).then(back)

    def _normal(self, text: str) -> tuple[str, Offsets]:
        """NFC of ``text``, and offsets back; the last one is remembered (``tokenize`` asks for the
        ids, then for the text they spell: one NFC of a megabyte, not two)."""
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        found = self._nfc(text)
        self._last = (text, found) if len(text) > 1000 else None
        return found


class PythonEncoding(VendorEncoding):
    """A vendor encoding with no tiktoken ``CoreBPE`` underneath (a ``tokenizer.json``, a SentencePiece
    model): ``decode``, the batch methods and ``as_encoded``, on top of its ``decode_bytes`` and ``encode``."""

    def decode_bytes(self, tokens: Sequence[int]) -> bytes:
        raise NotImplementedError

    def decode(self, tokens: Sequence[int], errors: str = "replace") -> str:
        return self.decode_bytes(tokens).decode("utf-8", errors=errors)

    # tiktoken's own methods written in Python on top of the ones above (tests check they still are)
    encode_batch = tiktoken.Encoding.encode_batch
    encode_ordinary_batch = tiktoken.Encoding.encode_ordinary_batch
    decode_tokens_bytes = tiktoken.Encoding.decode_tokens_bytes
    decode_with_offsets = tiktoken.Encoding.decode_with_offsets
    decode_batch = tiktoken.Encoding.decode_batch
    decode_bytes_batch = tiktoken.Encoding.decode_bytes_batch
    is_special_token = tiktoken.Encoding.is_special_token

    def as_encoded(self, text: str, allowed: AbstractSet[str] = frozenset()) -> tuple[str, Offsets]:
        """The text really encoded (only surrogates are fixed), and offsets back."""
        return fixed_surrogates(text)


class JSONEncoding(PythonEncoding):
    """Hugging Face ``tokenizers`` running a byte-level BPE tokenizer.json, with tiktoken's interface.

    Its added tokens are taken out (``pieces`` cuts out the allowed ones, in tokenizers' two passes:
    tokens matched on the raw text, then those matched on normalized text; the tokenizer.json has no
    normalizer). A long text is encoded a piece at a time, cut only where the pre-tokenizer certainly
    cuts (``_SAFE_CUT``), so that tokenizers never holds its per-token records of the whole text.
    """

    def __init__(
        self,
        name: str,
        tokenizer: Any,
        special_tokens: dict[str, int],
        normalized: AbstractSet[str],
        *,
        safe_cut: str,
        end_of_text: str,
    ) -> None:
        self.name = name
        self._special_tokens = special_tokens
        self._special_token_values = set(special_tokens.values())
        self._passes = [frozenset(set(special_tokens) - set(normalized)), frozenset(normalized)]
        self._tokenizer = tokenizer
        self._token_to_id = tokenizer.token_to_id
        self._id_to_token = tokenizer.id_to_token
        self._encode = tokenizer.encode
        self._size: int = tokenizer.get_vocab_size(with_added_tokens=False)
        self.max_token_value: int = max(self._size - 1, *special_tokens.values())
        self._by_id = {i: s.encode("utf-8") for s, i in special_tokens.items()}
        self._to_byte = _byte_decoder()
        self._to_char = {b: c for c, b in self._to_byte.items()}
        self._end_of_text = end_of_text
        import regex

        self._safe_cut = regex.compile(safe_cut)

    def __repr__(self) -> str:
        return f"<Encoding {self.name!r}>"

    def __getattr__(self, name: str) -> Any:
        if name in _TIKTOKEN_PRIVATE:  # hasattr() is still False: explain() asks it
            raise AttributeError(
                _(
                    "{name} runs a tokenizer.json: it has no {attribute} (its pre-tokenizer is several regex splits, "
                    "not one pattern), so it cannot be rebuilt as a tiktoken.Encoding"
                ).format(name=self.name, attribute=name)
            )
        raise AttributeError(name)

    @property
    def n_vocab(self) -> int:
        return self.max_token_value + 1

    @property
    def eot_token(self) -> int:
        return self._special_tokens[self._end_of_text]

    # --- encoding

    def encode_with_unstable(self, text: str, **_options: Any) -> tuple[list[int], list[list[int]]]:
        raise NotImplementedError(
            _("{name} runs a tokenizer.json, not tiktoken's byte-pair core: it has no encode_with_unstable").format(
                name=self.name
            )
        )

    def encode_single_token(self, text_or_bytes: str | bytes) -> int:
        raw = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
        if not isinstance(raw, bytes):
            raise TypeError(
                _("encode_single_token takes str or bytes, not {type}").format(type=type(text_or_bytes).__name__)
            )
        found: int | None = self._token_to_id("".join(self._to_char[b] for b in raw)) if raw else None
        if found is None or found >= self._size:
            found = self._special_tokens.get(raw.decode("utf-8", "replace"))
        if found is None:
            raise KeyError(raw)
        return int(found)

    def _ordinary(self, text: str) -> list[int]:
        ids: list[int] = []
        for start, end in self._chunks(text):
            ids += self._encode(text[start:end], add_special_tokens=False).ids
        return ids

    _CHUNK = 1 << 15  # characters: tokenizers keeps ~250 bytes per character while it encodes

    def _chunks(self, text: str) -> list[tuple[int, int]]:
        """Cuts of ``text`` into pieces of about ``_CHUNK`` characters, each where the pre-tokenizer cuts."""
        spans, start = [], 0
        while len(text) - start > 2 * self._CHUNK:
            cut = self._safe_cut.search(text, start + self._CHUNK)
            if cut is None:
                break
            spans.append((start, cut.start()))
            start = cut.start()
        spans.append((start, len(text)))
        return spans

    # --- decoding: the errors tiktoken's Rust core raises

    def decode_single_token_bytes(self, token: int) -> bytes:
        import operator

        token = operator.index(token)  # TypeError for a float or a str, as tiktoken
        if not 0 <= token < _U32:
            raise OverflowError(_("no token id is {token}: ids are whole numbers from 0").format(token=token))
        raw = self._by_id.get(token)
        if raw is None:
            name = self._id_to_token(token) if token < self._size else None
            if name is None or any(c not in self._to_byte for c in name):
                raise KeyError(_("{name} has no token {token}").format(name=self.name, token=token))
            raw = bytes(self._to_byte[c] for c in name)
        return raw

    def decode_bytes(self, tokens: Sequence[int]) -> bytes:
        if isinstance(tokens, (str, bytes)) or not isinstance(tokens, Sequence):
            raise TypeError(
                _("decode takes a sequence of token ids (a list), not {type}").format(type=type(tokens).__name__)
            )
        return b"".join(map(self.decode_single_token_bytes, tokens))

    def token_byte_values(self) -> list[bytes]:
        to_byte = self._to_byte
        vocabulary = self._tokenizer.get_vocab(with_added_tokens=False)
        return sorted(bytes(map(to_byte.__getitem__, name)) for name in vocabulary if set(name) <= to_byte.keys())


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
