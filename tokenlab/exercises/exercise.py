"""An exercise that answers back: ``check``, ``hint`` and ``solution`` in the lesson.

Each lesson's exercises are defined in ``lessonNN.py`` as a ``Spec``: the parts of the answer
(names a student fills in), the givens (the lesson's own texts and numbers, passed when the
exercise is made, so a check follows the lesson), a check that *computes* what is right and
names the usual mistake it recognises, a general hint, and a solution whose code computes the
answer (the tests run it and check it passes).

    q = exercise("02.system-prompt", system_prompt=system_prompt)
    added = ...        # the student's answer
    total = ...
    q.check()          # reads added and total from the notebook (or: q.check(added, total))

>>> q = exercise("01.word")
>>> q.check(" pandemic").correct
True
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import _html
from .._checks import brief
from .._i18n import N_, _, language
from . import _lessons, progress
from ._answers import MISSING, Unreadable
from ._lessons import LESSONS
from ._say import Say
from .result import Hint, Result, Solution

__all__ = [
    "Part",
    "Spec",
    "Exercise",
    "exercise",
    "exercises",
    "spec",
    "define",
    "parts",
    "by_lang",
    "LESSONS",
    "Wrong",
    "Incomplete",
]


@dataclass(frozen=True)
class Part:
    """One named part of an answer: ``name`` (a variable in the notebook), what it is (``says``),
    and whether the exercise can be checked without it."""

    name: str
    says: str  # a message id: what to put in it
    optional: bool = False


class Incomplete(Exception):  # noqa: N818
    """Raised inside a check: a part this lesson's wording asks for is missing."""

    def __init__(self, said: Say) -> None:
        super().__init__(str(said))
        self.said = said


class Wrong(Exception):  # noqa: N818 (raised by a check: the answer is wrong in a known way)
    """Raised inside a check: ``said`` tells what is wrong, ``mistake`` names it (its hint is the spec's)."""

    def __init__(self, said: Say, mistake: str | None = None) -> None:
        super().__init__(str(said))
        self.said, self.mistake = said, mistake


Check = Callable[[dict[str, Any], dict[str, Any]], Say]
Lang = str | Mapping[str, str]  # one text, or one per language of the lessons ("en", "zh_CN")
Truth = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Spec:
    """What an exercise is. ``check(answer, givens)`` returns what to say when right, or raises
    ``Wrong`` (a known mistake) or ``Unreadable``. ``givens`` maps a language (``en``, ``zh_CN``)
    to the lesson's values; ``solution`` is code that assigns every part from the givens."""

    id: str
    title: Lang  # a message id
    prompt: Lang  # a message id: the exercise as the lesson asks it (markdown)
    parts: tuple[Part, ...] | Callable[[dict[str, Any]], tuple[Part, ...]]
    givens: Mapping[str, Mapping[str, Any]]
    check: Check
    hint: Lang  # a message id
    mistakes: Mapping[str, str]  # code -> message id of its hint
    explain: Lang  # a message id: the solution in one or two sentences
    solution: Lang  # code
    truth: Truth | None = None  # the parts' right values for the default givens (None: not one value)
    points: int = 1
    setup: str = ""  # code run before the exercise in a generated assignment (a demo server...)
    variables: tuple[str, ...] = ()  # givens a student reads as variables of the lesson (system_prompt...)
    starter: Callable[[dict[str, Any]], str] | None = None  # code that defines them (default: name = repr)
    seconds: float = 0.0  # >0: the check runs the student's code, and gives up after this many seconds
    variant: Callable[[dict[str, Any]], str] = lambda givens: "en"  # which lesson's wording the givens are

    @property
    def lesson(self) -> str:
        return self.id[:2]

    def defaults(self, lang: str | None = None) -> dict[str, Any]:
        """The lesson's givens in ``lang`` (the language in use if None); English where there is none."""
        return _lessons.defaults(self.givens, lang)

    def text(self, name: str, variant: str) -> str:
        """A field that differs between the English and the Chinese lesson (``variant``: ``en``, ``zh_CN``)."""
        return by_lang(getattr(self, name), variant)

    def parts_for(self, givens: dict[str, Any]) -> tuple[Part, ...]:
        return self.parts(givens) if callable(self.parts) else self.parts

    def variables_code(self, givens: dict[str, Any]) -> str:
        """Code that defines the variables the exercise is about, as the lesson does."""
        if self.starter is not None:
            return self.starter(givens)
        return "".join(f"{name} = {givens[name]!r}\n" for name in self.variables)


