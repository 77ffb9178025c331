"""Build your own tokenizer: train one on a corpus, measure it on text it never saw, and write BPE yourself.

- ``train_bpe``: a byte-level BPE (tiktoken's kind) trained with Hugging Face ``tokenizers`` on the
  training half of a parallel corpus with a mix of languages, or on your texts; a real
  ``tiktoken.Encoding``, registered under its name, so ``tokenize``, ``count``, ``compare``,
  ``premiums`` and the widgets know it. ``.save(path)`` writes it as JSON; ``load`` reads it back.
- ``train_sentencepiece``: SentencePiece's BPE mode with byte fallback (its default is Unigram).
- ``training_half``, ``held_out``: the two halves of a corpus; ``sweep`` trains at several
  vocabulary sizes and measures compression and each language's premium on the held-out half.
- ``check_bpe``: checks a student's ``count_pairs`` and ``merge`` against tokenlab's exact BPE and tiktoken.

>>> import tokenlab
>>> from tokenlab import training
>>> mine = training.train_bpe(500, mix={"eng": 1}, name="doc_init")
>>> mine.n_vocab, mine.name in tokenlab.encodings()
(500, True)
>>> tokenlab.registry.unregister("doc_init")
"""

from __future__ import annotations

from .bpe import MAX_VOCAB, MIN_VOCAB, train_bpe
from .exercise import Check, check_bpe
from .files import load
from .halves import held_out, mixed_texts, training_half
from .measure import held_out_premiums
from .pieces import SentencePieceEncoding, train_sentencepiece
from .sweep import sweep
from .trained import TrainedEncoding

__all__ = [
    "train_bpe",
    "TrainedEncoding",
    "load",
    "train_sentencepiece",
    "SentencePieceEncoding",
    "training_half",
    "held_out",
    "held_out_premiums",
    "mixed_texts",
    "sweep",
    "check_bpe",
    "Check",
    "MIN_VOCAB",
    "MAX_VOCAB",
]
