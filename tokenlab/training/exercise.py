"""Write BPE yourself: a checker for the two functions at its heart.

A student writes ``count_pairs(ids)`` (how often each pair of neighbours occurs, in the order pairs
first appear) and ``merge(ids, pair, new_id)`` (every occurrence of ``pair``, left to right, replaced
by ``new_id``). ``check_bpe`` runs them three ways and stops at the first difference:

1. on small cases, each aimed at a usual mistake (a pair that overlaps itself, as in ``aaa``; only
   the first occurrence merged; the last id dropped; a pair counted across the end of the list);
2. training: merges learned with them on a text, against tokenlab's exact BPE (``bpe.train``,
   which is tiktoken's own teaching code, ties included);
3. encoding: texts in a dozen languages encoded with them and ``o200k_base``'s ranks, against tiktoken.

It returns a ``Check``: ``passed``, the failing ``text``, ``where`` it fails and a ``message`` in the
language in use (``set_language``). It is a plain function, so any exercise system can wrap it.

>>> def count_pairs(ids):
...     counts = {}
...     for pair in itertools.pairwise(ids):
...         counts[pair] = counts.get(pair, 0) + 1
...     return counts
>>> def merge(ids, pair, new_id):
...     out, i = [], 0
...     while i < len(ids):
...         if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
...             out.append(new_id)
...             i += 2
...         else:
...             out.append(ids[i])
...             i += 1
...     return out
>>> check_bpe(count_pairs, merge).passed
True
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import _html
from .._checks import brief
from .._i18n import _

__all__ = ["check_bpe", "Check", "CountPairs", "Merge", "shown_value"]

CountPairs = Callable[[list[int]], Any]
Merge = Callable[[list[int], tuple[int, int], int], Any]

_TRAIN_MERGES = 40
_LANGUAGES = ("eng", "spa", "deu", "rus", "cmn_hans", "jpn", "kor", "hin", "arb", "tha", "mya", "yor")
_EDGES = ("aaaa aaa aa a", "    four spaces", "1234567890", "👍🏽 emoji", "", "\n\n\n")


@dataclass(frozen=True)
class Check:
    """What ``check_bpe`` found: ``passed``, and for a failure the ``text`` it used, ``where`` it
    went wrong, what was ``expected`` and what the student's code ``got``, a ``message``, and the
    ``mistake`` recognised (a code such as ``"merge-skip"``, for a hint aimed at it)."""

    passed: bool
    message: str
    text: str | None = None
    where: str | None = None
    expected: Any = None
    got: Any = None
    mistake: str | None = None
    texts: int = 0  # how many texts were encoded against tiktoken (when it passed)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        if self.passed:
            return _html.notice(self.message, level="success")
        rows = [(_("where"), self.where)] if self.where else []
        if self.text is not None:
            rows.append((_("text"), brief(self.text)))
        rows += [(label, shown_value(v)) for label, v in ((_("expected"), self.expected), (_("your code"), self.got))]
        return _html.notice(self.message, level="error") + _html.block("check", _html.table(rows, align="ll"))


def shown_value(value: Any) -> str:
    """A value as the checker shows it: dicts in their own order (not sorted), bytes as ``⟨e5 8c⟩``.

    >>> shown_value({(3, 1): 2, (1, 2): 1}), shown_value(b"\\xe5\\x8c"), shown_value(None)
    ('{(3, 1): 2, (1, 2): 1}', "'⟨e5 8c⟩'", 'None')
    """
    if isinstance(value, bytes):
        return _shown(value)  # already in quotes
    if isinstance(value, dict) and len(value) <= 12:
        inner = ", ".join(f"{brief(k)}: {brief(v)}" for k, v in value.items())
        return "{" + inner + "}"
    return brief(value)


class _FailedError(Exception):
    def __init__(self, check: Check) -> None:
        self.check = check


def check_bpe(count_pairs: CountPairs, merge: Merge) -> Check:
    """Check a student's ``count_pairs`` and ``merge``; see the module's docstring."""
    for function, name in ((count_pairs, "count_pairs"), (merge, "merge")):
        if not callable(function):
            raise TypeError(_("{name} is a function, not {kind}").format(name=name, kind=type(function).__name__))
    try:
        _small_cases(count_pairs, merge)
        _training(count_pairs, merge)
        checked = _encoding(count_pairs, merge)
    except _FailedError as failed:
        return failed.check
    return Check(
        True,
        _(
            "Both functions are right: the same merges as tokenlab's BPE, and the same ids as tiktoken on {n} texts."
        ).format(n=checked),
        texts=checked,
    )


def _call(function: Callable[..., Any], name: str, *args: Any) -> Any:
    shown = f"{name}({', '.join(map(repr, args))})"
    try:
        return function(*[list(a) if isinstance(a, list) else a for a in args])
    except Exception as error:
        raise _FailedError(
            Check(
                False,
                _("{call} raised {error}: {detail}").format(call=shown, error=type(error).__name__, detail=error),
                where=shown,
                mistake="raised",
            )
        ) from None


# Each small case: arguments, the right answer, the hint for the mistake it catches, and its code.
def _count_cases() -> list[tuple[list[int], dict[tuple[int, int], int], str, str]]:
    return [
        ([3, 1, 2, 3, 1], {(3, 1): 2, (1, 2): 1, (2, 3): 1},
         _("count each pair of neighbours: ids[i] and ids[i + 1], for every i but the last"), "count-neighbours"),
        ([1, 2, 3, 3, 3], {(1, 2): 1, (2, 3): 1, (3, 3): 2},
         _("count each pair of neighbours: ids[i] and ids[i + 1], for every i but the last"), "count-neighbours"),
        ([5, 5, 5], {(5, 5): 2},
         _("in 5 5 5 the pair (5, 5) occurs twice when counting: at positions 0 and 1"), "count-overlap"),
        ([7], {}, _("a single id has no pair"), "count-single"),
        ([], {}, _("an empty list has no pair"), "count-single"),
    ]  # fmt: skip


def _merge_cases() -> list[tuple[list[int], tuple[int, int], list[int], str, str]]:
    return [
        ([3, 1], (1, 2), [3, 1], _("keep the last id when it is not the start of a pair"), "merge-last"),
        ([5, 5, 5], (5, 5), [9, 5],
         _("after merging a pair, skip both of its ids: in 5 5 5 the pair (5, 5) is merged once, and a 5 is left"),
         "merge-skip"),
        ([1, 2, 3, 1, 2], (1, 2), [9, 3, 9],
         _("replace every occurrence of the pair, not only the first"), "merge-every"),
        ([5, 5, 5, 5], (5, 5), [9, 9],
         _("go left to right and skip both ids of each merged pair: 5 5 5 5 is two pairs"), "merge-skip"),
        ([1, 2], (2, 1), [1, 2], _("(2, 1) is not in [1, 2]: the order inside a pair matters"), "merge-order"),
    ]  # fmt: skip


def _failed(message: str, call: str, expected: Any, got: Any, mistake: str) -> _FailedError:
    return _FailedError(Check(False, message, None, call, expected, got, mistake))


def _wrong_kind(call: str, name: str, got: Any, expected: Any) -> _FailedError | None:
    """A dedicated message for nothing returned, or a value of the wrong type."""
    if got is None:
        what = _("a dict") if name == "count_pairs" else _("a list")
        message = _("{call} returned None: end {name} with return, and return {what}").format(
            call=call, name=name, what=what
        )
        return _failed(message, call, expected, None, "no-return")
    wanted = dict if name == "count_pairs" else list
    if (name == "count_pairs" and not hasattr(got, "items")) or (name == "merge" and not isinstance(got, list)):
        message = _("{call} returned a {kind}; {name} returns a {wanted}").format(
            call=call, kind=type(got).__name__, name=name, wanted=wanted.__name__
        )
        return _failed(message, call, expected, got, "wrong-type")
    return None


def _small_cases(count_pairs: CountPairs, merge: Merge) -> None:
    for ids, expected, hint, mistake in _count_cases():
        call = f"count_pairs({ids!r})"
        got = _call(count_pairs, "count_pairs", ids)
        if (kind := _wrong_kind(call, "count_pairs", got, expected)) is not None:
            raise kind
        if dict(got) != expected:
            extra = [pair for pair in got if pair not in expected]
            missing = [pair for pair in expected if pair not in got]
            if not got:
                hint, mistake = _("it returned an empty dict: count every pair of neighbours"), "count-empty"
            elif extra:
                hint = _(
                    "{pair} is not a pair of neighbours in the list: the last id has no neighbour after it"
                ).format(pair=brief(extra[0]))
            elif missing and missing[-1] == tuple(ids[-2:]):
                hint = _("the pair {pair} is missing: count up to the last pair of the list").format(pair=missing[-1])
            elif missing:
                hint = _("the pair {pair} is missing: count every pair of neighbours").format(pair=missing[0])
            raise _failed(_("{call} is wrong: {hint}").format(call=call, hint=hint), call, expected, dict(got), mistake)
        if list(got) != list(expected):
            message = _(
                "{call} has the right counts in the wrong order: keep pairs in the order they first appear (training "
                "takes the first of the most frequent pairs, as tiktoken does)"
            ).format(call=call)
            raise _failed(message, call, list(expected), list(got), "count-order")
    for ids, pair, right, hint, mistake in _merge_cases():
        call = f"merge({ids!r}, {pair!r}, 9)"
        got = _call(merge, "merge", ids, pair, 9)
        if (kind := _wrong_kind(call, "merge", got, right)) is not None:
            raise kind
        if got != right:
            raise _failed(_("{call} is wrong: {hint}").format(call=call, hint=hint), call, right, got, mistake)


def _shown(raw: bytes) -> str:
    from ..bpe import shown

    return shown(raw)


def _training(count_pairs: CountPairs, merge: Merge) -> None:
    """Train on a text with the student's functions, merge by merge against ``bpe.train``."""
    import regex

    from ..bpe import train
    from ..corpus import load_corpus

    text = load_corpus()["eng"].units["1"] + "\naaaa aaa aaaaaa\n" + load_corpus()["cmn_hans"].units["1"]
    reference = train(text, merges=_TRAIN_MERGES)
    words: dict[tuple[int, ...], int] = {}
    for piece in regex.findall(reference.pat_str, text):
        key = tuple(piece.encode("utf-8"))
        words[key] = words.get(key, 0) + 1
    table = [bytes([i]) for i in range(256)]
    current = [list(word) for word in words]
    for step, expected in enumerate(reference.merges):
        stats: dict[tuple[int, int], int] = {}
        for ids, n in zip(current, words.values(), strict=True):
            if len(ids) > 1:
                for pair, count in _counts(count_pairs, ids).items():
                    stats[pair] = stats.get(pair, 0) + count * n
        best = max(stats, key=stats.__getitem__) if stats else None
        got = table[best[0]] + table[best[1]] if best else b""
        if got != expected.token:
            message = _(
                "merge {step} of training differs: your functions merged {got}, tokenlab's BPE merges {left} + "
                "{right} → {token}. Check count_pairs on longer lists, and that merge replaces every occurrence."
            ).format(
                step=step + 1, got=_shown(got), left=_shown(expected.left), right=_shown(expected.right),
                token=_shown(expected.token),
            )  # fmt: skip
            where = _("merge {n}").format(n=step + 1)
            raise _FailedError(Check(False, message, text, where, expected.token, got, "training"))
        assert best is not None
        table.append(got)
        current = [_merged(merge, ids, best, 256 + step) if len(ids) > 1 else ids for ids in current]


