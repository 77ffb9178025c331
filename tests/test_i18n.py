"""The interface in English and Simplified Chinese: switching, defaults, and a complete catalog."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tokenlab
from tokenlab import _i18n

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def english():
    yield
    tokenlab.set_language("en")


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_chinese_catalog_is_complete_current_and_compiled():
    # Missing, untranslated, fuzzy or obsolete messages, changed placeholders, a stale .mo: all fail here.
    assert _i18n_script().problems("zh_CN") == []


def test_set_language_switches_what_is_shown_at_once():
    tokens = tokenlab.tokenize("Hello world")
    assert "2 tokens" in tokens.to_text()
    assert tokenlab.set_language("zh-CN") == "zh_CN" and tokenlab.language() == "zh_CN"
    assert "2 个词元" in tokens.to_text() and "2 个词元" in tokens.to_html()
    tokenlab.set_language("en")
    assert "2 tokens" in tokens.to_text()


@pytest.mark.parametrize(
    ("given", "code"), [("zh", "zh_CN"), ("zh_CN.UTF-8", "zh_CN"), ("zh-Hans", "zh_CN"), ("en_US", "en"), ("C", "en")]
)
def test_the_usual_spellings_of_a_language_are_understood(given, code):
    assert tokenlab.set_language(given) == code


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="tokenlab speaks en, zh_CN; not 'fr'"):
        tokenlab.set_language("fr")
    with pytest.raises(TypeError):
        tokenlab.set_language(None)


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"TOKENLAB_LANG": "zh_CN", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_default_comes_from_tokenlab_lang_then_the_system_locale_then_english(environment, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("TOKENLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    code = "import tokenlab; print(tokenlab.language())"
    out = subprocess.run(
        [sys.executable, "-c", code], env={**env, **environment}, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == expected


def test_plurals_follow_the_languages_rules():
    assert _i18n.units(1, "token") == "1 token" and _i18n.units(2, "token") == "2 tokens"
    tokenlab.set_language("zh_CN")
    assert _i18n.units(1, "token") == "1 个词元" and _i18n.units(1234, "token") == "1,234 个词元"


def test_errors_are_said_in_the_language_in_use():
    tokenlab.set_language("zh_CN")
    with pytest.raises(ValueError, match="未知的编码 'o200k'。你是不是想写 'o200k_base'"):
        tokenlab.count("hi", encoding="o200k")
    with pytest.raises(TypeError, match="tokenlab 接受文字"):
        tokenlab.count(b"hi")


def test_the_command_line_speaks_the_language_asked_for(capsys):
    from tokenlab.cli import main

    assert main(["--lang", "zh_CN", "你好"]) == 0
    assert "个词元" in capsys.readouterr().out
    assert main(["--lang=fr", "hi"]) == 2
    assert "tokenlab speaks en, zh_CN; not 'fr'" in capsys.readouterr().err
    assert tokenlab.language() == "en"  # main() leaves the caller's language as it was
