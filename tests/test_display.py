"""Showing tokens in a notebook, and notices as styled boxes instead of stderr warnings."""

from __future__ import annotations

import sys
import warnings

import pytest

import tokenlab
from tokenlab import display
from tokenlab._notice import Notice, notify


@pytest.fixture
def shell():
    """A real IPython shell whose displays are collected in a list."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shown: list[dict[str, str]] = []
    shell.display_pub.publish = lambda data, **kwargs: shown.append(data)
    try:
        yield shown
    finally:
        InteractiveShell.clear_instance()


@pytest.fixture
def notices():
    """The notice hook installed for one test, with warnings printed to stderr as outside pytest
    (pytest records them instead), and the warnings machinery restored after it."""
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings._showwarnmsg_impl = lambda msg: sys.stderr.write(warnings._formatwarnmsg(msg))  # type: ignore[attr-defined]
        display._installed.clear()
        display.install_notices()
        try:
            yield
        finally:
            display._installed.clear()


def test_show_prints_plain_text_outside_a_notebook(capsys):
    tokenlab.show("Hello world", encoding="cl100k_base")
    assert (
        capsys.readouterr().out
        == "cl100k_base: 2 tokens · 11 characters · 2 words · 1.00 tokens per word\nHello|·world\n"
    )


def test_show_displays_html_in_ipython(shell):
    tokenlab.show("Hello world", model="gpt-4", ids=True)
    (bundle,) = shell
    assert ">9906</sub>" in bundle["text/html"]
    assert bundle["text/plain"].endswith("Hello[9906]|·world[1917]")


def test_a_notice_shows_as_a_styled_box_in_ipython_not_as_a_warning(shell, notices, capsys):
    notify(Notice("budget passed 50%: $0.60 of $1.00"))
    warnings.warn("an ordinary warning", UserWarning, stacklevel=1)
    (bundle,) = shell
    assert "budget passed 50%" in bundle["text/html"] and "tex2jax_ignore" in bundle["text/html"]
    assert bundle["text/plain"] == "⚠ budget passed 50%: $0.60 of $1.00"
    err = capsys.readouterr().err
    assert "an ordinary warning" in err and "budget passed" not in err


def test_code_can_still_catch_or_raise_a_notice(shell, notices):
    with pytest.warns(Notice, match="careful"):
        notify(Notice("careful"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Notice)
        with pytest.raises(Notice):
            notify(Notice("careful"))
    assert shell == []


def test_outside_ipython_a_notice_is_an_ordinary_warning(notices, capsys):
    notify(Notice("careful"))
    assert "Notice: careful" in capsys.readouterr().err
