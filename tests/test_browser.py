"""Does a student see a readable report in a real JupyterLab, in a real browser?

A JupyterLab server on a copy of the LeNet exercise notebook, driven by headless Chromium (Debian's `chromium`,
through Playwright; no browser is ever downloaded). The notebook runs a wrong answer's self-check, then a fixed
answer's. Every run writes the README's screenshot, docs/inline-report.png, from the report it has just checked, so
the picture always shows what a student sees now.

Without Chromium (or Playwright) the test is skipped, and says so in the summary and as a warning: CI
(.ci/run) installs Chromium first, so there it always runs.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import warnings
from pathlib import Path

import nbformat
import pytest
from conftest import PYTHON, ROOT, VARIANTS

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = ROOT / "docs" / "inline-report.png"
START_S = 120  # server and kernel on 2 shared cores
RUN_S = 240  # the kernel imports torch, then grades twice
WIDTH = 1280


def _skip_without_browser() -> None:
    reason = None
    if not os.path.exists(CHROMIUM):
        reason = (
            "Chromium is not installed (apt-get install chromium): the browser test of the report DID NOT RUN"
        )
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (see requirements.lock): the browser test DID NOT RUN"
    if reason:
        warnings.warn(reason, stacklevel=2)
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(folder: Path) -> str:
    """The LeNet exercise with a wrong answer and its self-check, then a fixed answer and its self-check."""
    nb = nbformat.read(ROOT / "exercises" / "01_modules" / "01_modules.ipynb", as_version=4)
    solution = nbformat.read(ROOT / "solutions" / "01_modules" / "01_modules.ipynb", as_version=4)
    grade_id = lambda cell: cell.metadata.get("nbgrader", {}).get("grade_id")  # noqa: E731
    fixed = next(c.source for c in solution.cells if grade_id(c) == "lenet_solution")
    cells = []
    for cell in nb.cells:
        if grade_id(cell) == "lenet_checks":
            break
        if grade_id(cell) == "lenet_solution":
            cell.source = (VARIANTS / "lenet" / "bad_forgot_pool_crash.py").read_text()
        cells.append(cell)
    cells += [nbformat.v4.new_code_cell(fixed), nbformat.v4.new_code_cell('check("lenet")')]
    nb.cells = cells
    nbformat.write(nb, folder / "01_modules.ipynb")
    return "01_modules.ipynb"


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a temporary folder; yields (url of the notebook, token)."""
    _skip_without_browser()
    root = tmp_path / "root"
    root.mkdir()
    name = _notebook(root)
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("IPYTHONDIR", "ipython"),
    ):
        env[var] = str(tmp_path / sub)
    jupyter = Path(PYTHON).parent / "jupyter"
    server = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--ServerApp.token={token}",
            "--allow-root",
            f"--ServerApp.root_dir={root}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "server.log", "w"),  # noqa: SIM115 (closed with the process)
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_S
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (tmp_path / "server.log").read_text()[-3000:])
                time.sleep(1)
        yield f"{base}/lab/tree/{name}?token={token}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


KERNEL_IDLE = """() => { const w = window.jupyterapp.shell.currentWidget;
                           const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
                           return !!k && k.status === 'idle' && !document.querySelector('.jp-Dialog'); }"""

# The report's text without the text of its <code> elements: where a backtick must never be.
OUTSIDE_CODE = """el => { const c = el.cloneNode(true); c.querySelectorAll('code').forEach(n => n.remove());
                           return c.textContent; }"""


def test_report_in_jupyterlab_is_readable(lab):
    """Run in JupyterLab, does the wrong answer's report show badges, "What to fix", the student's cell, no
    literal backtick and no horizontal scrolling at 1280 px, and does the fixed answer's report pass?"""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(lab, timeout=START_S * 1000)
            page.wait_for_function(
                "() => window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')",
                timeout=START_S * 1000,
            )
            page.wait_for_function(KERNEL_IDLE, timeout=START_S * 1000)
            # Started, not awaited: the command's promise settles only when every cell has run.
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            reports = page.locator(".jp-OutputArea-output .autograder-report")
            page.wait_for_function(
                "() => document.querySelectorAll('.jp-OutputArea-output .autograder-report').length >= 2",
                timeout=RUN_S * 1000,
            )
            wrong, fixed = reports.nth(0), reports.nth(1)

            text = wrong.inner_text()
            assert "What to fix" in text
            assert "LeNet (lenet): 3/4, needs work" in text
            assert wrong.locator("text=FAIL").count() >= 1 and wrong.locator("text=PASS").count() >= 1
            assert wrong.locator("table").count() == 1  # the shape trace
            assert "cell [" in text and ".py line" not in text  # the student's cell, as Jupyter numbers it
            for report in (wrong, fixed):
                assert "`" not in report.evaluate(OUTSIDE_CODE)
            assert "4/4, all checks pass" in fixed.inner_text()
            assert "What to fix" not in fixed.inner_text()

            for output in page.locator(".jp-OutputArea-output:has(.autograder-report)").all():
                scroll, client = output.evaluate("el => [el.scrollWidth, el.clientWidth]")
                assert scroll <= client, f"the report overflows its output area: {scroll} > {client} px"

            cell = page.locator(".jp-Cell:has(.autograder-report)").nth(0)
            cell.scroll_into_view_if_needed()
            # The README's picture, taken of the report just checked: it cannot fall behind the renderer.
            SCREENSHOT.parent.mkdir(exist_ok=True)
            cell.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()
