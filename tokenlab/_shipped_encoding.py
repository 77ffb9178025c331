"""A ``tiktoken.Encoding`` built from ranks shipped in the package, that keeps no Python copy of them.

tiktoken's ``Encoding`` keeps the dict of ranks it was built from (for o200k_base, 200,000 bytes
objects: tens of megabytes per encoding), though only its Rust core encodes and decodes.
``ShippedEncoding`` keeps none: ``_mergeable_ranks`` reads the shipped file again when asked and
gives a real ``dict``, held only while someone holds it. So what tiktoken tells its users to do
still works, as on tiktoken's own encodings:

- extend an encoding: ``tiktoken.Encoding(name=..., pat_str=enc._pat_str,
  mergeable_ranks=enc._mergeable_ranks, special_tokens={...})``;
- ``pickle`` and ``copy`` it: by name, as tiktoken pickles its registered encodings, so that the
  copy is tokenlab's own encoding of that name, loaded from the package.

``eot_token`` is the vendor's end-of-text token (``</s>`` for Mistral's Tekken). Private to
tokenlab's core: ``_shipped`` and ``_vendors`` build these.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import tiktoken

__all__ = ["ShippedEncoding", "Ranks", "registered"]


class Ranks(dict[bytes, int]):
    """A plain dict of ranks (a subclass only so that an encoding can hold it weakly)."""


class ShippedEncoding(tiktoken.Encoding):
    """A ``tiktoken.Encoding`` whose Python ranks are read from the package only when asked."""

    def __init__(
        self,
        name: str,
        *,
        pat_str: str,
        mergeable_ranks: dict[bytes, int],
        special_tokens: dict[str, int],
        read_ranks: Callable[[], Ranks],
        end_of_text: str = "<|endoftext|>",
        explicit_n_vocab: int | None = None,
    ) -> None:
        self._read_ranks = read_ranks
        self._held: weakref.ref[Ranks] | None = None
        self._end_of_text = end_of_text
        super().__init__(
            name,
            pat_str=pat_str,
            mergeable_ranks=mergeable_ranks,
            special_tokens=special_tokens,
            explicit_n_vocab=explicit_n_vocab,
        )

    @property
    def _mergeable_ranks(self) -> dict[bytes, int]:
        """The ranks, as the dict tiktoken was built from: read from the package, kept while held."""
        held = self._held() if self._held is not None else None
        if held is None:
            held = self._read_ranks()
            self._held = weakref.ref(held)
        return held

    @_mergeable_ranks.setter
    def _mergeable_ranks(self, ranks: dict[bytes, int]) -> None:
        # tiktoken's __init__ stores the ranks it was built from: held only weakly, so they are freed
        self._held = weakref.ref(ranks) if isinstance(ranks, Ranks) else None

    @property
    def eot_token(self) -> int:
        return self._special_tokens[self._end_of_text]

    def __reduce__(self) -> tuple[Callable[[str], Any], tuple[str]]:
        return registered, (self.name,)


def registered(name: str) -> Any:
    """tokenlab's encoding ``name`` (what a pickled or copied ``ShippedEncoding`` comes back as)."""
    from . import registry

    return registry.get_encoding(name)
