"""A class on a real JupyterHub: N students run the lessons at once, through the hub.

    python benchmarks/hub.py --students 5                  # lessons 01 to 09, in English
    python benchmarks/hub.py --students 10 20 40 --docs    # each size in turn, then docs/teaching.md's table
    python benchmarks/hub.py --students 2 --lessons 01 02 --language zh-CN
    python benchmarks/hub.py --docs-only                   # the table again, from the result files
    python benchmarks/hub.py --students 2 --keep-kernels   # students who never shut a kernel down

A class of 40 takes about 20 GB and, on 2 cores, the better part of an hour: it refuses to start when
free memory looks short (by the largest student of earlier result files), unless ``--force``.

It starts JupyterHub (from PyPI: the ``hub`` extra) with configurable-http-proxy (from npm: found on
PATH, in ``$TOKENLAB_CHP``, or installed once with ``npm install --prefix ~/.cache/tokenlab/hub``),
the DummyAuthenticator and the SimpleLocalProcessSpawner, on 127.0.0.1 only, its state in a temporary
folder. Through the hub's REST API it makes each student, a token for them and their server
(JupyterLab's, as a class gets). Then every student, at the same time, does what JupyterLab does for a
notebook, through the hub's proxy: uploads the lessons (Contents API), opens each one's session (a
kernel of its own, started in the notebook's folder), runs its code cells in order over the kernel's
websocket, and shuts the kernel down before the next lesson (as docs/teaching.md asks students to;
``--keep-kernels`` for those who do not).

Measured, per student: the peak RSS of their server and its kernels (psutil, summed over the process
tree, sampled every half second), the CPU seconds they used, each lesson's time (from opening its
session to its last cell's reply: the kernel's start is part of it), and every error (a cell that
fails, a request the hub or the server refuses, a kernel that dies or times out): there must be none.
Also the hub's and the proxy's memory and the machine's load average. Results go to
``benchmarks/results/hub-<N>-<language>.json`` and ``.md``. Linux only (psutil over /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TEACHING = ROOT / "docs" / "teaching.md"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tokenlab" / "hub"
PROXY_PACKAGE = "configurable-http-proxy@4"
MB = 1024 * 1024
SAMPLE_SECONDS = 0.5


# --- configurable-http-proxy -------------------------------------------------------------------


def find_proxy(*, install: bool = True) -> tuple[Path | None, str]:
    """configurable-http-proxy's command, and how it was found (or why there is none).

    Looked for in ``$TOKENLAB_CHP``, on PATH, then in ``~/.cache/tokenlab/hub``; installed there with
    npm when ``install`` and npm is present."""
    if os.environ.get("TOKENLAB_CHP"):
        path = Path(os.environ["TOKENLAB_CHP"])
        return (path, "$TOKENLAB_CHP") if path.exists() else (None, f"$TOKENLAB_CHP={path} does not exist")
    on_path = shutil.which("configurable-http-proxy")
    if on_path:
        return Path(on_path), "PATH"
    cached = CACHE / "node_modules" / ".bin" / "configurable-http-proxy"
    if cached.exists():
        return cached, str(CACHE)
    npm = shutil.which("npm")
    if not install:
        return None, f"configurable-http-proxy is not installed (npm install --prefix {CACHE} {PROXY_PACKAGE})"
    if npm is None or shutil.which("node") is None:
        return None, "configurable-http-proxy is not installed and there is no node/npm to install it"
    CACHE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", PROXY_PACKAGE],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 or not cached.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"npm could not install {PROXY_PACKAGE}: {last}"
    return cached, f"installed into {CACHE}"


# --- the hub -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


CONFIG = """\
c = get_config()  # noqa
c.JupyterHub.bind_url = {public!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = {proxy_api!r}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.db_url = "sqlite:///" + {state!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {state!r} + "/cookie_secret"
c.JupyterHub.pid_file = {state!r} + "/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = set({users!r})
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {state!r} + "/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.Spawner.environment = {environment!r}
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.services = [{{"name": "benchmark", "api_token": {api_token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "benchmark",
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
    "services": ["benchmark"],
}}]
c.JupyterHub.cleanup_servers = True
"""


@dataclass
class Hub:
    """A running JupyterHub: its public URL (the proxy), its API token, its process and its folder."""

    url: str
    token: str
    process: subprocess.Popen[bytes]
    state: Path
    proxy_source: str
    keep: bool = False  # set when the run went wrong: its folder (and log) stays, to be read

    @property
    def api(self) -> str:
        return f"{self.url}/hub/api"


@contextmanager
def running_hub(users: list[str], *, proxy: Path, proxy_source: str, keep: bool = False) -> Iterator[Hub]:
    """Start JupyterHub for ``users`` in a temporary folder; stop it, its proxy and its servers after."""
    state = Path(tempfile.mkdtemp(prefix="tokenlab-hub-"))
    bindir = Path(sys.executable).parent
    singleuser = bindir / "jupyterhub-singleuser"
    args = ["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []
    public = f"http://127.0.0.1:{free_port()}"
    token = secrets.token_hex(32)
    (state / "jupyterhub_config.py").write_text(
        CONFIG.format(
            public=public,
            hub_port=free_port(),
            proxy_api=f"http://127.0.0.1:{free_port()}",
            proxy=str(proxy),
            proxy_token=secrets.token_hex(32),
            state=str(state),
            users=users,
            singleuser=str(singleuser),
            args=args,
            environment={},
            api_token=token,
        )
    )
    env = dict(os.environ)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    log = (state / "jupyterhub.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(state / "jupyterhub_config.py")],
        cwd=state,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    hub = Hub(url=public, token=token, process=process, state=state, proxy_source=proxy_source)
    try:
        _wait_until_up(hub)
        yield hub
    except BaseException:
        hub.keep = True
        raise
    finally:
        _stop(process)
        log.close()
        if keep or hub.keep:
            print(f"JupyterHub's folder and log are kept: {state}", file=sys.stderr)
        else:
            shutil.rmtree(state, ignore_errors=True)


def _wait_until_up(hub: Hub, timeout: float = 120) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited ({hub.process.returncode}):\n{_tail(hub.state / 'jupyterhub.log')}")
        try:
            with urllib.request.urlopen(f"{hub.api}/", timeout=5) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"JupyterHub did not answer within {timeout:.0f} s:\n{_tail(hub.state / 'jupyterhub.log')}")


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the hub, its proxy, the servers and their kernels, all at once, and kill what is left after
    3 s: the state is thrown away, and a graceful shutdown of each server and kernel takes many seconds
    on a busy machine."""
    try:
        tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    for proc in tree:
        with suppress(psutil.NoSuchProcess):
            proc.terminate()
    _gone, alive = psutil.wait_procs(tree, timeout=3)
    for leftover in alive:
        with suppress(psutil.NoSuchProcess):
            leftover.kill()
    process.wait()


# --- memory and CPU, sampled -------------------------------------------------------------------


def tree_rss(pid: int) -> tuple[int, int]:
    """Bytes of RSS of ``pid`` and its descendants, and how many processes they are."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    total = 0
    for proc in procs:
        with suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total, len(procs)


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid``, of the children it has reaped (closed kernels) and of those alive."""
    try:
        root = psutil.Process(pid)
        times = root.cpu_times()
        seconds = times.user + times.system + times.children_user + times.children_system
        for child in root.children(recursive=True):
            try:
                own = child.cpu_times()
                seconds += own.user + own.system
            except psutil.NoSuchProcess:
                pass
        return seconds
    except psutil.NoSuchProcess:
        return 0.0


class Sampler(threading.Thread):
    """Every half second: each student's server tree, and the hub's own processes (hub + proxy)."""

    def __init__(self, hub_pid: int) -> None:
        super().__init__(daemon=True)
        self.hub_pid = hub_pid
        self.servers: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.peak_processes: dict[str, int] = {}
        self.lesson: dict[str, str] = {}  # the lesson each student is in, and the peak in each
        self.lesson_peak: dict[tuple[str, str], int] = {}
        self.hub_peak = 0
        self.class_peak = 0
        self.load_peak = os.getloadavg()[0]
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(SAMPLE_SECONDS)

    def sample(self) -> None:
        class_total = 0
        for name, pid in list(self.servers.items()):
            rss, count = tree_rss(pid)
            class_total += rss
            self.peak[name] = max(self.peak.get(name, 0), rss)
            self.peak_processes[name] = max(self.peak_processes.get(name, 0), count)
            if name in self.lesson:
                key = (name, self.lesson[name])
                self.lesson_peak[key] = max(self.lesson_peak.get(key, 0), rss)
        hub_total = 0
        try:
            hub = psutil.Process(self.hub_pid)
            for proc in [hub, *hub.children(recursive=False)]:
                # The hub's other children are the students' servers, some still starting.
                if proc.pid == self.hub_pid or "configurable-http-proxy" in " ".join(proc.cmdline()):
                    hub_total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            pass
        self.hub_peak = max(self.hub_peak, hub_total)
        self.class_peak = max(self.class_peak, class_total + hub_total)
        self.load_peak = max(self.load_peak, os.getloadavg()[0])

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        self.sample()


# --- a student, through the hub ----------------------------------------------------------------


@dataclass
class Student:
    name: str
    token: str = ""
    pid: int = 0
    spawn_seconds: float = 0.0
    lessons: dict[str, float] = field(default_factory=dict)
    lesson_cpu: dict[str, float] = field(default_factory=dict)
    cells: int = 0
    errors: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0


class HubError(RuntimeError):
    pass


async def _call(session: Any, method: str, url: str, *, token: str, ok: tuple[int, ...], **kw: Any) -> Any:
    import aiohttp

    kw.setdefault("timeout", aiohttp.ClientTimeout(total=600))  # a kernel's start, on a very busy machine
    async with session.request(method, url, headers={"Authorization": f"token {token}"}, **kw) as reply:
        if reply.status not in ok:
            raise HubError(f"{method} {url.split('127.0.0.1', 1)[-1]}: {reply.status} {(await reply.text())[:200]}")
        if reply.content_type == "application/json":
            return await reply.json()
        return None


async def start_server(session: Any, hub: Hub, student: Student, sampler: Sampler, *, timeout: float) -> None:
    """A token for the student, then their server, started through the hub's API and waited for."""
    api, admin = hub.api, hub.token
    made = await _call(
        session,
        "POST",
        f"{api}/users/{student.name}/tokens",
        token=admin,
        ok=(200, 201),
        json={"note": "benchmark", "expires_in": 86400},
    )
    student.token = made["token"]
    start = time.perf_counter()
    await _call(session, "POST", f"{api}/users/{student.name}/server", token=admin, ok=(201, 202))
    while True:
        model = await _call(session, "GET", f"{api}/users/{student.name}", token=admin, ok=(200,))
        server = model.get("servers", {}).get("")
        if server and server.get("ready"):
            break
        if time.perf_counter() - start > timeout:
            raise HubError(f"{student.name}'s server was not ready after {timeout:.0f} s")
        if server is None and not model.get("pending"):
            raise HubError(f"{student.name}'s server failed to start")
        await asyncio.sleep(0.25)
    student.spawn_seconds = time.perf_counter() - start
    student.pid = int(server.get("state", {}).get("pid", 0))
    if not student.pid:
        raise HubError(f"the hub did not say which process is {student.name}'s server")
    sampler.servers[student.name] = student.pid


async def upload(session: Any, base: str, student: Student, notebooks: list[Path]) -> None:
    """The lessons into the student's home, through the Contents API (as nbgitpuller or an upload would)."""
    folder = "notebooks"
    await _call(
        session, "PUT", f"{base}/api/contents/{folder}", token=student.token, ok=(200, 201), json={"type": "directory"}
    )
    for path in notebooks:
        content = json.loads(path.read_text(encoding="utf-8"))
        await _call(
            session,
            "PUT",
            f"{base}/api/contents/{folder}/{path.name}",
            token=student.token,
            ok=(200, 201),
            json={"type": "notebook", "format": "json", "content": content},
        )


def _message(code: str, session_id: str) -> dict[str, Any]:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": "execute_request",
            "username": "student",
            "session": session_id,
            "date": dt.datetime.now(dt.timezone.utc).isoformat(),
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        },
        "channel": "shell",
        "buffers": [],
    }


async def run_lesson(
    session: Any, base: str, student: Student, path: Path, *, timeout: float, keep: bool, progress: bool
) -> None:
    """Open the lesson's session (its own kernel), run its code cells in order over the websocket."""
    import aiohttp

    lesson = path.name[:2]
    cpu_before = tree_cpu(student.pid)
    start = time.perf_counter()
    opened = await _call(
        session,
        "POST",
        f"{base}/api/sessions",
        token=student.token,
        ok=(200, 201),
        json={"path": f"notebooks/{path.name}", "type": "notebook", "name": path.name, "kernel": {"name": "python3"}},
    )
    kernel, session_id = opened["kernel"]["id"], uuid.uuid4().hex
    ws_url = f"{base}/api/kernels/{kernel}/channels?session_id={session_id}".replace("http://", "ws://")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    try:
        async with session.ws_connect(
            ws_url, headers={"Authorization": f"token {student.token}"}, max_msg_size=0, heartbeat=30
        ) as ws:
            for number, cell in enumerate(cells):  # numbered as the notebook's cells, markdown included
                code = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                if cell["cell_type"] != "code" or not code.strip():
                    continue
                failed = await _execute(ws, code, session_id, student, timeout=timeout)
                student.cells += 1
                if failed:
                    student.errors.append(f"{lesson} cell {number}: {failed}")
                    break
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        student.errors.append(f"{lesson}: {type(error).__name__}: {error}")
    finally:
        student.lessons[lesson] = time.perf_counter() - start
        student.lesson_cpu[lesson] = tree_cpu(student.pid) - cpu_before
        if progress:
            print(f"  {student.name} {lesson} {student.lessons[lesson]:6.1f} s", flush=True)
        if not keep:
            await _call(session, "DELETE", f"{base}/api/sessions/{opened['id']}", token=student.token, ok=(204,))


def _binary_message(data: bytes) -> dict[str, Any]:
    """Jupyter Server's binary frame: the number of parts, their offsets, the message's JSON, its buffers."""
    (parts,) = struct.unpack("!I", data[:4])
    offsets = struct.unpack(f"!{parts}I", data[4 : 4 * (parts + 1)])
    end = offsets[1] if parts > 1 else len(data)
    message: dict[str, Any] = json.loads(data[offsets[0] : end])
    return message


async def _execute(ws: Any, code: str, session_id: str, student: Student, *, timeout: float) -> str | None:
    """Run one cell; the error it raised (or why it did not finish), else None."""
    import aiohttp

    request = _message(code, session_id)
    msg_id = request["header"]["msg_id"]
    await ws.send_str(json.dumps(request))
    replied = idle = False
    error: str | None = None
    deadline = time.monotonic() + timeout
    while not (replied and idle):
        left = deadline - time.monotonic()
        if left <= 0:
            return f"no reply within {timeout:.0f} s"
        try:
            frame = await ws.receive(timeout=left)
        except asyncio.TimeoutError:
            return f"no reply within {timeout:.0f} s"
        if frame.type == aiohttp.WSMsgType.TEXT:
            msg = json.loads(frame.data)
        elif frame.type == aiohttp.WSMsgType.BINARY:  # a message with buffers (a widget's image, say)
            msg = _binary_message(frame.data)
        else:
            return f"the kernel's websocket closed ({frame.type.name})"
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["header"]["msg_type"], msg.get("content", {})
        if kind == "execute_reply":
            replied = True
            if content.get("status") != "ok":
                error = error or f"{content.get('ename', content.get('status'))}: {content.get('evalue', '')}"[:300]
        elif kind == "status" and content.get("execution_state") == "idle":
            idle = True
        elif kind == "error":
            error = f"{content.get('ename')}: {content.get('evalue')}"[:300]
        elif kind == "stream" and content.get("name") == "stderr":
            student.stderr.append(content.get("text", "")[:200])
    return error


async def student_run(
    session: Any,
    hub: Hub,
    student: Student,
    notebooks: list[Path],
    sampler: Sampler,
    *,
    timeout: float,
    keep: bool,
    progress: bool,
) -> None:
    try:
        await start_server(session, hub, student, sampler, timeout=300)
        base = f"{hub.url}/user/{student.name}"
        await upload(session, base, student, notebooks)
        for path in notebooks:
            sampler.lesson[student.name] = path.name[:2]
            await run_lesson(session, base, student, path, timeout=timeout, keep=keep, progress=progress)
        student.cpu_seconds = tree_cpu(student.pid)
    except (HubError, OSError) as error:
        student.errors.append(str(error))
    except Exception as error:  # any failure is an error of the run, counted, never a crash of the others
        student.errors.append(f"{type(error).__name__}: {error}")


async def run_class(
    hub: Hub,
    students: list[Student],
    notebooks: list[Path],
    sampler: Sampler,
    *,
    timeout: float,
    keep: bool,
    progress: bool,
) -> float:
    import aiohttp

    limits = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=limits, timeout=aiohttp.ClientTimeout(total=None)) as session:
        # allowed_users makes them at the hub's start (409); the API makes any it did not
        await _call(
            session,
            "POST",
            f"{hub.api}/users",
            token=hub.token,
            ok=(201, 409),
            json={"usernames": [s.name for s in students]},
        )
        start = time.perf_counter()
        await asyncio.gather(
            *(
                student_run(session, hub, s, notebooks, sampler, timeout=timeout, keep=keep, progress=progress)
                for s in students
            )
        )
        return time.perf_counter() - start


