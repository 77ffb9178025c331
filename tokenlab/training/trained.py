"""A tokenizer you trained: a real ``tiktoken.Encoding``, built from the merges it learned.

Token ids 0-255 are the 256 bytes; merge ``k`` (``merges[k]``, a pair of ids) makes token
``256 + k``, whose bytes are its two parts' bytes joined. tiktoken encodes with these ranks and
the pre-tokenizer pattern it was trained with, so ids are exactly tiktoken's and as fast. Once made,
it is registered under its name: ``tokenize``, ``count``, ``compare``, ``premiums`` and the widgets
know it like a shipped encoding.

>>> from tokenlab.training import train_bpe
>>> mine = train_bpe(300, mix={"eng": 1}, name="doc_mine")
>>> mine.n_vocab, mine.decode(mine.encode_ordinary("human rights"))
(300, 'human rights')
>>> registry.unregister("doc_mine")
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tiktoken

from .. import _html, registry
from .._checks import brief
from .._i18n import _, units

__all__ = ["TrainedEncoding", "checked_name"]

_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


def checked_name(name: object) -> str:
    """A name to register a tokenizer under: 1 to 40 letters (of any script: ``只读英文`` is fine),
    digits, ``_``, ``.`` or ``-``, and not the name of a shipped encoding or of a model (checked
    before training, not after)."""
    if not isinstance(name, str) or not 0 < len(name) <= 40 or not all(c in _NAME_CHARS or c.isalpha() for c in name):
        raise ValueError(
            _("a tokenizer's name is 1 to 40 letters, digits, '_', '.' or '-', e.g. 'mine'; not {name}").format(
                name=brief(name)
            )
        )
    registry.check_name(name)
    return name


class TrainedEncoding(tiktoken.Encoding):
    """A byte-level BPE from ``merges`` (pairs of ids, in the order they were learned) and a pattern.

    ``trained`` says how it was made (vocabulary size asked, mix, corpus, bytes read, seconds, ...).
    """

    def __init__(self, name: str, *, pattern: str, merges: Sequence[tuple[int, int]], trained: dict[str, Any]) -> None:
        table = [bytes([i]) for i in range(256)]
        for left, right in merges:
            table.append(table[left] + table[right])
        super().__init__(
            checked_name(name),
            pat_str=pattern,
            mergeable_ranks={token: rank for rank, token in enumerate(table)},
            special_tokens={},
        )
        self.merges = [(int(a), int(b)) for a, b in merges]
        self.trained = dict(trained)
        self.table = table  # each id's bytes

    @property
    def info(self) -> registry.EncodingInfo:
        """What the registry says of it: ``encoding_info(name)``."""
        return registry.EncodingInfo(self.name, self.n_vocab, self.n_vocab, {}, self._pat_str, "trained")

    def save(self, path: str | Path) -> Path:
        """Write it to a JSON file you can read (see ``tokenlab.training.files``); returns the path."""
        from .files import save

        return save(self, path)

    def learned(self, first: int = 10) -> list[str]:
        """The first merges it learned, as a student reads them: ``'t' + 'h' → 'th'``."""
        from ..bpe import shown

        return [
            f"{shown(self.table[a])} + {shown(self.table[b])} → {shown(self.table[256 + k])}"
            for k, (a, b) in enumerate(self.merges[:first])
        ]

    def _summary(self) -> tuple[str, str]:
        asked = self.trained.get("vocab_size")
        read = self.trained.get("bytes")
        langs = self.trained.get("languages") or []
        head = _("{name}: {tokens}, trained on {size} of {langs}").format(
            name=self.name,
            tokens=units(self.n_vocab, "token"),
            size=units(read, "byte") if isinstance(read, int) else "?",
            langs=units(len(langs), "language") if langs else _("your texts"),
        )
        short = ""
        if isinstance(asked, int) and asked > self.n_vocab:
            short = _(
                "{asked:,} tokens were asked, but the text ran out of pairs seen at least twice after {learned:,}: "
                "a bigger vocabulary needs more text."
            ).format(asked=asked, learned=self.n_vocab)
        return head, short

    def __repr__(self) -> str:
        head, short = self._summary()
        return f"<TrainedEncoding {head}>" + (f" ({short})" if short else "")

    def _repr_html_(self) -> str:
        head, short = self._summary()
        inner = f"<div><b>{_html.esc(head)}</b></div>"  # not its merges: a lesson asks about them first
        if short:
            inner += _html.notice(short, level="info")
        return _html.block("trained", inner)
