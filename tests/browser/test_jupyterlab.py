"""Every lesson in a real JupyterLab in headless Chromium, checked for what a student sees.

One JupyterLab server and one browser serve all the tests. Each lesson (every notebook under
``notebooks/``, the Chinese edition included) is opened, run top to bottom, and checked: no error
and no stderr output, no figure or widget shown as its repr, nothing typeset as math, an image in
every cell that draws a chart, no JavaScript error, and token boxes that stay readable in the dark
theme. Then a student types into the first lesson's playground.

Needs Debian's ``chromium`` (Playwright cannot download its own browser here): ``.ci/run`` installs
it. Without it the tests are skipped, except under CI, where they fail. On failure a screenshot is
saved in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import tokenlab

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
LESSONS = sorted((ROOT / "notebooks").rglob("*.ipynb"))
TEACHER = sorted((ROOT / "docs" / "teacher").rglob("*.ipynb"))  # the class view, served as teacher/...
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--metrics-recording-only", "--mute-audio",
]  # fmt: skip
# JupyterLab settings: draw every cell (no windowing, so the whole lesson is in the page), no news.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": (
        '{"fetchNews": "false", "checkForUpdates": false}'
    ),
}

# --- JavaScript run in the page (window.jupyterapp needs --LabApp.expose_app_in_browser) ----------
OPEN = """async (path) => { const app = window.jupyterapp;
  for (const w of [...app.shell.widgets('main')]) w.dispose();
  const nb = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  window.__nb = nb; app.shell.activateById(nb.id); }"""
IDLE = "() => window.__nb?.sessionContext.session?.kernel?.status === 'idle'"
RUN = """() => { window.__done = false;
  window.jupyterapp.commands.execute('notebook:run-all-cells').finally(() => { window.__done = true; }); }"""
FINISHED = """() => window.__done && window.__nb.sessionContext.session?.kernel?.status === 'idle'
  && ![...window.__nb.node.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('[*]'))"""
STATS = """() => {
  const nb = window.__nb, code = nb.content.widgets.filter(c => c.model.type === 'code');
  const source = c => c.model.sharedModel.getSource();
  const outputs = [...nb.node.querySelectorAll('.jp-OutputArea-output')];
  return {
    unexecuted: code.filter(c => source(c).trim() && c.model.executionCount == null).map(source),
    errors: code.filter(c => c.model.outputs.toJSON().some(o => o.output_type === 'error')).map(source),
    stderr: [...nb.node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
      .map(o => o.textContent.slice(0, 300)),
    reprs: outputs.map(o => o.textContent).filter(t =>
      /^\\s*(<Figure size|<Chart|(HBox|VBox|Box|Output|Tab|FloatProgress)\\(children=|<IPython\\.core)/.test(t)),
    widget_errors: outputs.map(o => o.textContent)
      .filter(t => /Error displaying widget|Loading widget\\.\\.\\./.test(t)),
    math: [...nb.node.querySelectorAll('mjx-container, .MathJax, .MathJax_Display')]
      .map(m => (m.closest('.jp-Cell')?.textContent || '').slice(0, 200)),
    charts_without_image: code.filter(c => /plots\\.\\w+_chart\\(|LanguageExplorer\\(/.test(source(c))
      && !c.node.querySelector('.jp-OutputArea-output img')).map(source),
    token_boxes: nb.node.querySelectorAll('.jp-OutputArea-output .tokenlab-tokens span[title]').length,
  }; }"""
DARK_BOXES = """() => [...window.__nb.node.querySelectorAll('.tokenlab-tokens span[title], .tokenlab-notice > div')]
  .slice(0, 400).map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor])"""


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
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a copy of the lessons; yields its base URL."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / "docs" / "teacher", root / "notebooks" / "teacher")
    # A student's lab has no nbgrader (it is in the test extra only): hide its menus, as
    # `jupyter labextension disable` would, in this lab's own configuration.
    page_config = root / "config" / "labconfig" / "page_config.json"
    page_config.parent.mkdir(parents=True)
    page_config.write_text(
        '{"disabledExtensions": {"@jupyter/nbgrader": true, "@jupyter-notebook/lab-extension": true}}'
    )
    for name, value in SETTINGS.items():
        path = root / "config" / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value)
    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root / "config"), JUPYTER_RUNTIME_DIR=str(root / "runtime"),
               IPYTHONDIR=str(root / "ipython"))  # fmt: skip
    with open(root / "lab.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
             "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
             f"--ServerApp.root_dir={root / 'notebooks'}", "--LabApp.expose_app_in_browser=True",
             "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            stdout=log, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/api/status", timeout=2):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        text = (root / "lab.log").read_text(errors="replace")
                        raise RuntimeError("JupyterLab did not start:\n" + text) from None
                    time.sleep(0.3)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture(scope="module")
def browser(lab):
    """One Chromium page with JupyterLab loaded, and the JavaScript errors it logs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(60_000)
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text[:300]))
        page.on("pageerror", lambda e: errors.append(f"pageerror: {str(e)[:300]}"))
        page.goto(f"{lab}/lab?reset")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell")
        page.evaluate("() => window.jupyterapp.restored")
        page.evaluate("() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }")
        errors.clear()  # what loading the app logs is not the lessons' doing
        try:
            yield page, errors
        finally:
            browser.close()