# --- one benchmark run -------------------------------------------------------------------------


def lesson_paths(lessons: list[str], language: str) -> list[Path]:
    folder = ROOT / "notebooks" / ("zh-CN" if language == "zh-CN" else "")
    found = []
    for lesson in lessons:
        matches = sorted(folder.glob(f"{lesson}-*.ipynb"))
        if not matches:
            raise SystemExit(f"no lesson {lesson} in {folder.relative_to(ROOT)}/")
        found.append(matches[0])
    return found


def measure(
    n: int,
    *,
    lessons: list[str] | None = None,
    language: str = "en",
    notebooks: list[Path] | None = None,
    timeout: float = 300,
    keep_kernels: bool = False,
    proxy: Path | None = None,
    proxy_source: str = "",
    progress: bool = False,
    keep_failed: bool = True,
) -> dict[str, Any]:
    """Run a class of ``n`` students through a fresh hub; the figures, as the result file holds them.

    ``lessons`` are numbers (``["01", "02"]``) in ``language``'s folder; ``notebooks``, paths, comes after them.
    After a run with errors the hub's folder and log are kept (``keep_failed``) and named on stderr."""
    if proxy is None:
        proxy, proxy_source = find_proxy()
        if proxy is None:
            raise SystemExit(proxy_source)
    notebooks = lesson_paths(lessons or [], language) + list(notebooks or [])
    students = [Student(f"student{i:03d}") for i in range(1, n + 1)]
    load_before = os.getloadavg()
    with running_hub([s.name for s in students], proxy=proxy, proxy_source=proxy_source) as hub:
        sampler = Sampler(hub.process.pid)
        sampler.start()
        try:
            wall = asyncio.run(
                run_class(hub, students, notebooks, sampler, timeout=timeout, keep=keep_kernels, progress=progress)
            )
        finally:
            sampler.stop()
        hub.keep = keep_failed and any(s.errors for s in students)
    return _figures(
        students,
        sampler,
        notebooks,
        language=language,
        wall=wall,
        keep=keep_kernels,
        load_before=load_before,
        proxy_source=proxy_source,
    )


