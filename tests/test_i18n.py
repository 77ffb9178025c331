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


SPELLINGS = {
    "zh_CN": ["zh", "zh_CN", "zh-CN", "zh-cn", "ZH_cn", "zh-Hans", "zh-Hans-CN", "zh_Hans_CN.UTF-8", "zh-SG"],
    "en": ["en", "en-US", "en_GB", "en_GB.UTF-8", "en-Latn-US", "EN", "en@euro", "C", "POSIX", "C.UTF-8"],
}
SPELLINGS["zh_CN"] += ["zh_CN.UTF-8", "zh_CN.GB18030", "zh-Hans-CN-u-nu-hanidec", "zho", "cmn-Hans", "简体中文", "中文"]
SPELLINGS["en"] += ["eng", "English", " en-US "]
REFUSED = [
    "enzyme",
    "fr",
    "fr-FR",
    "de_DE.UTF-8",
    "zh-TW",
    "zh-Hant",
    "zh_HK",
    "zh-Hant-CN",
    "",
    " ",
    "-",
    "e",
    "zh--CN",
]


@pytest.mark.parametrize(("code", "given"), [(code, given) for code, all in SPELLINGS.items() for given in all])
def test_every_usual_spelling_of_a_language_is_understood(code, given):
    assert tokenlab.set_language(given) == code


