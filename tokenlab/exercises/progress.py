"""A student's progress: a small JSON file next to the notebook, and (opt-in) a copy for the class.

Each check, hint, solution, guess and reveal updates ``tokenlab-progress.json`` in the folder the
kernel runs in (the notebook's folder, as JupyterLab starts it). Nothing is sent anywhere. A class
folder, when the teacher sets one (``TOKENLAB_CLASS_DIR``, or ``share(folder)``), gets the same
updates in a file of its own per student: named by the hub's user name when the hub gives one
(``JUPYTERHUB_USER``), else by a random id kept in the student's own file. What is kept: per
exercise, attempts, the status, the codes of the mistakes found, hints and solutions opened; per
prediction, the guess, the truth and whether it was right. Never an answer's text.

Two kernels may write at once (two lessons open): each update holds a lock on the file
(``filelock``), reads it, changes it and replaces it whole (a new file, then ``os.replace``), so
no update is lost and no reader sees half a file. A damaged file never raises: it is kept aside
under another name, and the student is told once. A folder that cannot be written (read-only, a
full disk) is said once, as a notice; the lesson goes on.

Settings: ``TOKENLAB_PROGRESS`` (another file, or ``off``), ``TOKENLAB_CLASS_DIR``,
``TOKENLAB_CLASS_ANONYMOUS=1`` (a random id even on a hub).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> record({"type": "hint", "id": "01.word"}, path=folder / "p.json")
>>> read(folder / "p.json")["exercises"]["01.word"]["hints"]
1
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from .._checks import brief
from .._i18n import N_
from .._notice import Notice, notify
from ._say import Say

__all__ = [
    "FILE_NAME",
    "location",
    "class_folder",
    "share",
    "Sharing",
    "record",
    "read",
    "load_file",
    "apply",
    "empty",
    "student_name",
    "ProgressNotice",
]

FILE_NAME = "tokenlab-progress.json"
FORMAT, VERSION = "tokenlab-progress", 1
MAX_BYTES = 2_000_000  # far beyond any class's progress: a larger file is not ours
MAX_ENTRIES = 500
_ID = re.compile(r"^[0-9a-z][0-9a-z.\-]{0,63}$")
_CODE = re.compile(r"^[0-9A-Za-z_.\-]{1,64}$")
_LOCK_WAIT = 5.0  # seconds: another kernel holds the lock only while it writes (milliseconds)
_pending: dict[str, list[dict[str, Any]]] = {}  # events not yet written, per file: sent with the next write
_said: set[tuple[str, str]] = set()  # notices already shown (once per process)
_sharing: dict[str, Any] = {}  # share() of this kernel: {"folder": Path | None, "anonymous": bool}


class ProgressNotice(Notice):
    """Progress could not be saved or shared, or a damaged file was put aside (said once)."""

    def __init__(self, said: Say, level: str = "warning") -> None:
        super().__init__(str(said))
        self.said, self.level = said, level

    def __str__(self) -> str:
        return str(self.said)


def _once(key: str, where: object, said: Say, level: str = "warning") -> None:
    if (key, str(where)) not in _said:
        _said.add((key, str(where)))
        notify(ProgressNotice(said, level), stacklevel=3)


def location() -> Path | None:
    """The student's progress file: ``TOKENLAB_PROGRESS``, else ``tokenlab-progress.json`` in the
    current folder; None when ``TOKENLAB_PROGRESS=off``."""
    setting = os.environ.get("TOKENLAB_PROGRESS", "").strip()
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    return Path(setting).expanduser() if setting else Path.cwd() / FILE_NAME


def class_folder() -> Path | None:
    """The class folder answers are shared with: ``share()``'s, else ``TOKENLAB_CLASS_DIR``, else None."""
    if "folder" in _sharing:
        folder: Path | None = _sharing["folder"]
        return folder
    setting = os.environ.get("TOKENLAB_CLASS_DIR", "").strip()
    return Path(setting).expanduser() if setting else None


def _anonymous() -> bool:
    if "anonymous" in _sharing:
        return bool(_sharing["anonymous"])
    return os.environ.get("TOKENLAB_CLASS_ANONYMOUS", "").strip().lower() in ("1", "yes", "true", "on")


class Sharing:
    """Where this kernel's answers go: ``folder`` (or None) and the ``student`` name they go under."""

    def __init__(self, folder: Path | None, student: str | None) -> None:
        self.folder, self.student = folder, student

    def __str__(self) -> str:
        if self.folder is None:
            return str(Say(N_("Your answers stay on this computer: nothing is shared.")))
        return str(
            Say(
                N_("Your answers are shared with your class in {folder}, as {student}."),
                folder=self.folder,
                student=self.student,
            )
        )

    def __repr__(self) -> str:
        return f"<Sharing {self.folder} as {self.student}>" if self.folder else "<Sharing off>"

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        from .. import _html

        return {"text/html": _html.notice(str(self), level="info"), "text/plain": str(self)}