def _figures(
    students: list[Student],
    sampler: Sampler,
    notebooks: list[Path],
    *,
    language: str,
    wall: float,
    keep: bool,
    load_before: tuple[float, float, float],
    proxy_source: str,
) -> dict[str, Any]:
    import jupyterhub

    def spread(values: list[float]) -> dict[str, float]:
        values = values or [0.0]
        return {
            "median": round(statistics.median(values), 2),
            "max": round(max(values), 2),
            "min": round(min(values), 2),
        }

    lessons = [p.name[:2] for p in notebooks]
    peaks = [sampler.peak.get(s.name, 0) / MB for s in students]
    vm = psutil.virtual_memory()
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "students": len(students),
        "language": language,
        "lessons": [p.name for p in notebooks],
        "kernels": "kept open" if keep else "each lesson's kernel shut down after it",
        "errors": sum(len(s.errors) for s in students),
        "error_list": [f"{s.name}: {e}" for s in students for e in s.errors],
        "stderr_outputs": sum(len(s.stderr) for s in students),
        "cells_run": sum(s.cells for s in students),
        "wall_seconds": round(wall, 1),
        "spawn_seconds": spread([s.spawn_seconds for s in students]),
        "lesson_seconds": {
            lesson: spread([s.lessons[lesson] for s in students if lesson in s.lessons]) for lesson in lessons
        },
        "lesson_cpu_seconds": {
            lesson: spread([s.lesson_cpu[lesson] for s in students if lesson in s.lesson_cpu]) for lesson in lessons
        },
        "student_peak_mb": spread(peaks),
        # The student's server and kernels while in each lesson: the previous lesson's kernel may still be
        # closing as the next one starts, as when a student shuts one down and opens the next.
        "lesson_peak_mb": {
            lesson: spread(
                [sampler.lesson_peak[s.name, lesson] / MB for s in students if (s.name, lesson) in sampler.lesson_peak]
            )
            for lesson in lessons
        },
        "student_peak_processes": max(sampler.peak_processes.values(), default=0),
        "student_cpu_seconds": spread([s.cpu_seconds for s in students]),
        "hub_and_proxy_peak_mb": round(sampler.hub_peak / MB, 1),
        "class_peak_mb": round(sampler.class_peak / MB, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(vm.total / 1024**3, 1),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "load_peak_1min": round(sampler.load_peak, 2),
            "python": platform.python_version(),
            "jupyterhub": jupyterhub.__version__,
            "proxy": proxy_source,
        },
    }


