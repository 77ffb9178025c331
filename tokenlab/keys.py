"""API keys, the other kind of "token": mask them, find them, load them without showing them.

An API key is a password for your account: whoever has it spends your money. So it never goes in
code, in output or in a shared notebook. ``mask`` shows at most its last 4 characters, ``redact``
hides anything that looks like a key in a text, and ``load_key`` reads one from the environment, a
git-ignored ``.env`` file, or a hidden prompt, in that order.

>>> mask("sk-proj-abcdefghijklmnop1234")
'****1234'
>>> redact("key=sk-proj-abcdefghijklmnop1234 ok")
'key=****1234 ok'
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["mask", "redact", "looks_like_key", "load_key", "KEY_PATTERN"]

# OpenAI keys start with sk- (sk-proj-, sk-svcacct-, sk-admin-, ...) and run on for dozens of characters.
KEY_PATTERN = re.compile(r"\bsk-[A-Za-z0-9_-]{16,}")


def mask(key: str | None) -> str:
    """The key as it may be shown: stars and at most its last 4 characters (none if short).

    The stars do not tell the key's length.
    """
    if not key:
        return "(no key)"
    key = str(key).strip()
    return "****" + (key[-4:] if len(key) >= 16 else "")


def looks_like_key(text: str) -> bool:
    """Whether ``text`` holds something shaped like an OpenAI API key."""
    return KEY_PATTERN.search(text) is not None


def redact(text: str) -> str:
    """``text`` with every key-like string masked."""
    return KEY_PATTERN.sub(lambda m: mask(m[0]), text)


def load_key(name: str = "OPENAI_API_KEY", *, env_file: str | Path = ".env", ask: bool = True) -> str | None:
    """A key from the environment, else from ``env_file`` (read with python-dotenv), else typed
    into a hidden prompt (``getpass``) if ``ask``. Returns None when there is none; never prints it.
    """
    key = os.environ.get(name)
    if not key and Path(env_file).is_file():
        from dotenv import dotenv_values

        key = dotenv_values(env_file).get(name)
    if not key and ask:
        from getpass import getpass

        key = getpass(f"{name} (input is hidden; leave empty to skip): ") or None
    return key.strip() if key else None