@pytest.fixture
def page(browser, request):
    page, errors = browser
    errors.clear()
    yield page, errors
    report = getattr(request.node, "rep_call", None)
    if report is None or report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', request.node.name)}.png"))


def _set_theme(page, theme: str) -> None:
    page.evaluate("t => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})", theme)
    page.wait_for_function("t => document.body.dataset.jpThemeName === t", arg=theme)
    page.wait_for_timeout(500)


def _served(path: Path) -> str:
    """Where the lab serves a lesson or a teacher's notebook."""
    if path.is_relative_to(ROOT / "docs" / "teacher"):
        return "teacher/" + path.relative_to(ROOT / "docs" / "teacher").as_posix()
    return path.relative_to(ROOT / "notebooks").as_posix()


@pytest.mark.parametrize("lesson", LESSONS + TEACHER, ids=_served)
def test_each_lesson_shows_a_student_only_what_they_should_see(page, lesson):
    page, errors = page
    page.evaluate(OPEN, _served(lesson))
    page.wait_for_function(IDLE)
    page.evaluate(RUN)
    page.wait_for_function(FINISHED, timeout=240_000, polling=250)
    page.wait_for_timeout(800)  # late widget views and images
    seen = page.evaluate(STATS)
    assert seen["unexecuted"] == [] and seen["errors"] == [], seen
    assert seen["stderr"] == [], "stderr shown to the student"
    assert seen["reprs"] == [], "a figure or widget shown as its repr"
    assert seen["widget_errors"] == [], "a widget that did not draw"
    assert seen["math"] == [], "text typeset as math (a $ pair?)"
    assert seen["charts_without_image"] == [], "a chart cell with no image"
    assert errors == [], "JavaScript errors"

    _set_theme(page, "JupyterLab Dark")
    try:
        for color, background in page.evaluate(DARK_BOXES):
            assert background not in ("rgba(0, 0, 0, 0)", "transparent") and _dark(color), (color, background)
    finally:
        _set_theme(page, "JupyterLab Light")


def _dark(css_color: str) -> bool:
    r, g, b = (int(v) for v in re.findall(r"\d+", css_color)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 80


def _header(playground) -> str:
    return playground.locator(".tokenlab-tokens > div").first.inner_text()


def test_a_student_types_into_the_playground_and_sees_the_tokens(page):
    page, errors = page
    page.evaluate(OPEN, "01-what-is-a-token.ipynb")
    page.wait_for_function(IDLE)
    page.evaluate(RUN)
    page.wait_for_function(FINISHED, timeout=240_000, polling=250)
    playground = page.locator(".tokenlab-playground")
    playground.locator("textarea").wait_for()
    playground.locator(".tokenlab-tokens span[title^='id ']").first.wait_for()
    first = _header(playground)
    assert first.startswith("o200k_base: ")

    text = "Students type here: 你好，世界! 12345 $5 and $6"
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
    boxes = playground.locator(".tokenlab-tokens span[title]")
    assert boxes.count() == len(tokenlab.tokenize(text).segments())
    assert "你好" in playground.inner_text() and "$5" in playground.inner_text()
    assert playground.locator("mjx-container").count() == 0  # the student's dollars stay dollars
    ARTIFACTS.mkdir(exist_ok=True)
    playground.screenshot(path=str(ARTIFACTS / "playground-light.png"))
    assert errors == []
