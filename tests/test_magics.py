"""The magics, in a real IPython shell."""

from __future__ import annotations

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import tokenlab
from tokenlab.compare import Comparison
from tokenlab.magics import split_options


@pytest.fixture
def ip():
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "tokenlab")
    yield shell
    shell.run_line_magic("unload_ext", "tokenlab")
    InteractiveShell.clear_instance()


def run(ip, source: str):
    result = ip.run_cell(source, store_history=False)
    if result.error_in_exec is not None:
        raise result.error_in_exec
    return result.result


def test_line_magic_returns_the_tokens_so_they_display(ip):
    tokens = run(ip, "%tokens Hello world")
    assert isinstance(tokens, tokenlab.Tokens) and tokens.ids == [13225, 2375]
    assert "text/html" in tokens._repr_mimebundle_()


def test_text_is_taken_verbatim_with_quotes_and_spaces(ip):
    assert run(ip, "%tokens don't  'panic'").text == "don't  'panic'"
    assert run(ip, "%tokens -- --not an option").text == "--not an option"
    assert run(ip, "%tokens -5 degrees").text == "-5 degrees"


def test_encoding_and_model_options(ip):
    assert run(ip, "%tokens -e r50k_base 你").ids == [19526, 254]
    assert run(ip, "%tokens --model gpt-4 Hello world").ids == [9906, 1917]
    assert run(ip, "%tokens --encoding=cl100k_base hi").encoding == "cl100k_base"


def test_other_vendors_names_work_in_the_magic(ip):
    assert run(ip, "%tokens -e tekken Hello world").ids == [22177, 4304]
    comparison = run(ip, "%tokens --compare o200k_base,deepseek-chat,qwen 你好")
    assert [t.encoding for t in comparison] == ["o200k_base", "deepseek_v3", "qwen"]


def test_ids_and_bytes_options_change_the_display(ip):
    shown = run(ip, "%tokens --ids -m gpt-4 Hello world")
    assert ">9906</sub>" in shown._repr_mimebundle_()["text/html"]
    assert shown.ids == [9906, 1917]
    assert run(ip, "%tokens --bytes -e r50k_base 你")._repr_mimebundle_()["text/plain"].endswith("e4 bd|a0")


def test_compare_option_shows_the_text_under_several_encodings(ip):
    comparison = run(ip, "%tokens --compare r50k_base, gpt-4o 你好")
    assert isinstance(comparison, Comparison)
    assert [t.encoding for t in comparison] == ["r50k_base", "o200k_base"]
    assert comparison.text == "你好"


def test_cell_magic_tokenizes_the_whole_cell(ip):
    tokens = run(ip, "%%tokens --encoding cl100k_base\nfirst line\nsecond line")
    assert tokens.text == "first line\nsecond line"
    assert tokens.encoding == "cl100k_base"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("%tokens -e nope hi", "%tokens: unknown encoding 'nope'"),
        ("%tokens --model gpt-4x hi", "Did you mean 'gpt-4'"),
        ("%tokens --frobnicate hi", "unknown option --frobnicate"),
        ("%tokens --encoding", "--encoding needs a value"),
        ("%tokens --compare a,b -e cl100k_base x", "leave out --encoding"),
        ("%%tokens hello\nworld", "put only options on the first line"),
    ],
)
def test_bad_options_are_one_line_usage_errors(ip, capsys, source, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        run(ip, source)
    shown = capsys.readouterr()
    assert "Traceback" not in shown.out + shown.err
    assert len((shown.out + shown.err).strip().splitlines()) == 1


def test_help_is_the_magics_docstring(ip):
    doc = ip.find_line_magic("tokens").__doc__
    assert "--compare A,B" in doc and "%%tokens [options]" in doc


def test_loading_twice_reloading_and_unloading(ip):
    ip.run_line_magic("load_ext", "tokenlab")  # again: harmless
    assert run(ip, "%tokens hi").text == "hi"
    ip.run_line_magic("reload_ext", "tokenlab")
    assert run(ip, "%tokens hi").text == "hi"
    ip.run_line_magic("unload_ext", "tokenlab")
    assert ip.find_line_magic("tokens") is None and ip.find_cell_magic("tokens") is None
    ip.run_line_magic("load_ext", "tokenlab")
    assert ip.find_cell_magic("tokens") is not None


def test_split_options_keeps_the_text_exactly():
    assert split_options("  --ids   two  spaces ") == (["--ids"], "two  spaces ")
    assert split_options("--ids") == (["--ids"], "")


@pytest.mark.parametrize("text", ["costs {x}", "costs $x", "costs $$x", "{x} and {x!r} and {{x}}", "$x{x}$$", "${x}"])
def test_variables_are_never_filled_into_the_text(ip, text):
    ip.user_ns["x"] = 5
    assert run(ip, f"%tokens {text}").text == text
    assert run(ip, f"%tokens --model gpt-4 --ids {text}").text == text
    assert run(ip, f"%%tokens --compare r50k_base,o200k_base\n{text}\n").text == text
