from __future__ import annotations

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
