"""SentencePiece's BPE with byte fallback: the other kind of tokenizer (Llama's and Gemma's).

A byte-level BPE (tiktoken's kind, ``train_bpe``) starts from the 256 bytes: a Chinese character,
three bytes in UTF-8, becomes one token only after two merges. SentencePiece starts from the
*characters* of its training text (those that cover 99.95% of it), merges those, and with
**byte fallback** writes any other character as its UTF-8 bytes, ``<0xE5>`` ``<0x8C>`` ``<0xBB>``:
a character it never saw still becomes tokens, never ``<unk>``.

It is trained with the ``sentencepiece`` package (``pip install sentencepiece``; the ``lab`` extra
has it), keeping the text as it is (no normalization, no space added in front) so that the tokens'
bytes spell the text, and registered under its name like every tokenizer ``tokenlab.training`` makes.

>>> sp = train_sentencepiece(1000, mix={"cmn_hans": 1}, name="doc_sp")
>>> sp.pieces("人人生而自由"), sp.pieces("医")  # 医 is not in the training half
(['人人', '生', '而', '自由'], ['<0xE5>', '<0x8C>', '<0xBB>'])
>>> from tokenlab import registry; registry.unregister("doc_sp")
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

from .. import _html, registry
from .._i18n import _, units
from .._vendor_kinds import PythonEncoding
from ..corpus import Corpus
from .trained import checked_name

__all__ = ["train_sentencepiece", "SentencePieceEncoding", "CHARACTER_COVERAGE"]

CHARACTER_COVERAGE = 0.9995  # Llama's: the characters that make up 99.95% of the text get a token each
_BYTE = re.compile(r"<0x([0-9A-F]{2})>")


class SentencePieceEncoding(PythonEncoding):
    """A trained SentencePiece model behind tiktoken's interface (``encode_ordinary``, ``decode``, ...)."""

    def __init__(self, name: str, model: bytes, trained: dict[str, Any]) -> None:
        import sentencepiece

        self.name = name
        self._special_tokens: dict[str, int] = {}  # none: its control tokens never come out of text
        self._passes: list[frozenset[str]] = []
        self.model = model  # the .model file's bytes: write them to a file and sentencepiece loads it
        self.trained = trained
        self._sp = sentencepiece.SentencePieceProcessor(model_proto=model)
        self.max_token_value = self._sp.get_piece_size() - 1
        self._table = [self._piece_bytes(i) for i in range(self.max_token_value + 1)]
        self._ids = {raw: i for i, raw in enumerate(self._table) if raw and not self._sp.is_byte(i)}
        for i in range(self.max_token_value + 1):
            if self._sp.is_byte(i):
                self._ids.setdefault(self._table[i], i)

    @property
    def n_vocab(self) -> int:
        return self.max_token_value + 1

    @property
    def eot_token(self) -> int:
        return int(self._sp.eos_id())

    def encode_single_token(self, text_or_bytes: str | bytes) -> int:
        raw = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
        found = self._ids.get(raw)
        if found is None:
            raise KeyError(raw)
        return found

    def decode_single_token_bytes(self, token: int) -> bytes:
        import operator

        token = operator.index(token)
        if not 0 <= token <= self.max_token_value:
            raise KeyError(token)
        return self._table[token]

    def decode_bytes(self, tokens: Sequence[int]) -> bytes:
        return b"".join(map(self.decode_single_token_bytes, tokens))

    def token_byte_values(self) -> list[bytes]:
        return sorted(raw for raw in self._table if raw)

    def _piece_bytes(self, i: int) -> bytes:
        piece = self._sp.id_to_piece(i)
        if self._sp.is_byte(i):
            return bytes([int(_BYTE.fullmatch(piece)[1], 16)])  # type: ignore[index]
        if self._sp.is_unknown(i):
            return "⁇".encode()  # what SentencePiece writes for it: the character itself is lost
        if self._sp.is_control(i):
            return b""
        return piece.replace("▁", " ").encode("utf-8")

    @property
    def info(self) -> registry.EncodingInfo:
        return registry.EncodingInfo(self.name, self.n_vocab, self.n_vocab, {}, "", "trained")

    def pieces(self, text: str, allowed: object = None) -> Any:
        """The pieces SentencePiece cuts ``text`` into, as it writes them (``▁`` is a space)."""
        if allowed is not None:  # VendorEncoding's own use: cutting out special tokens (there are none)
            return [(text, False)]
        return self._sp.encode(text, out_type=str)

    def _ordinary(self, text: str) -> list[int]:
        ids: list[int] = self._sp.encode(text)
        return ids

    def __repr__(self) -> str:
        return f"<SentencePieceEncoding {self.name}: {units(self.n_vocab, 'token')}>"

    def _repr_html_(self) -> str:
        read = self.trained.get("bytes", 0)
        text = _("{name}: SentencePiece BPE with byte fallback, {tokens}, trained on {size}").format(
            name=self.name, tokens=units(self.n_vocab, "token"), size=units(read, "byte")
        )
        return _html.block("trained", f"<div><b>{_html.esc(text)}</b></div>")


def train_sentencepiece(
    vocab_size: int = 4000,
    *,
    mix: Mapping[str, float] | None = None,
    corpus: Corpus | None = None,
    texts: Sequence[str] | None = None,
    name: str = "sentencepiece",
    byte_fallback: bool = True,
) -> SentencePieceEncoding:
    """Train SentencePiece's BPE with byte fallback on the same text ``train_bpe`` would read.

    Its vocabulary must hold the 256 byte tokens, 3 control tokens and one token per character it
    keeps; if it is too small for that, the error says how big it must be. With
    ``byte_fallback=False`` a character it did not keep becomes ``<unk>`` (shown as ``⁇``): the
    text can no longer be decoded back.
    """
    from .bpe import checked_vocab_size, texts_to_read  # the same checks and the same text as train_bpe

    size = checked_vocab_size(vocab_size)
    name = checked_name(name)
    source, readings = texts_to_read(mix, corpus, texts)
    try:
        import sentencepiece
    except ImportError:
        raise ImportError(_("train_sentencepiece needs the sentencepiece package: pip install sentencepiece")) from None
    import io

    lines = [line for text in readings for line in text.split("\n") if line.strip()]
    model = io.BytesIO()
    start = time.perf_counter()
    try:
        sentencepiece.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_writer=model,
            vocab_size=size,
            model_type="bpe",
            byte_fallback=bool(byte_fallback),
            character_coverage=CHARACTER_COVERAGE,
            normalization_rule_name="identity",
            add_dummy_prefix=False,
            remove_extra_whitespaces=False,
            split_digits=True,
            hard_vocab_limit=False,
            max_sentence_length=1 << 16,
            num_threads=1,
            minloglevel=3,
        )
    except RuntimeError as error:
        reason = str(error).strip().splitlines()[-1].split("] ")[-1]
        raise ValueError(_("SentencePiece cannot train this: {reason}").format(reason=reason)) from None
    trained = {
        "vocab_size": size,
        "corpus": source[0],
        "mix": source[1] if texts is None else None,
        "bytes": sum(len(t.encode("utf-8")) for t in readings),
        "seconds": round(time.perf_counter() - start, 2),
    }
    encoding = SentencePieceEncoding(name, model.getvalue(), trained)
    registry.register(encoding, encoding.info)
    return encoding