# --- reports -----------------------------------------------------------------------------------


def table(result: dict[str, Any]) -> str:
    """The result as markdown: a summary, then each lesson's time and CPU under this load."""
    m = result["machine"]
    lines = [
        f"**{result['students']} students**, {result['language']}, lessons "
        f"{result['lessons'][0][:2]}–{result['lessons'][-1][:2]}, "
        f"{'every kernel kept open' if result['kernels'] == 'kept open' else result['kernels']}; "
        f"{result['date']}; {m['cpus']} cores, {m['memory_gb']} GB; load average "
        f"{m['load_before'][0]} before, peak {m['load_peak_1min']}; "
        f"JupyterHub {m['jupyterhub']}, Python {m['python']}.",
        "",
        "| figure | median | max |",
        "| --- | ---: | ---: |",
        f"| memory per student, peak (server + kernels, RSS) | {result['student_peak_mb']['median']:.0f} MB "
        f"| {result['student_peak_mb']['max']:.0f} MB |",
        f"| CPU per student, all lessons | {result['student_cpu_seconds']['median']:.0f} s "
        f"| {result['student_cpu_seconds']['max']:.0f} s |",
        f"| server start, through the hub | {result['spawn_seconds']['median']:.1f} s "
        f"| {result['spawn_seconds']['max']:.1f} s |",
        f"| hub + proxy, peak | {result['hub_and_proxy_peak_mb']:.0f} MB | |",
        f"| whole class, peak | {result['class_peak_mb']:.0f} MB | |",
        f"| errors | {result['errors']} | |",
        "",
        "| lesson | time, median | time, max | CPU, median | memory per student, max |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for lesson, seconds in result["lesson_seconds"].items():
        cpu = result["lesson_cpu_seconds"][lesson]
        memory = result["lesson_peak_mb"][lesson]["max"]
        lines.append(
            f"| {lesson} | {seconds['median']:.1f} s | {seconds['max']:.1f} s "
            f"| {cpu['median']:.1f} s | {memory:.0f} MB |"
        )
    if result["error_list"]:
        lines += ["", "Errors:", *(f"- {e}" for e in result["error_list"])]
    return "\n".join(lines)


def write(result: dict[str, Any], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"hub-{result['students']}-{result['language']}"
    if result["kernels"] == "kept open":
        stem = stem.with_name(stem.name + "-kept")
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    stem.with_suffix(".md").write_text(table(result) + "\n")
    return stem.with_suffix(".json")


def memory_needed(n: int, out: Path, *, keep_kernels: bool = False) -> float:
    """Bytes a class of ``n`` may take: the most a student took in earlier runs of the same kind (kernels
    shut down after each lesson, or kept open; else 600 MB) each, plus 1 GB."""
    kept = [p for p in out.glob("hub-*.json") if p.stem.endswith("-kept")]
    runs = kept if keep_kernels else [p for p in out.glob("hub-*.json") if p not in kept]
    peaks = [json.loads(p.read_text())["student_peak_mb"]["max"] for p in runs]
    return (n * max(peaks, default=600) + 1024) * MB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[5], help="class sizes, run in turn")
    parser.add_argument("--lessons", nargs="+", default=[f"{i:02d}" for i in range(1, 10)], help="e.g. 01 02")
    parser.add_argument("--language", choices=["en", "zh-CN"], default="en")
    parser.add_argument("--keep-kernels", action="store_true", help="never shut a lesson's kernel down")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a cell may take")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--force", action="store_true", help="run even if the class may not fit in free memory")
    parser.add_argument("--docs", action="store_true", help="then rewrite docs/teaching.md's class-size table")
    parser.add_argument("--docs-only", action="store_true", help="only rewrite the table, from the result files")
    args = parser.parse_args(argv)
    failed = False
    if not args.docs_only:
        proxy, source = find_proxy()
        if proxy is None:
            print(source, file=sys.stderr)
            return 2
        for n in args.students:
            needed, available = (
                memory_needed(n, args.out, keep_kernels=args.keep_kernels),
                psutil.virtual_memory().available,
            )
            if needed > available and not args.force:
                print(
                    f"{n} students may need {needed / 1024**3:.1f} GB and {available / 1024**3:.1f} GB is free:"
                    " run on a quieter machine, or pass --force",
                    file=sys.stderr,
                )
                return 2
            print(f"{n} students, lessons {' '.join(args.lessons)} ({args.language}); load {os.getloadavg()[0]:.2f}")
            result = measure(
                n,
                lessons=args.lessons,
                language=args.language,
                timeout=args.timeout,
                keep_kernels=args.keep_kernels,
                proxy=proxy,
                proxy_source=source,
                progress=True,
            )
            print(table(result))
            print(f"written: {write(result, args.out).relative_to(ROOT) if args.out == RESULTS else args.out}\n")
            failed |= result["errors"] > 0
    if args.docs or args.docs_only:
        import hub_docs

        hub_docs.update(TEACHING, args.out)
        print(f"rewritten: {TEACHING.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
