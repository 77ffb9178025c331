from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokenlab import keys

KEY = "sk-proj-" + "a1B2" * 10 + "wxyz"


def test_mask_shows_at_most_the_last_four_characters():
    assert keys.mask(KEY) == "****wxyz"
    assert keys.mask("short") == "****" and keys.mask(None) == "(no key)"
    assert len(keys.mask(KEY)) == len(keys.mask("sk-" + "z" * 100))  # the length is not told


def test_redact_masks_every_key_like_string():
    text = f"first {KEY} and sk-svcacct-{'q' * 30}9999 end"
    assert keys.redact(text) == "first ****wxyz and ****9999 end"
    assert keys.looks_like_key(text) and not keys.looks_like_key(keys.redact(text))
    assert keys.redact("sk-learn is a word") == "sk-learn is a word"


def test_load_key_reads_the_environment_then_a_dotenv_file(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    env = tmp_path / ".env"
    assert keys.load_key(env_file=env, ask=False) is None
    env.write_text(f"OPENAI_API_KEY={KEY}\n")
    assert keys.load_key(env_file=env, ask=False) == KEY
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-environment-000000")
    assert keys.load_key(env_file=env, ask=False) == "sk-from-the-environment-000000"


def test_load_key_asks_with_a_hidden_prompt(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: KEY)
    assert keys.load_key(env_file=tmp_path / "none", ask=True) == KEY


# Keys as the API hands them out, in any text around them: none may survive redact().
_KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
_keys = st.builds(
    lambda prefix, body: prefix + body,
    st.sampled_from(["sk-", "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-demo-valid-", "sk-None-"]),
    st.text(st.sampled_from(_KEY_CHARS), min_size=20, max_size=180),
)
_before = st.one_of(
    st.sampled_from(["", "a", "Z", "7", "_", "token_", "=", "key=", "q=a%3D", "%3D", "'", '"', "`", "Bearer ", "-"]),
    st.sampled_from(["https://example.com/v1/chat?key=", "https://u:", "/v1/", "sk-", "ssk-", "你", "\u200b", "é"]),
    st.text(max_size=20),
)
_after = st.one_of(
    st.sampled_from(["", " ", "&x=1", '"', "'", "\n", "@example.com", "%26", "/", "你"]), st.text(max_size=20)
)


@given(_before, _keys, _after)
def test_no_key_survives_redact_wherever_it_stands(before, key, after):
    shown = keys.redact(before + key + after)
    assert key[:-4] not in shown


@given(st.lists(_keys, min_size=1, max_size=4), st.text(max_size=30))
def test_every_key_in_a_text_is_masked(found, glue):
    shown = keys.redact(glue.join(found))
    assert all(key[:-4] not in shown for key in found)


def test_redact_takes_text_only():
    with pytest.raises(TypeError, match="not bytes"):
        keys.redact(KEY.encode())


def test_a_key_of_only_spaces_in_the_environment_counts_as_none(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "   \t ")
    env = tmp_path / ".env"
    env.write_text(f"OPENAI_API_KEY=  {KEY}  \n")
    assert keys.load_key(env_file=env, ask=False) == KEY
    env.write_text("OPENAI_API_KEY='   '\n")
    assert keys.load_key(env_file=env, ask=False) is None


def test_a_dotenv_file_that_is_not_utf8_is_a_one_line_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    env = tmp_path / ".env"
    env.write_bytes(b"OPENAI_API_KEY=caf\xe9\n")
    with pytest.raises(ValueError, match=r"\.env is not UTF-8 text \(byte 0xe9"):
        keys.load_key(env_file=env, ask=False)


@pytest.mark.parametrize("error", [EOFError, OSError, NotImplementedError])
def test_no_prompt_to_type_a_key_into_returns_none_and_says_so(error, monkeypatch, tmp_path, capsys):
    def getpass(prompt):
        raise error("no input")

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setattr("getpass.getpass", getpass)
    assert keys.load_key(env_file=tmp_path / "none") is None
    assert "set OPENAI_API_KEY in the environment or in a .env file" in capsys.readouterr().err


def test_with_no_terminal_and_no_input_load_key_returns_none_without_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    code = "from tokenlab import keys; print(repr(keys.load_key(env_file='none')))"
    for given_input in ({"stdin": subprocess.DEVNULL}, {"input": ""}):  # nothing, or a pipe at its end
        done = subprocess.run(
            [sys.executable, "-c", code],
            **given_input,
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            start_new_session=True,  # no controlling terminal
            timeout=60,
        )
        assert done.stdout == "None\n", done.stderr
        assert "Traceback" not in done.stderr and "no hidden prompt" in done.stderr


def test_a_typed_key_is_returned_without_surrounding_spaces(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: f"  {KEY}\n")
    assert keys.load_key(env_file=tmp_path / "none") == KEY
