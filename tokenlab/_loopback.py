"""A small JSON-over-HTTP server on 127.0.0.1, for offline stand-ins of web APIs (``demo_api``).

It does the HTTP plumbing so that the stand-in only decides answers: it reads each request body
(at most ``MAX_BODY`` bytes), answers every request it can read with JSON, even a malformed one
(OpenAI's error shape, ``{"error": {"message", "type", "param", "code"}}``), never prints a
traceback, keeps a deep listen backlog so that many clients at once are all answered, gives up on
clients that stall, and on ``stop()`` closes every connection still open, so no thread outlives it.

Private to tokenlab.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ._i18n import _
from ._memory import trim

__all__ = ["Answer", "LoopbackServer", "error_body", "MAX_BODY"]

MAX_BODY = 10 * 1024 * 1024  # bytes; a larger request body is refused unread
_LARGE = 256 * 1024  # bytes: after a body this large, give the memory of its copies back
TIMEOUT = 10.0  # seconds a client may stall mid-request before its connection is closed

Answer = tuple[int, dict[str, str], dict[str, Any]]  # status, headers, JSON body
# handle(method, path, headers, body) -> Answer; body is None for a request without one
Handle = Callable[[str, str, dict[str, str], bytes | None], Answer]


def error_body(
    message: str, kind: str = "invalid_request_error", code: str | None = None, param: str | None = None
) -> dict[str, Any]:
    """The error body of OpenAI's API."""
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


class LoopbackServer(ThreadingHTTPServer):
    """Serves ``handle`` on 127.0.0.1 (a free port) from a background thread."""

    daemon_threads = True
    request_queue_size = 128  # the default of 5 resets connections when 50 clients come at once
    allow_reuse_address = False

    def __init__(self, handle: Handle, log: Callable[[str, str, int], None]) -> None:
        self.handle, self.log = handle, log  # log(method, path, status)
        self._open: set[socket.socket] = set()
        self._live: set[threading.Thread] = set()
        self._open_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.serve_forever, args=(0.05,), name="tokenlab-loopback", daemon=True).start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
            self._live.add(threading.current_thread())
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._open.discard(request)
                self._live.discard(threading.current_thread())

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a connection that broke before it could be answered: no traceback on stderr

    def stop(self) -> None:
        """Stop serving, close every open connection and wait (briefly) for their threads."""
        self.shutdown()
        self.server_close()
        with self._open_lock:
            still_open, threads = list(self._open), list(self._live)
        for sock in still_open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(timeout=2)


class _Handler(BaseHTTPRequestHandler):
    server: LoopbackServer
    timeout = TIMEOUT
    protocol_version = "HTTP/1.1"  # keep-alive, as the openai client expects

    def _answer(self) -> None:
        method, path = self.command, self.path
        try:
            body = self._body()
        except _RefusedError as refused:
            self.close_connection = True  # the rest of the request is not read
            self._send(400, {}, error_body(str(refused)), method, path)
            return
        try:
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, headers, answer = self.server.handle(method, path, headers, body)
        except Exception:  # a bug in the stand-in must not drop the connection
            status, headers = 500, {}
            answer = error_body(
                "The server had an error while processing your request. Sorry about that!", "server_error"
            )
        self._send(status, headers, answer, method, path)
        if body is not None and len(body) > _LARGE:
            del body
            trim()  # its copies were freed in this thread's own heap: hand them back

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _answer  # noqa: N815

    def _body(self) -> bytes | None:
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            raise _RefusedError(_("Send the body with a Content-Length header: chunked bodies are not supported here."))
        declared = self.headers.get_all("content-length") or []
        if not declared:
            return None
        if len(set(declared)) > 1 or not declared[0].strip().isdigit() or not declared[0].isascii():
            raise _RefusedError(_("Invalid Content-Length header: {declared!r}.").format(declared=declared[0][:40]))
        length = int(declared[0])
        if length > MAX_BODY:
            raise _RefusedError(
                _("The request body is too large: {length:,} bytes (at most {max_body:,}).").format(
                    length=length, max_body=MAX_BODY
                )
            )
        return self.rfile.read(length)

    def _send(self, status: int, headers: dict[str, str], answer: dict[str, Any], method: str, path: str) -> None:
        data = json.dumps(answer).encode()
        self.server.log(method, path, status)  # before answering, so the client sees it logged
        self.send_response(status)
        for name, value in {"content-type": "application/json", "content-length": str(len(data)), **headers}.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("connection", "close")
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(data)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # http.server's own errors (a malformed request line or header) as JSON, not HTML.
        self.close_connection = True
        try:
            method, path = self.command or "?", getattr(self, "path", None) or "?"
            self._send(code, {}, error_body(message or "Bad request."), method, path)
        except OSError:
            pass

    def handle(self) -> None:
        try:
            super().handle()
        except OSError:  # the client went away or stalled: nothing to answer
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # keep stderr (and keys) out of it
        pass


class _RefusedError(Exception):
    pass
