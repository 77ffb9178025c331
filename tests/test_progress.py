"""A student's progress: next to the notebook, never lost when kernels write at once, never a
traceback from a damaged file or a folder that cannot be written, shared only when opted in."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import warnings

import pytest

from tokenlab.exercises import exercise, prediction, progress
from tokenlab.exercises.progress import ProgressNotice, apply, empty, read, record, share, student_name


@pytest.fixture(autouse=True)
def fresh(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOKENLAB_PROGRESS", raising=False)
    for name in ("TOKENLAB_CLASS_DIR", "TOKENLAB_CLASS_ANONYMOUS", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(progress, "_said", set())
    monkeypatch.setattr(progress, "_sharing", {})
    monkeypatch.setattr(progress, "_pending", {})


def test_progress_goes_next_to_the_notebook_by_default(tmp_path):
    assert progress.location() == tmp_path / "tokenlab-progress.json"
    exercise("01.word").check(" covid")
    state = json.loads((tmp_path / "tokenlab-progress.json").read_text())
    assert state["format"] == "tokenlab-progress" and state["exercises"]["01.word"]["status"] == "correct"


def test_progress_can_go_elsewhere_or_nowhere(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_PROGRESS", "off")
    exercise("01.word").check(" covid")
    assert not list(tmp_path.iterdir())
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "elsewhere.json"))
    exercise("01.word").check(" covid")
    assert read(tmp_path / "elsewhere.json")["exercises"]["01.word"]["attempts"] == 1


def _hammer(args):
    path, worker, n = args
    for i in range(n):
        record({"type": "check", "id": f"0{worker}.w{i}", "status": "not_yet"}, path=path)


def test_two_kernels_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "tokenlab-progress.json"
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        pool.map(_hammer, [(path, worker, 40) for worker in (1, 2, 3)])
    state = read(path)
    assert len(state["exercises"]) == 120
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]  # every write was whole, or nothing


def test_the_first_reveal_stands_and_a_guess_after_it_is_not_a_prediction():
    state = empty()
    apply(state, {"type": "guess", "id": "01.bytes", "guess": 9}, "t1")
    apply(state, {"type": "reveal", "id": "01.bytes", "truth": 14, "right": False}, "t2")
    apply(state, {"type": "guess", "id": "01.bytes", "guess": 14}, "t3")
    apply(state, {"type": "reveal", "id": "01.bytes", "truth": 14, "right": True}, "t4")
    assert state["predictions"]["01.bytes"] | {} == {
        "guess": 9,
        "truth": 14,
        "right": False,
        "lang": None,
        "guessed": "t1",
        "revealed": "t2",
    }


def test_once_solved_a_later_slip_does_not_undo_it():
    state = empty()
    for status in ("not_yet", "correct", "not_yet"):
        apply(state, {"type": "check", "id": "01.word", "status": status}, "t")
    assert state["exercises"]["01.word"]["status"] == "correct" and state["exercises"]["01.word"]["attempts"] == 3


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"format": "other"}',
        b"null",
        b'{"format": "tokenlab-progress", "exercises": 5}',
        b"[" * 100_000,
    ],
)
def test_a_damaged_file_never_raises_it_is_kept_aside_and_said_once(tmp_path, content):
    path = tmp_path / "tokenlab-progress.json"
    path.write_bytes(content)
    assert read(path)["exercises"] == {} or content.startswith(b'{"format": "tokenlab-progress"')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exercise("01.word").check(" covid")
        exercise("01.word").check(" covid")
    state = read(path)
    assert state["exercises"]["01.word"]["attempts"] == 2
    if not content.startswith(b'{"format": "tokenlab-progress"'):
        kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
        assert len(kept) == 1 and kept[0].read_bytes() == content
        notices = [w for w in caught if isinstance(w.message, ProgressNotice)]
        assert len(notices) == 1 and "kept as" in str(notices[0].message)


def test_malformed_entries_are_dropped_and_the_rest_kept(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "format": "tokenlab-progress",
                "exercises": {
                    "01.word": {"attempts": "many", "status": "hacked", "mistakes": {"<b>": 1, "ok": 2}},
                    "../x": {},
                },
                "predictions": {"01.bytes": {"guess": [1, 2], "truth": 14, "right": "yes"}},
            }
        )
    )
    state = read(path)
    assert state["exercises"]["01.word"]["attempts"] == 0 and state["exercises"]["01.word"]["status"] is None
    assert state["exercises"]["01.word"]["mistakes"] == {"ok": 2} and "../x" not in state["exercises"]
    assert state["predictions"]["01.bytes"]["guess"] is None and state["predictions"]["01.bytes"]["truth"] == 14


def test_a_huge_file_is_not_read(tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(b" " * (progress.MAX_BYTES + 1))
    assert read(path) == empty()


def test_a_folder_that_cannot_be_written_is_said_once_and_the_lesson_goes_on(tmp_path, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(progress.tempfile, "mkstemp", read_only)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert exercise("01.word").check(" covid").correct
        assert exercise("01.word").check(" covid").correct
    notices = [str(w.message) for w in caught if isinstance(w.message, ProgressNotice)]
    assert notices == [
        f"Your progress is not saved: {tmp_path / 'tokenlab-progress.json'} cannot be written (Read-only file system)."
    ]


def test_a_path_through_a_file_is_said_too(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("TOKENLAB_PROGRESS", str(tmp_path / "file" / "p.json"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert exercise("01.word").check(" covid").correct
    assert [w for w in caught if isinstance(w.message, ProgressNotice)]


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a read-only folder needs root")
def test_a_really_read_only_folder(tmp_path, monkeypatch):
    import subprocess

    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True)
    if mounted.returncode:
        pytest.skip("this machine does not allow a bind mount")
    try:
        monkeypatch.setenv("TOKENLAB_PROGRESS", str(folder / "tokenlab-progress.json"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert exercise("01.word").check(" covid").correct
        assert [w for w in caught if isinstance(w.message, ProgressNotice)]
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_nothing_is_shared_unless_a_class_folder_is_set(tmp_path):
    exercise("01.word").check(" covid")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["tokenlab-progress.json"]
    assert (
        progress.class_folder() is None and str(share(None)) == "Your answers stay on this computer: nothing is shared."
    )


def test_on_a_hub_results_go_under_the_hubs_user_name(tmp_path, monkeypatch):
    shared = tmp_path / "class"
    shared.mkdir()
    monkeypatch.setenv("TOKENLAB_CLASS_DIR", str(shared))
    monkeypatch.setenv("JUPYTERHUB_USER", "alice@school.edu")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exercise("01.word").check("pandemic")
        p = prediction("01.bytes")
        p.commit(9)
        p.reveal(14)
    (mine,) = shared.glob("alice%40school.edu+*.json")
    state = read(mine)
    assert state["student"] == "alice@school.edu"
    assert state["exercises"]["01.word"]["mistakes"] == {"leading-space": 1}
    assert state["predictions"]["01.bytes"]["guess"] == 9 and state["predictions"]["01.bytes"]["right"] is False
    assert (
        sum(isinstance(w.message, ProgressNotice) and "shared with your class" in str(w.message) for w in caught) == 1
    )


def test_without_a_hub_or_when_asked_an_anonymous_id_is_used_and_kept(tmp_path, monkeypatch):
    shared = tmp_path / "class"
    shared.mkdir()
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    sharing = share(shared, anonymous=True)
    assert sharing.student.startswith("anon-") and sharing.student == student_name()
    exercise("01.word").check(" covid")
    assert [p.name.split("+")[0] for p in shared.glob("*.json")] == [sharing.student]
    assert read(tmp_path / "tokenlab-progress.json")["anonymous"] == sharing.student


def test_names_cannot_write_outside_the_class_folder(tmp_path, monkeypatch):
    shared = tmp_path / "class"
    shared.mkdir()
    monkeypatch.setenv("TOKENLAB_CLASS_DIR", str(shared))
    monkeypatch.setenv("JUPYTERHUB_USER", "../../etc/passwd")
    exercise("01.word").check(" covid")
    assert {p.parent for p in tmp_path.rglob("*passwd*")} == {shared}


def test_a_missing_or_unwritable_class_folder_keeps_answers_here(tmp_path, monkeypatch):
    monkeypatch.setenv("TOKENLAB_CLASS_DIR", str(tmp_path / "nowhere"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert exercise("01.word").check(" covid").correct
    said = [str(w.message) for w in caught if isinstance(w.message, ProgressNotice)]
    assert len(said) == 1 and "do not reach the class folder" in said[0]
    assert read(tmp_path / "tokenlab-progress.json")["exercises"]["01.word"]["attempts"] == 1


def test_share_refuses_what_is_not_a_path():
    with pytest.raises(TypeError, match="folder is a path"):
        share(42)