def by_lang(value: Lang, lang: str | None = None) -> str:
    """``value`` itself, or its entry for ``lang`` (the language in use if None; else English)."""
    if isinstance(value, str):
        return value
    return value.get(lang or language()) or value["en"]


_SPECS: dict[str, Spec] = {}


def define(spec: Spec) -> Spec:
    """Add an exercise to the registry (each lesson module calls it for its exercises)."""
    _SPECS[spec.id] = spec
    return spec


def spec(id: str) -> Spec:
    if not isinstance(id, str):
        raise TypeError(_("an exercise id is a text such as '01.word', not {name}").format(name=type(id).__name__))
    _lessons.load(id)
    if id not in _SPECS:
        _lessons.load()
        raise ValueError(
            _("no exercise {brief}; there are: {names}").format(brief=brief(id), names=", ".join(sorted(_SPECS)))
        )
    return _SPECS[id]


def exercises(lesson: str | None = None) -> list[str]:
    """The ids of the exercises (of one lesson, ``"01"``), in lesson order."""
    _lessons.load()
    return sorted(i for i in _SPECS if lesson is None or i.startswith(f"{lesson}."))


def exercise(id: str, **givens: Any) -> Exercise:
    """The exercise ``id`` with the lesson's ``givens`` (texts, numbers) in place of its defaults."""
    return Exercise(spec(id), **givens)


