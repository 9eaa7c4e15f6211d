"""Does `make lab` give a student their own copies, a lab without nbgrader's instructor tools, and a clean stop?"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import psutil
import pytest
from conftest import PYTHON, ROOT
from jupyter_client import BlockingKernelClient

LAB = ROOT / "tools" / "lab.py"
_spec = importlib.util.spec_from_file_location("lab", LAB)
lab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab)

# The kernel and the server need a little longer than usual on 2 shared cores.
START_S = 90


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_copy_never_overwrites_and_copies_what_is_new(tmp_path):
    """Does the copy keep every file the student has, and bring only the exercises they lack?"""
    exercises, workspace = tmp_path / "exercises", tmp_path / "workspace"
    _write(exercises / "01_a" / "01_a.ipynb", "exercise a, new version")
    _write(exercises / "02_b" / "02_b.ipynb", "exercise b")
    _write(exercises / "02_b" / ".ipynb_checkpoints" / "02_b-checkpoint.ipynb", "a checkpoint")
    _write(exercises / "02_b" / "__pycache__" / "x.pyc", "bytecode")
    mine = _write(workspace / "01_a" / "01_a.ipynb", "my answer")
    os.utime(mine, (0, 0))  # older than the exercise: still never replaced

    assert lab.copy_new_exercises(exercises, workspace) == [Path("02_b/02_b.ipynb")]
    assert mine.read_text() == "my answer"
    assert (workspace / "02_b" / "02_b.ipynb").read_text() == "exercise b"
    assert not (workspace / "02_b" / ".ipynb_checkpoints").exists()
    assert not (workspace / "02_b" / "__pycache__").exists()

    _write(workspace / "02_b" / "02_b.ipynb", "my answer to b")
    _write(exercises / "03_c" / "03_c.ipynb", "exercise c, added to the course later")
    assert lab.copy_new_exercises(exercises, workspace) == [Path("03_c/03_c.ipynb")]
    assert (workspace / "02_b" / "02_b.ipynb").read_text() == "my answer to b"
    assert lab.copy_new_exercises(exercises, workspace) == []


def test_make_lab_passes_port_and_nobrowser():
    """Does `make lab PORT=8899 NOBROWSER=1` reach the script as --port 8899 --no-browser (and NOBROWSER=0 not)?"""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")

    def recipe(*variables: str) -> str:
        # -n prints the recipe and runs nothing, so the shared venv is never touched.
        # Run under `make test`, make would otherwise add "Entering/Leaving directory" lines (MAKELEVEL).
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
        done = subprocess.run(
            ["make", "--no-print-directory", "-n", "lab", *variables],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        lines = [line for line in done.stdout.strip().splitlines() if not line.startswith("make")]
        return lines[-1]

    assert recipe("PORT=8899", "NOBROWSER=1").split()[-4:] == [
        "tools/lab.py",
        "--port",
        "8899",
        "--no-browser",
    ]
    assert recipe("NOBROWSER=0").split()[-1] == "tools/lab.py"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str, method: str = "GET") -> tuple[int, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    request = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_for_url(log: Path, proc: subprocess.Popen) -> tuple[str, str]:
    """The server's address and token, from the URL line the lab prints once JupyterLab answers."""
    deadline = time.monotonic() + START_S
    url = re.compile(r"^lab: JupyterLab is running: (\S+)/lab/tree/course\?token=(\w+)", re.M)
    while not (found := url.search(log.read_text())):
        assert proc.poll() is None, f"the lab stopped:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"no URL after {START_S} s:\n{log.read_text()}"
        time.sleep(0.3)
    return found.group(1), found.group(2)


@pytest.fixture
def course(tmp_path):
    """A course folder as a student has it after a `git pull`: one exercise already answered in workspace/."""
    root = tmp_path / "course_root"
    shutil.copytree(ROOT / "exercises", root / "exercises")
    (root / "course").mkdir()
    answered = nbformat.read(ROOT / "exercises" / "01_modules" / "01_modules.ipynb", as_version=4)
    answered.cells.append(nbformat.v4.new_code_cell("# my answer, never to be overwritten"))
    (root / "workspace" / "01_modules").mkdir(parents=True)
    nbformat.write(answered, root / "workspace" / "01_modules" / "01_modules.ipynb")
    return root


def test_lab_serves_the_students_copies_without_instructor_tools_and_stops_clean(course, tmp_path):
    """Started as `make lab NOBROWSER=1 PORT=...` does: is workspace/ there with the student's answer kept,
    are nbgrader's formgrader and lab extension off, and does stopping it leave no process (kernels included)?"""
    log = tmp_path / "lab.log"
    runtime = tmp_path / "runtime"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)}
    command = [PYTHON, str(LAB), "--root", str(course), "--port", str(_free_port()), "--no-browser"]
    with log.open("w") as out:
        proc = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        base, token = _wait_for_url(log, proc)
        steps = [line for line in log.read_text().splitlines() if line.startswith("lab: ")]
        assert len(steps) == 3, steps  # the copy, the start, the URL: one line each

        assert _get(f"{base}/api/status", token)[0] == 200
        status, body = _get(f"{base}/api/contents/workspace", token)
        assert status == 200
        assert sorted(item["name"] for item in json.loads(body)["content"]) == sorted(
            p.name for p in (ROOT / "exercises").iterdir() if p.is_dir()
        )
        status, body = _get(f"{base}/api/contents/workspace/01_modules/01_modules.ipynb", token)
        assert status == 200
        assert "# my answer, never to be overwritten" in json.loads(body)["content"]["cells"][-1]["source"]

        assert _get(f"{base}/formgrader", token)[0] == 404
        status, page = _get(f"{base}/lab", token)
        config = re.search(
            rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S
        )
        assert status == 200 and config
        assert "@jupyter/nbgrader" in json.loads(config.group(1))["disabledExtensions"]

        # A kernel, as a student would have: stopping the lab must stop it too.
        status, body = _get(f"{base}/api/kernels", token, method="POST")
        assert status == 201
        client = BlockingKernelClient(connection_file=str(runtime / f"kernel-{json.loads(body)['id']}.json"))
        client.load_connection_file()
        client.start_channels()
        client.wait_for_ready(timeout=START_S)  # a kernel at work, as a student has one
        client.stop_channels()
        started = psutil.Process(proc.pid).children(recursive=True)
        assert len(started) >= 2, "expected JupyterLab and its kernel"
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        _, alive = psutil.wait_procs(started, timeout=30)
        assert not alive, f"left running: {[p.pid for p in alive]}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