def share(folder: str | os.PathLike[str] | None, *, anonymous: bool = False) -> Sharing:
    """Share this kernel's results with a class folder (``None``: stop sharing).

    The folder is one the teacher set up and every student may write to; each student's results go
    to a file of their own there. ``anonymous=True`` uses a random id even on a hub that names you.
    """
    if folder is not None and not isinstance(folder, (str, os.PathLike)):
        raise TypeError(str(Say(N_("folder is a path (a text), not {value}"), value=brief(folder))))
    _sharing["folder"] = None if folder is None else Path(folder).expanduser()
    _sharing["anonymous"] = bool(anonymous)
    where = _sharing["folder"]
    return Sharing(where, student_name() if where is not None else None)


def empty() -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "exercises": {}, "predictions": {}}


def read(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The progress in ``path``, cleaned: a missing, damaged or foreign file reads as empty."""
    state, _problem = load_file(Path(path))
    return state


def load_file(path: Path) -> tuple[dict[str, Any], str | None]:
    """(state, problem): problem is None, or why the file could not be read (it is then not ours)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return empty(), "too large"
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        return empty(), None
    except (OSError, ValueError, RecursionError, MemoryError) as error:
        return empty(), type(error).__name__
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        return empty(), "not a progress file"
    return _clean(raw), None


def _value(value: object) -> int | float | str | None:
    """A guess or a truth as stored: a finite number or a short code."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and abs(value) < 10**18:
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, str) and _CODE.match(value):
        return value
    return None


def _stamp(value: object) -> str | None:
    return value if isinstance(value, str) and len(value) <= 32 else None


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9 else 0


def _clean(raw: dict[str, Any]) -> dict[str, Any]:
    state = empty()
    for key in ("anonymous", "student", "key"):
        if isinstance(raw.get(key), str) and len(raw[key]) <= 100:
            state[key] = raw[key]
    exercises = raw.get("exercises")
    if not isinstance(exercises, dict):
        exercises = {}
    for id_, entry in list(exercises.items())[:MAX_ENTRIES]:
        if not (isinstance(id_, str) and _ID.match(id_) and isinstance(entry, dict)):
            continue
        mistakes = entry.get("mistakes")
        if not isinstance(mistakes, dict):
            mistakes = {}
        state["exercises"][id_] = {
            "attempts": _count(entry.get("attempts")),
            "status": entry.get("status")
            if entry.get("status") in ("correct", "not_yet", "incomplete", "invalid")
            else None,
            "mistakes": {k: _count(v) for k, v in list(mistakes.items())[:50] if isinstance(k, str) and _CODE.match(k)},
            "hints": _count(entry.get("hints")),
            "solution": entry.get("solution") is True,
            "first": _stamp(entry.get("first")),
            "last": _stamp(entry.get("last")),
            "solved": _stamp(entry.get("solved")),
        }
    predictions = raw.get("predictions")
    if not isinstance(predictions, dict):
        predictions = {}
    for id_, entry in list(predictions.items())[:MAX_ENTRIES]:
        if not (isinstance(id_, str) and _ID.match(id_) and isinstance(entry, dict)):
            continue
        state["predictions"][id_] = {
            "guess": _value(entry.get("guess")),
            "truth": _value(entry.get("truth")),
            "right": entry.get("right") if isinstance(entry.get("right"), bool) else None,
            "lang": entry.get("lang") if entry.get("lang") in ("en", "zh_CN") else None,
            "guessed": _stamp(entry.get("guessed")),
            "revealed": _stamp(entry.get("revealed")),
        }
    return state


def apply(state: dict[str, Any], event: dict[str, Any], now: str) -> None:
    """Change ``state`` by one event (a check, hint, solution, guess or reveal)."""
    kind, id_ = event.get("type"), event.get("id")
    if not (isinstance(id_, str) and _ID.match(id_)):
        return
    if kind in ("check", "hint", "solution"):
        entry = state["exercises"].setdefault(
            id_,
            {
                "attempts": 0,
                "status": None,
                "mistakes": {},
                "hints": 0,
                "solution": False,
                "first": now,
                "last": now,
                "solved": None,
            },
        )
        if kind == "hint":
            entry["hints"] += 1
        elif kind == "solution":
            entry["solution"] = True
        else:
            entry["attempts"] += 1
            entry["last"] = now
            status = event.get("status")
            if entry["status"] != "correct" and status in ("correct", "not_yet", "incomplete", "invalid"):
                entry["status"] = status  # once right, a later slip does not undo it
            if status == "correct" and not entry["solved"]:
                entry["solved"] = now
            mistake = event.get("mistake")
            if isinstance(mistake, str) and _CODE.match(mistake):
                entry["mistakes"][mistake] = entry["mistakes"].get(mistake, 0) + 1
    elif kind in ("guess", "reveal"):
        entry = state["predictions"].setdefault(
            id_, {"guess": None, "truth": None, "right": None, "lang": None, "guessed": None, "revealed": None}
        )
        if entry["revealed"]:
            return  # the first reveal stands: a guess made after seeing the answer is not a prediction
        if kind == "guess":
            entry.update(guess=_value(event.get("guess")), guessed=now)
        else:
            entry.update(truth=_value(event.get("truth")), revealed=now)
            entry["right"] = event.get("right") if isinstance(event.get("right"), bool) else None
        if event.get("lang") in ("en", "zh_CN"):
            entry["lang"] = event["lang"]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _update(path: Path, change: Any) -> dict[str, Any]:
    """Under the file's lock: read ``path``, ``change(state)``, write it back whole. Returns the state."""
    from filelock import FileLock

    with FileLock(str(path.with_name(f".{path.name}.lock")), timeout=_LOCK_WAIT):
        state, problem = load_file(path)
        if problem is not None and path.exists():
            kept = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            os.replace(path, kept)
            _once(
                "damaged",
                path,
                Say(
                    N_("{path} could not be read ({problem}): it is kept as {kept}, and a new one is started."),
                    path=path,
                    problem=problem,
                    kept=kept.name,
                ),
            )
        change(state)
        _write(path, state)
    return state


def _write(path: Path, state: dict[str, Any]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(state, file, ensure_ascii=False, indent=1, sort_keys=True)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600: the teacher must be able to read a class file
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _reason(error: BaseException) -> str:
    from filelock import Timeout

    if isinstance(error, Timeout):
        return str(Say(N_("another program held the file for more than a second")))
    text = getattr(error, "strerror", None) or type(error).__name__
    return str(text)


def student_name(path: Path | None = None) -> str:
    """The name this student's results go under in a class folder: the hub's user name, or a
    random id kept in their own progress file (made the first time it is needed)."""
    user = os.environ.get("JUPYTERHUB_USER", "").strip()
    if user and not _anonymous():
        return user[:100]
    path = path if path is not None else location()
    if path is not None:
        with contextlib.suppress(Exception):
            state = _update(path, lambda s: s.setdefault("anonymous", "anon-" + secrets.token_hex(5)))
            return str(state["anonymous"])
    _sharing.setdefault("session_id", "anon-" + secrets.token_hex(5))  # no file of its own: one per kernel
    return str(_sharing["session_id"])


def _file_name(student: str, key: str) -> str:
    """A safe file name: the student's name (letters, digits, '.', '_' and '-' kept, the rest %XX,
    never a leading '.') and a random key, so that in a folder students cannot list (mode 1733,
    as nbgrader's exchange) no one finds another's file by guessing the name."""
    kept = [ch.isascii() and (ch.isalnum() or ch in "_-" or (ch == "." and i > 0)) for i, ch in enumerate(student)]
    safe = "".join(
        ch if keep else "".join(f"%{b:02X}" for b in ch.encode()) for ch, keep in zip(student, kept, strict=True)
    )
    return f"{safe[:200]}+{key}.json"


def _key(path: Path | None) -> str:
    """The random part of the student's class file name, kept in their own progress file."""
    if path is not None:
        with contextlib.suppress(Exception):
            state = _update(path, lambda s: s.setdefault("key", secrets.token_hex(6)))
            return str(state["key"])
    _sharing.setdefault("session_key", secrets.token_hex(6))
    return str(_sharing["session_key"])


def _deliver(path: Path, event: dict[str, Any], prepare: Any = None) -> None:
    """Apply ``event`` (and any that could not be written before) to ``path``; raises if it cannot.
    Events that fail stay queued in this kernel and go with the next write: none is lost."""
    waiting = _pending.setdefault(str(path), [])
    waiting.append(event)
    del waiting[: max(0, len(waiting) - 1000)]

    def change(state: dict[str, Any]) -> None:
        if prepare is not None:
            prepare(state)
        for each in waiting:
            apply(state, each, each["at"])

    _update(path, change)
    waiting.clear()


def record(event: dict[str, Any], *, path: Path | None = None) -> None:
    """Save one event in the student's file (and the class folder's, if shared). Never raises."""
    event = {**event, "at": _now()}
    path = path if path is not None else location()
    if path is not None:
        try:
            _deliver(path, event)
        except Exception as error:  # a read-only folder, a full disk, a lock held too long
            _once(
                "local",
                path.parent,
                Say(
                    N_("Your progress is not saved: {path} cannot be written ({reason})."),
                    path=path,
                    reason=_reason(error),
                ),
            )
    folder = class_folder()
    if folder is None:
        return
    try:
        if not folder.is_dir():
            raise FileNotFoundError(2, "no such folder", str(folder))
        student = student_name(path)
        _deliver(folder / _file_name(student, _key(path)), event, lambda state: state.update(student=student))
        _once(
            "shared",
            folder,
            Say(
                N_("Your answers are shared with your class in {folder}, as {student}."), folder=folder, student=student
            ),
            "info",
        )
    except Exception as error:
        _once(
            "class",
            folder,
            Say(
                N_("Your answers do not reach the class folder {folder} ({reason}); they are kept on this computer."),
                folder=folder,
                reason=_reason(error),
            ),
        )
