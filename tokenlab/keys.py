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
import sys
from pathlib import Path

from ._checks import brief
from ._i18n import _

__all__ = ["mask", "redact", "looks_like_key", "load_key", "KEY_PATTERN"]

# OpenAI keys start with sk- (sk-proj-, sk-svcacct-, sk-admin-, ...) and run on for dozens of characters.
# Wherever they stand: after a letter, a digit, _, = or its URL form %3D too ("token_sk-...",
# "q=a%3Dsk-..."), so this errs toward hiding ("risk-assessment-framework" is masked as well).
KEY_PATTERN = re.compile(r"sk-[A-Za-z0-9_-]{16,}")


def mask(key: str | None) -> str:
    """The key as it may be shown: stars and at most its last 4 characters (none if short).

    The stars do not tell the key's length.
    """
    if not key:
        return "(no key)"
    if not isinstance(key, str):
        raise TypeError(_("a key is text (str), not {name}").format(name=type(key).__name__))
    key = key.strip()
    return "****" + (key[-4:] if len(key) >= 16 else "")


def looks_like_key(text: str) -> bool:
    """Whether ``text`` holds something shaped like an OpenAI API key."""
    return KEY_PATTERN.search(_text(text)) is not None


def redact(text: str) -> str:
    """``text`` with every key-like string masked, wherever it stands.

    >>> redact("GET /v1/models?q=a%3Dsk-proj-abcdefghijklmnop1234")
    'GET /v1/models?q=a%3D****1234'
    """
    return KEY_PATTERN.sub(lambda m: mask(m[0]), _text(text))


def _text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(_("expected text (str), not {name}").format(name=type(text).__name__))
    return text


def load_key(name: str = "OPENAI_API_KEY", *, env_file: str | Path = ".env", ask: bool = True) -> str | None:
    """A key from the environment, else from ``env_file`` (read with python-dotenv), else typed
    into a hidden prompt (``getpass``) if ``ask``. Returns None when there is none; never prints it.

    A value of only spaces counts as none. Where no hidden prompt can be shown (no terminal, no
    input left, a notebook run without a browser), it says so on stderr and returns None: it never
    reads a key with echo on.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(
            _("name is the name of an environment variable, e.g. 'OPENAI_API_KEY', not {brief}").format(
                brief=brief(name)
            )
        )
    try:
        key = _clean(os.environ.get(name))
    except (UnicodeError, ValueError):  # a NUL or a lone surrogate cannot be in an environment name
        raise ValueError(_("{brief} cannot be the name of an environment variable").format(brief=brief(name))) from None
    if not isinstance(env_file, (str, Path)):
        raise TypeError(_("env_file is a path, not {name}").format(name=type(env_file).__name__))
    path = Path(env_file)
    if key is None and _is_file(path):
        key = _clean(_from_dotenv(path, name))
    if key is None and ask:
        key = _clean(_ask(name))
    return key


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL in it: no such file
        return False


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _from_dotenv(path: Path, name: str) -> str | None:
    from dotenv import dotenv_values

    try:
        return dotenv_values(path, encoding="utf-8").get(name)
    except UnicodeDecodeError as error:
        raise ValueError(
            _("{path} is not UTF-8 text (byte {object:#04x} at offset {start}): save it as UTF-8").format(
                path=path, object=error.object[error.start], start=error.start
            )
        ) from None


def _ask(name: str) -> str | None:
    import getpass
    import warnings

    try:
        with warnings.catch_warnings():
            # With no terminal, getpass would read the key with echo on: refuse instead.
            warnings.simplefilter("error", getpass.GetPassWarning)
            return getpass.getpass(f"{name} (input is hidden; leave empty to skip): ")
    except (EOFError, OSError, getpass.GetPassWarning, NotImplementedError):  # NotImplementedError: a kernel
        print(  # without a browser (nbclient) has no prompt to show
            f"tokenlab: no key found and no hidden prompt to type one into: set {name} in the environment "
            "or in a .env file",
            file=sys.stderr,
        )
        return None
