"""Train a byte-level BPE tokenizer, tiktoken's kind, with Hugging Face ``tokenizers`` (the real trainer).

The text is cut into pieces by an encoding's regex (``o200k_base``'s by default, so no token crosses
a word boundary), each piece is read as bytes, and the trainer merges the most frequent pair of
neighbours again and again until the vocabulary has ``vocab_size`` tokens, or no pair is seen at
least twice (a pair seen once is that text by heart, not a pattern). The merges become a
``TrainedEncoding``: a ``tiktoken.Encoding``, registered under its name.

Training is deterministic: the same text, vocabulary size and pattern give the same merges (the
trainer breaks ties between equally frequent pairs by their ids, never by chance).

This module does not measure anything: ``tokenlab.training.sweep`` and ``languages.premiums`` do.

>>> import tokenlab
>>> mine = train_bpe(1000, mix={"eng": 1, "cmn_hans": 1}, name="doc_bpe")
>>> mine.n_vocab, tokenlab.count("人人生而自由", encoding="doc_bpe")
(1000, 4)
>>> tokenlab.registry.unregister("doc_bpe")
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from .. import registry
from .._checks import brief, whole
from .._encode import checked
from .._i18n import _
from ..corpus import Corpus
from .halves import MAX_BYTES, mixed_texts
from .trained import TrainedEncoding, checked_name

__all__ = [
    "train_bpe",
    "learn_merges",
    "checked_vocab_size",
    "texts_to_read",
    "byte_decoder",
    "MIN_VOCAB",
    "MAX_VOCAB",
    "MIN_PAIR_COUNT",
]

MIN_VOCAB = 256  # the bytes: a vocabulary of 256 has no merge at all
MAX_VOCAB = 200_000  # as big as the biggest shipped encoding
MIN_PAIR_COUNT = 2  # a pair seen once is not merged


def train_bpe(
    vocab_size: int = 4000,
    *,
    mix: Mapping[str, float] | None = None,
    corpus: Corpus | None = None,
    texts: Sequence[str] | None = None,
    name: str = "mine",
    pattern: str = "o200k_base",
) -> TrainedEncoding:
    """Train a byte-level BPE of ``vocab_size`` tokens and register it as ``name``.

    By default it reads the training half of the bundled corpus (``training_half``), each
    language once; ``mix`` weighs languages (``{"eng": 1}``: English only; see ``halves``), and
    ``corpus`` gives another corpus. Or give ``texts``, a list of texts, read whole. ``pattern``
    names the encoding whose regex cuts text into pieces first.
    """
    size = checked_vocab_size(vocab_size)
    name = checked_name(name)
    info = registry.encoding_info(pattern)  # its regex, without loading it
    if info.splits != 1:
        raise ValueError(
            _("{name} cuts text with {n} regexes one after another; train with a one-regex encoding, e.g. qwen").format(
                name=info.name, n=info.splits
            )
        )
    source, readings = texts_to_read(mix, corpus, texts)
    start = time.perf_counter()
    merges = learn_merges(readings, size, info.pattern)
    trained = {
        "vocab_size": size,
        "pattern_of": info.name,
        "mix": None if texts is not None else source[1],
        "corpus": source[0],
        "languages": [code for code, weight in (source[1] or {}).items() if weight > 0],
        "bytes": sum(len(t.encode("utf-8")) for t in readings),
        "seconds": round(time.perf_counter() - start, 2),
        "tokenizers": _tokenizers_version(),
    }
    encoding = TrainedEncoding(name, pattern=info.pattern, merges=merges, trained=trained)
    registry.register(encoding, encoding.info)
    return encoding


def checked_vocab_size(value: object) -> int:
    try:
        return whole(value, "vocab_size", low=MIN_VOCAB, high=MAX_VOCAB)
    except ValueError:
        raise ValueError(
            _("vocab_size must be from {low} (the 256 bytes) to {high:,}, not {value}").format(
                low=MIN_VOCAB, high=MAX_VOCAB, value=brief(value)
            )
        ) from None


def texts_to_read(
    mix: Mapping[str, float] | None, corpus: Corpus | None, texts: Sequence[str] | None
) -> tuple[tuple[str, dict[str, float] | None], list[str]]:
    """Where the text comes from (a description, the mix) and the texts the trainer reads."""
    from .halves import check_mix, training_half

    if texts is None:
        half = training_half(corpus)
        weights = check_mix(mix, half)
        return (half.source, weights), mixed_texts(weights, corpus=corpus)
    if mix is not None or corpus is not None:
        raise ValueError(_("give texts, or a corpus and a mix; not both"))
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise TypeError(_("texts is a list of texts (str), not {name}").format(name=type(texts).__name__))
    readings = [checked(t) for t in texts]
    read = sum(len(t.encode("utf-8", "surrogatepass")) for t in readings)
    if read == 0:
        raise ValueError(_("train_bpe needs some text to learn from: the texts are empty"))
    if read > MAX_BYTES:
        raise ValueError(
            _("these texts are {read:,} bytes; train on at most {most:,}").format(read=read, most=MAX_BYTES)
        )
    return ("your texts", None), [t.encode("utf-16", "surrogatepass").decode("utf-16", "replace") for t in readings]


def learn_merges(texts: list[str], vocab_size: int, pattern: str) -> list[tuple[int, int]]:
    """The merges Hugging Face's BpeTrainer learns, as pairs of tiktoken ranks, each token once."""
    import json

    from tokenizers import Regex, Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(pattern), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=MIN_PAIR_COUNT,
        show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        special_tokens=[],
    )
    tokenizer.train_from_iterator(texts, trainer, length=len(texts))
    learned = json.loads(tokenizer.to_str())["model"]["merges"]  # (left, right), in the order learned
    to_byte = byte_decoder()
    ranks = {bytes([i]): i for i in range(256)}
    merges = []
    for pair in learned:
        left, right = pair if isinstance(pair, list) else pair.split(" ")
        a, b = (bytes(to_byte[c] for c in part) for part in (left, right))
        if a + b not in ranks:  # the trainer can make one token from two different pairs: keep the first
            ranks[a + b] = len(ranks)
            merges.append((ranks[a], ranks[b]))
    return merges


def byte_decoder() -> dict[str, int]:
    """GPT-2's printable stand-in for each byte, reversed: how byte-level trainers write bytes."""
    printable = [*range(ord("!"), ord("~") + 1), *range(0xA1, 0xAC + 1), *range(0xAE, 0xFF + 1)]
    stand_in = {b: chr(b) for b in printable}
    for extra, b in enumerate(b for b in range(256) if b not in stand_in):
        stand_in[b] = chr(256 + extra)
    return {c: b for b, c in stand_in.items()}


def _tokenizers_version() -> str:
    from importlib.metadata import version

    return version("tokenizers")
