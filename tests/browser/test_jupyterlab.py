"""A real JupyterLab in headless Chromium: run lesson 01, type into the Playground, see tokens.

Needs Debian's ``chromium`` (Playwright cannot download its own browser here): ``.ci/run`` installs
it. Without it the test is skipped, except under CI, where it fails. On failure a screenshot is
saved in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import tokenlab

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
    "--mute-audio",
]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: .ci/run must apt-get install it")
    pytest.skip("needs Debian's chromium (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a copy of the lessons; yields its base URL."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root / "config"), JUPYTER_RUNTIME_DIR=str(root / "runtime"))
    log = open(root / "lab.log", "wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={root / 'notebooks'}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log_text = (root / "lab.log").read_text(errors="replace")
                    raise RuntimeError("JupyterLab did not start:\n" + log_text) from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def page(lab, request):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(45_000)
        try:
            yield page
        finally:
            report = getattr(request.node, "rep_call", None)
            if report is None or report.failed:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
            browser.close()


def _header(playground) -> str:
    return playground.locator(".tokenlab-tokens > div").first.inner_text()


def test_lesson_01_runs_and_the_playground_follows_typing(lab, page):
    page.goto(f"{lab}/lab/tree/01-what-is-a-token.ipynb")
    page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')")
    page.wait_for_function(
        """() => { const k = window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel;
                   return k && k.connectionStatus === 'connected' && k.status === 'idle'; }"""
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

    # The static displays render as colored boxes with the id on hover.
    page.wait_for_selector(".jp-OutputArea-output .tokenlab-tokens span[title^='id ']")
    # The live Playground appears, with its spans and counts.
    playground = page.locator(".tokenlab-playground")
    playground.locator("textarea").wait_for()
    playground.locator(".tokenlab-tokens span[title^='id ']").first.wait_for()
    first = _header(playground)
    assert first.startswith("o200k_base: ")
    ARTIFACTS.mkdir(exist_ok=True)

    text = "Students type here: 你好，世界! 12345"
    box = playground.locator("textarea")
    box.click()
    box.press("Control+a")
    box.press_sequentially(text, delay=15)
    expected = f"o200k_base: {tokenlab.count(text):,} tokens"
    # The widget replaces its HTML on every update: look the header up afresh each time.
    page.wait_for_function(
        """(expected) => [...document.querySelectorAll('.tokenlab-playground .tokenlab-tokens > div:first-child')]
                         .some(el => el.innerText.startsWith(expected))""",
        arg=expected,
    )
    assert _header(playground) != first
    playground.screenshot(path=str(ARTIFACTS / "playground-light.png"))
    boxes = playground.locator(".tokenlab-tokens span[title]")
    assert boxes.count() == len(tokenlab.tokenize(text).segments())
    assert "你好" in playground.inner_text()

    # Readable in the dark theme too: token text stays dark on its pale background.
    page.evaluate("window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'})")
    page.wait_for_function(
        "document.body.dataset.jpThemeLight === 'false' && !document.querySelector('#jupyterlab-splash')"
    )
    color = boxes.first.evaluate("el => getComputedStyle(el).color")
    background = boxes.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert color == "rgb(0, 0, 0)" and background != "rgba(0, 0, 0, 0)"
    assert "Error displaying widget" not in page.inner_text(".jp-Notebook")
    ARTIFACTS.mkdir(exist_ok=True)
    playground.scroll_into_view_if_needed()
    playground.screenshot(path=str(ARTIFACTS / "playground-dark.png"))
