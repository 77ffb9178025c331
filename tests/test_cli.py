from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import tokenlab
from tokenlab.cli import main


def run(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "tokenlab", *args], input=data, capture_output=True, timeout=60)


def test_text_argument_shows_counts_and_spans():
    result = run("Hello world")
    assert result.returncode == 0
    assert (
        result.stdout.decode()
        == "o200k_base: 2 tokens · 11 characters · 2 words · 1.00 tokens per word\nHello|·world\n"
    )


def test_stdin_with_model_and_ids():
    result = run("--model", "gpt-4", "--ids", stdin="你好")
    assert result.stdout.decode().splitlines()[1] == "你好[57668, 53901]".replace(", ", "]|好[").replace("你好[", "你[")


def test_count_prints_only_the_number():
    text = "The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸"
    result = run("--count", "-e", "cl100k_base", stdin=text)
    assert result.stdout.decode() == f"{tokenlab.count(text, encoding='cl100k_base')}\n"


def test_bytes_view_and_special_tokens():
    assert run("--bytes", "-e", "r50k_base", "你").stdout.decode().splitlines()[1] == "e4 bd|a0"
    assert run("--count", "<|endoftext|>").stdout == b"7\n"
    assert run("--count", "--special", "<|endoftext|>").stdout == b"1\n"


def test_other_vendors_tokenizers_and_models_work_and_are_listed():
    assert run("--count", "-m", "deepseek-chat", "Hello world").stdout == b"2\n"
    assert run("--ids", "-e", "qwen", "Hello world").stdout.decode().splitlines()[1] == "Hello[9707]|·world[1879]"
    assert "deepseek_v3" in run("--help").stdout.decode()


def test_color_always_writes_ansi_and_never_does_not():
    assert b"\x1b[48;5;" in run("--color", "always", "hi there").stdout
    assert b"\x1b[" not in run("--color", "never", "hi there").stdout
    assert b"\x1b[" not in run("hi there").stdout  # not a terminal


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["-e", "nope", "x"], None, "tokenlab: unknown encoding 'nope'"),
        (["-m", "gpt-4x", "x"], None, "tokenlab: unknown model 'gpt-4x'. Did you mean 'gpt-4'"),
        (["--bogus"], None, "tokenlab: unrecognized arguments: --bogus"),
        (["-e", "cl100k_base", "-m", "gpt-4", "x"], None, "not allowed with argument"),
        ([], b"\xff\xfe", "tokenlab: the input is not UTF-8 text (byte 0xff at offset 0)"),
        (["--max-tokens", "-3", "x"], None, "max_tokens must be a whole number"),
    ],
)
def test_errors_are_one_line_and_a_nonzero_exit(args, stdin, message):
    result = run(*args, stdin=stdin)
    err = result.stderr.decode()
    assert result.returncode == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_main_runs_in_process_with_given_streams():
    out = io.StringIO()
    assert main(["--count", "hello world"], stdout=out) == 0
    assert out.getvalue() == "2\n"


def test_no_text_on_a_terminal_asks_for_some(capsys):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert main([], stdin=Tty()) == 2
    assert "give the text as an argument" in capsys.readouterr().err


def test_the_console_script_is_installed():
    import shutil

    script = shutil.which("tokenlab", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "--count", "hi"], capture_output=True, timeout=60)
    assert result.stdout == b"1\n"


# With real processes, pipes and closed streams, as a shell runs it.
def shell(command: str, **options) -> subprocess.CompletedProcess:
    tokenlab_cmd = f"{shlex.quote(sys.executable)} -m tokenlab"
    return subprocess.run(
        ["bash", "-c", command.replace("TOKENLAB", tokenlab_cmd)], capture_output=True, timeout=120, **options
    )


def test_a_reader_that_goes_away_stops_it_quietly_with_cats_status(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Hello world, how are you today? " * 50_000)
    for args in ("--max-tokens 1000000 --max-chars 10000000", "--ids --max-tokens 1000000 --max-chars 10000000"):
        result = shell(f"TOKENLAB {args} < {big} | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}")
        assert result.stdout == b"141\n" and result.stderr == b""
    result = shell(f"cat {big} {big} {big} {big} | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}")
    assert result.stdout == b"141\n"  # the status it copies


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("TOKENLAB <&-", "give the text as an argument, or pipe it in"),
        ("TOKENLAB --count <&-", "give the text as an argument, or pipe it in"),
        ("TOKENLAB hello >&-", "standard output is closed"),
        ("TOKENLAB --count hello >&-", "standard output is closed"),
    ],
)
def test_a_closed_stdin_or_stdout_is_a_one_line_error(command, message):
    result = shell(command)
    err = result.stderr.decode()
    assert result.returncode == 2 and message in err and len(err.splitlines()) == 1, err


def test_a_closed_stderr_still_gives_the_status():
    assert shell("TOKENLAB -e nope x 2>&-").returncode == 2
    assert shell("TOKENLAB --count hello 2>&-").stdout == b"1\n"


def test_arguments_that_are_not_utf8_are_a_one_line_error():
    result = subprocess.run(
        [sys.executable, "-m", "tokenlab", b"caf\xe9"],
        capture_output=True,
        timeout=60,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    assert result.returncode == 2 and result.stderr.decode() == "tokenlab: the arguments are not UTF-8 text\n"


def test_huge_input_counts_without_trouble(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(" " * 1_000_000 + "x" * 2_000_000)
    result = shell(f"TOKENLAB --count < {big}")
    assert result.returncode == 0 and result.stderr == b"" and int(result.stdout) > 0
    result = shell(f"TOKENLAB --max-tokens 5 < {big}")
    assert result.returncode == 0 and result.stderr == b"" and len(result.stdout) < 10_000


# A damaged install: every error of the data layer is one line and status 2, never a traceback.
@pytest.fixture(scope="module")
def damaged_copy(tmp_path_factory):
    """A copy of the package whose files a test may damage (each is put back after)."""
    import shutil

    root = tmp_path_factory.mktemp("install")
    shutil.copytree(Path(tokenlab.__file__).parent, root / "tokenlab", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))


DAMAGES = {
    "truncated .gz": ("encodings/o200k_base.tiktoken.gz", _truncate),
    "a bit flipped": ("encodings/o200k_base.tiktoken.gz", _flip),
    "missing rank file": ("encodings/o200k_base.tiktoken.gz", Path.unlink),
    "missing SHA256SUMS": ("encodings/SHA256SUMS", Path.unlink),
    "SHA256SUMS not text": ("encodings/SHA256SUMS", lambda p: p.write_bytes(b"\xff\xfe\x00garbage")),
    "vendor file truncated": ("tokenizers/qwen.tiktoken.gz", _truncate),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_install_is_one_line_and_status_2(damaged_copy, damage):
    name, spoil = DAMAGES[damage]
    path = damaged_copy / "tokenlab" / "data" / name
    original = path.read_bytes()
    spoil(path)
    try:
        args = ["-e", "qwen", "x"] if "vendor" in damage else ["x"]
        env = {**os.environ, "PYTHONPATH": str(damaged_copy)}
        result = subprocess.run(
            [sys.executable, "-m", "tokenlab", *args], capture_output=True, timeout=120, env=env, cwd=damaged_copy
        )
    finally:
        path.write_bytes(original)
    err = result.stderr.decode()
    assert result.returncode == 2 and err.startswith("tokenlab: "), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