def _counts(count_pairs: CountPairs, ids: list[int]) -> dict[tuple[int, int], int]:
    got = _call(count_pairs, "count_pairs", ids)
    if not hasattr(got, "items"):
        raise _FailedError(
            Check(
                False,
                _("count_pairs must return a dict of pair to count"),
                None,
                "count_pairs",
                None,
                got,
                "wrong-type",
            )
        )
    return dict(got)


def _merged(merge: Merge, ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    got = _call(merge, "merge", ids, pair, new_id)
    if not isinstance(got, list) or (pair in itertools.pairwise(ids) and len(got) >= len(ids)):
        call = f"merge({brief(ids)}, {pair!r}, {new_id})"
        message = _("{call} returned no shorter list, though the pair is in it").format(call=call)
        raise _FailedError(Check(False, message, None, call, None, got, "merge-every"))
    return got


def _encoding(count_pairs: CountPairs, merge: Merge) -> int:
    """Encode texts with the student's functions and o200k_base's ranks, against tiktoken's ids."""
    import regex

    from .. import registry
    from ..corpus import load_corpus

    enc = registry.get_encoding("o200k_base")
    pattern = registry.encoding_info("o200k_base").pattern
    corpus = load_corpus()
    texts: Sequence[str] = [*(corpus[code].units["1"] for code in _LANGUAGES), *_EDGES]
    done: dict[str, list[int]] = {}
    for text in texts:
        got: list[int] = []
        for piece in regex.findall(pattern, text):
            if piece not in done:
                done[piece] = _encode_piece(count_pairs, merge, enc, piece)
            got += done[piece]
        expected = enc.encode_ordinary(text)
        if got != expected:
            at = next(
                (i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b), min(len(got), len(expected))
            )
            offset = len(enc.decode_bytes(expected[:at]))
            where = _("token {n}, at byte {offset}").format(n=at + 1, offset=offset)
            message = _(
                "text {brief}: your tokens differ from tiktoken's at token {n} (byte {offset} of the text)"
            ).format(brief=brief(text[:30]), n=at + 1, offset=offset)
            raise _FailedError(Check(False, message, text, where, expected[at : at + 5], got[at : at + 5], "encoding"))
    return len(texts)


def _encode_piece(count_pairs: CountPairs, merge: Merge, enc: Any, piece: str) -> list[int]:
    """The lesson's ``encode`` loop: merge the pair whose token has the lowest rank, until none has one."""
    ids = [enc.encode_single_token(bytes([b])) for b in piece.encode("utf-8")]
    while len(ids) >= 2:
        ranked = {}
        for pair in _counts(count_pairs, ids):
            try:
                ranked[pair] = enc.encode_single_token(
                    enc.decode_single_token_bytes(pair[0]) + enc.decode_single_token_bytes(pair[1])
                )
            except (KeyError, TypeError, OverflowError):
                continue
        if not ranked:
            break
        pair = min(ranked, key=ranked.__getitem__)
        ids = _merged(merge, ids, pair, ranked[pair])
    return ids
