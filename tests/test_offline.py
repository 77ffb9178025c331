"""Nothing in tokenlab opens a network connection: checked in the test process and in a fresh one."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

import pytest
import pytest_socket


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_the_guard_blocks_connections_to_other_hosts():
    # Only once the guard is certainly in place do we try a (documentation-only) address.
    assert socket.socket.connect.__module__ == pytest_socket.__name__
    with socket.socket() as sock, pytest.raises(pytest_socket.SocketConnectBlockedError):
        sock.connect(("192.0.2.1", 80))


def test_everything_works_in_a_fresh_process_with_no_network_and_no_tiktoken_cache(tmp_path):
    code = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise SystemExit("tokenlab tried to use the network")

        socket.socket.connect = socket.socket.connect_ex = refuse
        socket.getaddrinfo = socket.create_connection = refuse

        import tokenlab
        from tokenlab.cli import main

        for name in tokenlab.encodings():
            assert tokenlab.count("Hello, 世界 👋", name) > 0
        assert tokenlab.tokenize("hi", model="gpt-4o").to_html()
        assert main(["--count", "hi"]) == 0
        print("offline ok")
        """
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "TIKTOKEN_CACHE_DIR": str(tmp_path / "empty"),
        "TMPDIR": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("offline ok")
    assert not (tmp_path / "empty").exists() and not (tmp_path / "data-gym-cache").exists()