@pytest.mark.parametrize("given", REFUSED)
def test_other_languages_are_refused_in_one_line_that_lists_what_is_offered(given):
    tokenlab.set_language("zh_CN")
    with pytest.raises(ValueError, match=r"en \(English\), zh_CN \(简体中文\)") as refused:
        tokenlab.set_language(given)
    assert "\n" not in str(refused.value) and tokenlab.language() == "zh_CN"  # the language in use stays


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"TOKENLAB_LANG": "zh_CN", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:zh_CN:en", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_TW.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_default_comes_from_tokenlab_lang_then_the_system_locale_then_english(environment, expected):
    names = ("TOKENLAB_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    env = {k: v for k, v in os.environ.items() if k not in names}
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
    assert "tokenlab speaks en (English), zh_CN (简体中文)" in capsys.readouterr().err
    assert tokenlab.language() == "en"  # main() leaves the caller's language as it was


# Nothing half English in Chinese: every error of the command line, and every public error and
# warning the hostile inputs of tests/test_hostile.py can trigger, has no English word left in.
# Code is allowed: names of parameters, types, encodings and models, quoted values, numbers.


def _code_words() -> set[str]:
    import builtins
    import importlib
    import inspect

    words = set(dir(builtins)) | set(tokenlab.encodings()) | set(tokenlab.models())
    modules = ["tokens", "compare", "chat", "images", "pricing", "cost", "limits", "ratelimits", "keys", "usage"]
    modules += ["retry", "demo_api", "corpus", "languages", "bpe", "explain", "render", "registry", "plots"]
    for name in [*modules, "widgets", "display", "magics", "cli"]:
        module = importlib.import_module(f"tokenlab.{name}")
        for attribute, value in vars(module).items():
            words.add(attribute)
            if inspect.isclass(value):
                words.update(vars(value))  # methods and attributes: Budget.record
            elif isinstance(value, (dict, tuple, frozenset)):
                words.update(v for v in value if isinstance(v, str))  # codes: DemoAPI's KINDS, DETAILS
            for member in [value, *vars(value).values()] if inspect.isclass(value) else [value]:
                if callable(member):
                    try:
                        words.update(inspect.signature(member).parameters)
                    except (TypeError, ValueError):
                        pass
    from tokenlab.cli import _parser

    words.update(c for action in _parser()._actions for c in action.choices or ())  # --color auto
    from tokenlab.corpus import load_corpus

    words.update(load_corpus())  # language codes: eng, fra, cmn_hans
    # Names of things, and the words of Python's own values as brief() shows them.
    words |= {"tokenlab", "tiktoken", "qwen", "tekken", "jieba", "janome", "pythainlp", "udhr", "nan", "inf", "echo"}
    words |= {"en", "zh", *_i18n.LANGUAGES.values()}  # language codes, and each language's own name
    return {w for w in words if w.isidentifier()}


_CODE_WORDS: set[str] = set()


def english_words(message: str) -> list[str]:
    """The English words of ``message`` that are not code, names or values."""
    import re

    if not _CODE_WORDS:
        _CODE_WORDS.update(_code_words())
    text = re.sub(r"https?://\S+", " ", message)
    # Quoted values and reprs: '...', "...", `...`, <object at 0x...>, <|special|>
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|<[^<>\n]* at 0x[0-9a-f]+>|<\|[^|]*\|>|\{[^{}\n]*\}", " ", text)
    found = []
    for word in re.findall(r"[A-Za-z0-9_.\-+/:@%$]+", text):
        if word.startswith("-"):
            continue  # an option: --bogus
        word = word.strip(".:,/+")
        if not re.fullmatch(r"[A-Za-z]{2,}", word):
            continue  # code: digits, underscores, dots, paths
        if word in _CODE_WORDS or word.isupper() or sum(c.isupper() for c in word) >= 2:
            continue  # a name, an acronym (API, UTF), a CamelCase class (BudgetMeter, OpenAI)
        found.append(word)
    return found


def test_the_english_word_finder_finds_english_and_only_english():
    assert english_words("unrecognized arguments: --bogus") == ["unrecognized", "arguments"]
    assert english_words("max_tokens 必须是 ≥ 0 的整数，不能是 -1") == []
    assert english_words("未知的编码 'o200k'。你是不是想写 'o200k_base'？") == []
    assert english_words("tool 1 必须是字典（JSON 对象），不能是 list") == ["tool"]


# (arguments, standard input): each one of the command's error paths
CLI_ERRORS = [
    (["--bogus", "x"], None),  # argparse: unrecognized arguments
    (["--max-tokens", "many", "x"], None),  # argparse: invalid int value
    (["--max-chars", "1.5", "x"], None),
    (["--color", "rainbow", "x"], None),  # argparse: invalid choice
    (["-e"], None),  # argparse: expected one argument
    (["-e", "cl100k_base", "-m", "gpt-4", "x"], None),  # argparse: not allowed with argument
    (["--co", "x"], None),  # argparse: ambiguous option (--count, --color)
    (["-e", "nope", "x"], None),
    (["-m", "gpt-4x", "x"], None),
    (["--max-tokens", "-3", "x"], None),
    (["--max-chars", "-1", "x"], None),
    (["--lang", "enzyme", "x"], None),
    (["caf\udce9"], None),  # arguments that are not UTF-8
    ([], b"\xff\xfe"),  # input that is not UTF-8
    ([], "tty"),  # no text at all, on a terminal
    ([], "closed"),
    (["x"], "stdout closed"),
    (["-e", "qwen", "x"], "damaged"),  # a damaged install
    (["x"], "no memory"),
]


@pytest.mark.parametrize(("argv", "stdin"), CLI_ERRORS, ids=lambda v: repr(v)[:40])
def test_every_error_of_the_command_line_is_one_chinese_line(argv, stdin, capsys, monkeypatch):
    import io

    from tokenlab import cli
    from tokenlab._shipped import verified

    class Tty(io.StringIO):
        def isatty(self):
            return True

    streams = {}
    if isinstance(stdin, bytes):
        streams["stdin"] = io.TextIOWrapper(io.BytesIO(stdin))
    elif stdin == "tty":
        streams["stdin"] = Tty()
    elif stdin == "closed":
        streams["stdin"] = io.StringIO()
        streams["stdin"].close()
    elif stdin == "stdout closed":
        streams["stdout"] = io.StringIO()
        streams["stdout"].close()
    elif stdin in ("damaged", "no memory"):

        def fail(*args, **options):
            if stdin == "no memory":
                raise MemoryError
            verified("encodings", "no-such-file.tiktoken.gz")  # the data layer's own error

        monkeypatch.setattr(cli, "tokenize", fail)
    tokenlab.set_language("zh_CN")
    try:
        status = cli.main(argv, **streams)
    except SystemExit as stop:
        status = stop.code
    err = capsys.readouterr().err
    assert status == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith("tokenlab："), err
    assert english_words(err) == [], err


def test_the_command_lines_help_is_in_chinese(capsys):
    from tokenlab.cli import main

    with pytest.raises(SystemExit):
        main(["--lang", "zh_CN", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：tokenlab") and "\n选项:" in out and "\n位置参数:" in out
    lines = [line for line in out.splitlines() if not line.lstrip().startswith(("用法", "tokenlab [", "["))]
    assert [w for line in lines for w in english_words(line)] == [], out


# Python's own messages, raised inside modules this branch leaves to their owners (test_hostile.py
# accepts them as clear enough); the system's words in an OSError; numpy's warnings in a chart.
ELSEWHERE = (
    "object is not iterable",
    "object is not subscriptable",
    "indices must be integers",
    "cannot fit 'int' into an index-sized integer",
    "unhashable type",
    "unsupported operand",
    "can't multiply sequence",
    "has no len()",
    "Unknown format code",
    "Cannot specify",
    "unsupported format string",
    "No such file or directory",
    "Is a directory",
    "Not a directory",
    "encountered in",
)
# The targets of this branch's modules (compare, chat, images, render, _i18n, widgets): no allowance.
OWN = ("compare(", "count_messages(", "image_tokens(", "part_tokens(", "render.", "Tokens.to_html", "set_language(")


def _hostile_targets():
    from . import test_hostile

    widgets = test_hostile._widget_targets()
    targets = {**test_hostile.TARGETS, **widgets}
    return {name: (call, name in widgets or name.startswith(OWN)) for name, call in targets.items()}


def test_every_public_error_and_warning_in_chinese_has_no_english_left():
    import warnings

    values = [None, True, -1, 1.5, "", "nope", b"x", [None], {"role": None}]
    offenders = {}
    for name, (call, mine) in _hostile_targets().items():
        for value in values:
            tokenlab.set_language("zh_CN")  # set_language(v) goes back to English
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    call(value)
                except Exception as error:
                    caught.append(warnings.WarningMessage(error, type(error), "", 0))
            for item in caught:
                message = " ".join(str(item.message).split())
                words = english_words(message)
                if words and (mine or not any(raw in message for raw in ELSEWHERE)):
                    offenders.setdefault(message, name)
    assert not offenders, "\n".join(f"{name}: {message}" for message, name in offenders.items())


def test_deprecation_warnings_are_said_in_the_language_in_use():
    tokenlab.set_language("zh_CN")
    with pytest.warns(DeprecationWarning) as caught:
        tokenlab.count("hi", "cl100k_base")
        tokenlab.compare("hi", ["r50k_base"]).counts()
    for warning in caught:
        assert english_words(str(warning.message)) == [], warning.message