class Exercise:
    """One exercise in a lesson: ``check()``, ``hint()``, ``solution()`` (and ``grade()`` for nbgrader)."""

    def __init__(self, spec: Spec, **givens: Any) -> None:
        self.spec = spec
        self.givens = _lessons.merged(_("exercise {id} takes {names}; not {unknown}"), spec.id, spec.defaults(), givens)
        self.variant = spec.variant(self.givens)
        self.parts = spec.parts_for(self.givens)
        self.last: Result | None = None

    @property
    def id(self) -> str:
        return self.spec.id

    def _answer(self, args: tuple[Any, ...], named: dict[str, Any], frame_globals: Mapping[str, Any]) -> dict[str, Any]:
        names = [p.name for p in self.parts]
        if len(args) > len(names):
            raise Unreadable(
                Say(N_("check() takes {names}: {n} values are too many"), names=", ".join(names), n=len(args))
            )
        unknown = [n for n in named if n not in names]
        if unknown:
            raise Unreadable(
                Say(N_("check() takes {names}; not {unknown}"), names=", ".join(names), unknown=", ".join(unknown))
            )
        answer = dict(zip(names, args, strict=False)) | named
        if not args and not named:  # as in Kaggle Learn: the parts are variables in the notebook
            answer = {n: frame_globals[n] for n in names if n in frame_globals}
        return answer

    def check(self, *args: Any, **named: Any) -> Result:
        """Check an answer: the parts in order, by name, or (none given) the notebook's variables."""
        result = self._check(args, named, sys._getframe(1).f_globals)
        progress.record({"type": "check", "id": self.id, "status": result.status, "mistake": result.mistake})
        return result

    def _check(self, args: tuple[Any, ...], named: dict[str, Any], frame_globals: Mapping[str, Any]) -> Result:
        try:
            answer = self._answer(args, named, frame_globals)
        except Unreadable as error:
            return self._keep(Result(self.id, "invalid", error.said))
        missing = [p for p in self.parts if not p.optional and (p.name not in answer or answer[p.name] is MISSING)]
        if missing:
            part = missing[0]
            return self._keep(
                Result(
                    self.id,
                    "incomplete",
                    Say(N_("Fill in {name} ({says}), then check again."), name=part.name, says=Say(part.says)),
                )
            )
        answer = {k: v for k, v in answer.items() if v is not MISSING}
        return self._keep(self._run(answer))

    def _run(self, answer: dict[str, Any]) -> Result:
        box: list[Result] = []

        def run() -> None:
            try:
                box.append(Result(self.id, "correct", self.spec.check(answer, self.givens)))
            except Wrong as wrong:
                hint = (
                    Say(self.spec.mistakes[wrong.mistake])
                    if wrong.mistake and wrong.mistake in self.spec.mistakes
                    else None
                )
                box.append(Result(self.id, "not_yet", wrong.said, hint=hint, mistake=wrong.mistake))
            except Unreadable as error:
                box.append(Result(self.id, "invalid", error.said))
            except Incomplete as error:
                box.append(Result(self.id, "incomplete", error.said))
            except (Exception, SystemExit) as error:  # whatever an answer (or a student's function) raises: one line
                box.append(
                    Result(
                        self.id, "invalid", Say(N_("this answer cannot be checked: {error}"), error=_one_line(error))
                    )
                )

        if self.spec.seconds <= 0 or threading.current_thread() is not threading.main_thread():
            run()
        else:  # a check that runs the student's code must not freeze the notebook
            worker = threading.Thread(target=run, daemon=True, name=f"tokenlab-check-{self.id}")
            worker.start()
            worker.join(self.spec.seconds)
            if worker.is_alive():
                return Result(
                    self.id,
                    "not_yet",
                    Say(
                        N_("the check gave up after {seconds:g} s: does your code wait forever?"),
                        seconds=self.spec.seconds,
                    ),
                )
        return box[0]

    def _keep(self, result: Result) -> Result:
        self.last = result
        return result

    def grade(self, *args: Any, **named: Any) -> None:
        """For nbgrader's autograder: nothing if the answer is right, else an AssertionError that says why."""
        result = self._check(args, named, sys._getframe(1).f_globals)
        if not result.correct:
            raise AssertionError(result.message)

    def hint(self) -> Hint:
        """The hint aimed at the mistake the last check found, or else the exercise's general hint."""
        progress.record({"type": "hint", "id": self.id})
        mistake = self.last.mistake if self.last is not None else None
        if mistake and mistake in self.spec.mistakes:
            return Hint(self.id, Say(self.spec.mistakes[mistake]))
        return Hint(self.id, Say(self.spec.text("hint", self.variant)))

    def solution(self) -> Solution:
        """The solution: what to do, the code that does it, and the values it gives for the lesson's givens."""
        progress.record({"type": "solution", "id": self.id})
        gives: list[tuple[str, str]] = []
        if self.spec.truth is not None:
            try:
                gives = [(k, _shown(v)) for k, v in self.spec.truth(self.givens).items()]
            except (ValueError, TypeError, KeyError) as error:
                gives = [("", _one_line(error))]
        return Solution(
            self.id, Say(self.spec.text("explain", self.variant)), self.spec.text("solution", self.variant), gives
        )

    def __repr__(self) -> str:
        return f"<Exercise {self.id}: {self.usage()}>"

    def usage(self) -> str:
        """How to answer, in one line."""
        names = ", ".join(p.name for p in self.parts)
        return _("{title}. Check with q.check({names}); q.hint() gives a hint, q.solution() the solution.").format(
            title=_(self.spec.text("title", self.variant)), names=names
        )

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        html = _html.block(
            "exercise",
            f'<div style="border-left:4px solid {_html.BLUE};padding:2px 10px;margin:4px 0">✎ '
            f"<b>{_html.esc(_('Exercise'))} {_html.esc(self.id)}</b> · {_html.esc(self.usage())}</div>",
        )
        return {"text/html": html, "text/plain": f"{_('Exercise')} {self.id}: {self.usage()}"}


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:300]


def _shown(value: Any) -> str:
    """A value of the solution as it is written in code."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return repr(value) if isinstance(value, str) else str(value)


def parts(*pairs: tuple[str, str] | tuple[str, str, bool]) -> tuple[Part, ...]:
    """``parts(("word", N_("a word in quotes")), ...)``: the parts of an answer, in order."""
    return tuple(Part(*p) for p in pairs)
