"""Does the jail hold where the class-run attacks in tests/hostile cannot show it?

What a submission sees from inside, the grader's own files and processes (lock files, TMPDIR, its start
folder, a killed grader), grader faults, and the fallbacks, each against the real CLI.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import psutil
import pytest
from conftest import PYTHON, ROOT, leftover_processes

from autograder.exercises import ASSIGNMENTS, EXERCISES
from autograder.findings import Finding
from autograder.jailed import jail

pytestmark = pytest.mark.slow

IS_ROOT = os.geteuid() == 0
NEEDS_NAMESPACES = pytest.mark.skipif(
    jail.mode() == "none", reason="the jail needs root or unprivileged user namespaces on this machine"
)
NEEDS_ROOT = pytest.mark.skipif(not IS_ROOT, reason="needs a grader running as root")
SOLUTION = ROOT / "solutions" / "04_custom_layers" / "04_custom_layers.ipynb"

PROBE = r"""
import json, os, socket
seen = {"uid": os.getuid(), "cwd": os.getcwd(), "root": sorted(os.listdir("/")), "hostname": socket.gethostname()}
seen["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
seen["package"] = sorted(os.listdir(os.path.dirname(__import__("autograder").__file__)))
seen["project"] = sorted(os.listdir(os.path.dirname(os.path.dirname(__import__("autograder").__file__))))
seen["modules"] = sorted(m for m in __import__("sys").modules if m.startswith("autograder"))
seen["cpu"] = __import__("resource").getrlimit(__import__("resource").RLIMIT_CPU)[0]
seen["caps"] = [line.split()[1] for line in open("/proc/self/status") if line.startswith(("CapEff", "CapBnd"))]
try:
    socket.create_connection(("127.0.0.1", 22), timeout=1)
    seen["network"] = "reached"
except OSError as exc:
    seen["network"] = exc.errno
print("SEEN" + json.dumps(seen))
"""


def _check(path, *args, env=None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "autograder", "check", str(path), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


@NEEDS_NAMESPACES
@pytest.mark.parametrize("mode", ["auto", "userns"])
def test_a_submission_sees_nothing_to_steal(tmp_path, mode):
    """From inside: no project, no reference, no other process, no network, no capability, a private root?"""
    if mode == "userns" and jail.mode() == "none":
        pytest.skip("no user namespaces here")
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE)
    result = _check(probe, "--exercise", "flatten", "--format", "text", env={"AUTOGRADER_JAIL": mode})
    line = next(line for line in result.stdout.splitlines() if line.startswith("SEEN"))
    seen = json.loads(line[4:])
    assert seen["package"] == ["__init__.py", "jailed"], seen
    assert set(seen["project"]) <= {"autograder", ".venv"}, seen
    system = {*jail.SYSTEM_DIRS, "etc", "dev", "home", "proc", "tmp"}
    python = {p.split(os.sep)[1] for p in (sys.prefix, sys.base_prefix, str(ROOT))}
    assert set(seen["root"]) <= system | python, seen
    assert max(seen["pids"]) < 10, seen  # only the namespace's own init and the submission
    assert seen["network"] != "reached" and seen["hostname"] == "sandbox", seen
    assert seen["caps"] == ["0000000000000000", "0000000000000000"], seen
    assert seen["cwd"] == jail.WORKDIR
    hidden = {"answers", "reference", "exercises", "grading", "checks"}
    assert not [m for m in seen["modules"] if hidden & set(m.split(".")[1:2])], seen
    assert 0 < seen["cpu"] < 10_000, seen  # a CPU-time backstop behind the wall clock


@NEEDS_ROOT
def test_planted_lock_links_change_nothing(tmp_path):
    """Do links planted where the old lock files lived (TMPDIR) make the grader truncate another file?"""
    victim = tmp_path / "victim"
    victim.write_text("precious")
    for uid in range(61000, 61004):
        (tmp_path / f"autograder-uid-{uid}.lock").symlink_to(victim)
    result = _check(SOLUTION, env={"TMPDIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert victim.read_text() == "precious"


def test_a_private_tmpdir_still_grades_honest_students(tmp_path):
    """Does a TMPDIR inside a folder only its owner can enter (mktemp -d, job schedulers) grade in full?"""
    private = tmp_path / "outer" / "job"
    private.mkdir(parents=True)
    os.chmod(tmp_path / "outer", 0o700)
    submitted = tmp_path / "submitted" / "ada" / "04_custom_layers"
    submitted.mkdir(parents=True)
    shutil.copy(SOLUTION, submitted)
    result = subprocess.run(
        [PYTHON, "-m", "autograder", "grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "TMPDIR": str(private)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    record = json.loads((tmp_path / "out" / "results.json").read_text())[0]
    full = sum(len(EXERCISES[i].checks) for i in ASSIGNMENTS["04_custom_layers"])
    assert record["report"]["score"] == record["report"]["max_score"] == full, record


def test_the_grader_ignores_modules_planted_where_it_starts(tmp_path):
    """Does `python -m autograder grade`, started in a folder students can write, import their modules?"""
    marker = tmp_path / "imported"
    for name in ("matplotlib", "psutil", "nbformat", "json5"):
        (tmp_path / f"{name}.py").write_text(f"open({str(marker)!r}, 'a').write({name!r})\n")
    submitted = tmp_path / "submitted" / "ada" / "04_custom_layers"
    submitted.mkdir(parents=True)
    shutil.copy(SOLUTION, submitted)
    result = subprocess.run(
        [PYTHON, "-m", "autograder", "grade", "submitted", "--out", "out"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not marker.exists(), marker.read_text()
    assert (tmp_path / "out" / "item_analysis.png").exists()


@NEEDS_ROOT
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_nothing_outlives_a_killed_grader(tmp_path, sig):
    """After kill -9 (or SIGTERM) of the grader mid-run, is every worker and submission process gone in 10 s?"""
    for student in ("ada", "bob", "cy"):
        folder = tmp_path / "submitted" / student / "04_custom_layers"
        folder.mkdir(parents=True)
        daemon = (ROOT / "tests" / "hostile" / "setsid_daemon.py").read_text()
        (folder / "04_custom_layers.py").write_text(
            daemon + "\nimport time\nwhile True:\n    time.sleep(1)\n"
        )
    log = (tmp_path / "grader.log").open("w")
    grader = subprocess.Popen(
        [PYTHON, "-m", "autograder", "grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "out")],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that only the grader gets the signal, as from `kill` or systemd
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and grader.poll() is None and not _forked_children(grader.pid):
            time.sleep(0.2)
        if grader.poll() is not None or time.monotonic() >= deadline:
            pytest.fail("no submission started:\n" + (tmp_path / "grader.log").read_text()[-3000:])
        time.sleep(3)  # the daemons are running now
        # Everything of this run (other tests may be grading at the same time): the grader's whole tree, which
        # holds the daemons too (orphans in a submission's PID namespace go to its first process).
        run = psutil.Process(grader.pid).children(recursive=True)
        assert len(run) >= 6, run  # two workers, and a submission's processes
        grader.send_signal(sig)
        grader.wait(60)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and [p for p in run if _alive(p)]:
            time.sleep(0.2)
        assert not [p for p in run if _alive(p)]
        assert not leftover_processes()
    finally:
        if grader.poll() is None:
            grader.kill()


def _forked_children(grader: int) -> list[psutil.Process]:
    """Submission processes of the grader: children of its workers (forked, so they keep the worker's name)."""
    try:
        workers = [
            p for p in psutil.Process(grader).children() if "autograder.jailed" in " ".join(p.cmdline())
        ]
        return [c for w in workers for c in w.children()]
    except (psutil.Error, OSError):
        return []


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


@NEEDS_ROOT
def test_a_grader_fault_is_not_the_students(tmp_path):
    """When the jail cannot be built, is the submission 'not graded' (exit 2), never a zero for 'your code'?"""
    if not shutil.which("setpriv"):
        pytest.skip("needs setpriv (util-linux) to take CAP_SYS_ADMIN away from the grader")
    result = subprocess.run(
        ["setpriv", "--bounding-set=-sys_admin", "--inh-caps=-sys_admin", PYTHON, "-m", "autograder", "check"]
        + [str(SOLUTION), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "AUTOGRADER_JAIL": "namespaces"},
    )
    assert result.returncode == 2, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "grader_fault" and "unshare" in report["fault"], report
    # The step that failed, as a code; what the OS said, as a fact (the words are the renderer's).
    assert "fault_jail_build" in Finding.from_dict(report["fault_finding"]).codes(), report
    messages = [c["message"] for e in report["exercises"] for c in e["checks"]]
    assert all(m.startswith("not graded: the grader failed") for m in messages), messages


def test_the_fallback_says_which_protections_are_missing(tmp_path):
    """Without namespaces, does the report say plainly what the jail could not give (and still grade)?"""
    result = _check(SOLUTION, env={"AUTOGRADER_JAIL": "none"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not available on this machine: namespaces" in result.stdout


@NEEDS_NAMESPACES
def test_the_reference_cannot_be_imported_by_check(tmp_path):
    """Does one import line of the reference solution still score anything with `check`?"""
    path = tmp_path / "lenet.py"
    path.write_text("from autograder.answers.modules import LeNet\n")
    result = _check(path, "--exercise", "lenet", "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["score"] == 0, report
