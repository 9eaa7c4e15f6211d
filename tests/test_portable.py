"""Does `check` work wherever torch imports, without the Linux jail (Windows, macOS)?

Neither can run here, so the grader and the submission's process both run in interpreters made to look like
theirs: `SIMULATED` (a `sitecustomize` on their path) puts None in `sys.modules` for the Unix-only modules, takes
`fork`, user ids, process groups, memfd, descriptor passing and the POSIX-only open flags out of `os` and
`socket`, makes ctypes refuse to open the C library by no name (as on Windows), and sets multiprocessing's start
method to `spawn`. The grader is told that this is a machine without the Linux jail by the one switch the code
has for it (`AUTOGRADER_LINUX_JAIL=off`, read by the grader alone). The plain child finds the same
`sitecustomize`, because the grader hands it the folder the package was imported from (`worker_env`), and
here that is the simulated one.

What this cannot show: Windows' own process, pipe and socket calls (the child's socket handshake, TerminateProcess,
`CREATE_NEW_PROCESS_GROUP`), its console code pages, and macOS's rlimits. Those run only on those systems.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time

import pytest
from conftest import PYTHON, ROOT, VARIANTS

from autograder import i18n
from autograder.findings import Finding, finding
from autograder.jailed import jail
from autograder.sandbox import runner

# The simulation takes a POSIX system's calls away; on Windows itself there is nothing to take away (and the
# kit's own self-check runs there).
pytestmark = pytest.mark.skipif(os.name != "posix", reason="simulates Windows and macOS on a POSIX system")
GOOD_LENET = VARIANTS / "lenet" / "good_tutorial.py"
BAD_LENET = VARIANTS / "lenet" / "bad_softmax.py"
UNIX_ONLY = ("fcntl", "resource", "termios", "pwd", "grp", "tty", "pty", "syslog", "crypt", "readline")
SIMULATED = f"""
import ctypes, multiprocessing, os, socket, sys

import psutil  # its Linux backend imports `resource`; on Windows and macOS it has backends of their own

for name in {UNIX_ONLY!r}:
    sys.modules[name] = None
for name in (
    "fork", "forkpty", "geteuid", "getuid", "getgid", "getegid", "getpgid", "getpgrp", "setsid", "setpgid",
    "killpg", "setuid", "setgid", "setgroups", "memfd_create", "pread", "pwrite", "statvfs", "chown", "fchown",
    "O_NOFOLLOW", "O_CLOEXEC", "O_NONBLOCK", "O_NOCTTY", "O_DIRECTORY", "MFD_CLOEXEC", "MFD_ALLOW_SEALING",
):
    if hasattr(os, name):
        delattr(os, name)
for name in ("send_fds", "recv_fds", "sethostname"):
    if hasattr(socket, name):
        delattr(socket, name)


class _CDLL(ctypes.CDLL):
    def __init__(self, name, *args, **kwargs):
        if name is None:
            raise TypeError("LoadLibrary() argument 1 must be str, not None")
        super().__init__(name, *args, **kwargs)


ctypes.CDLL = _CDLL
multiprocessing.set_start_method("spawn", force=True)
"""
PLAIN = ["linux_jail", "memory_cap"]  # what a report names as missing on such a machine (no `resource` here)
# Appended to a good solution: what the submission's own process sees, printed on one line.
PROBE = f"""
import json as _json, os as _os, sys as _sys
print("PROBE" + _json.dumps({{
    "unix_only": [m for m in _sys.modules if m in {UNIX_ONLY!r} and _sys.modules[m] is not None],
    "fork": hasattr(_os, "fork"),
    "environment": sorted(_os.environ),
}}))
"""


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    """A folder holding the `sitecustomize` and (as a link) the package, for PYTHONPATH; the environment of a
    grader on a machine without the Linux jail, with an instructor's secret it must never hand on."""
    folder = tmp_path_factory.mktemp("simulated")
    (folder / "sitecustomize.py").write_text(SIMULATED)
    (folder / "autograder").symlink_to(ROOT / "autograder", target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env |= {
        "PYTHONPATH": str(folder),
        runner.LINUX_JAIL_SWITCH: "off",
        "AUTOGRADER_SECRET": "not-for-children",
    }
    return folder, env


def _check(simulated, path, *args) -> subprocess.Popen:
    folder, env = simulated
    # Started from the folder above, not the checkout: `-m` would import the package from the working folder.
    return subprocess.Popen(
        [PYTHON, "-m", "autograder", "check", str(path), "--exercise", "lenet", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=folder.parent,
        env=env,
    )


def _notes(report: dict) -> list[Finding]:
    return [Finding.from_dict(n) for n in report["note_findings"]]


def _plain_note(lang: str) -> str:
    return i18n.render(finding("sandbox_missing", missing=PLAIN), lang)


def test_the_terminal_check_grades_in_a_plain_process(simulated, tmp_path):
    """Without the Linux jail: does a good solution pass, a wrong one fail with its finding, an endless loop
    stop at the timeout, each report name what is missing once (in English and in Chinese), and the submission's
    process run without the Unix-only modules, without fork, and without the grader's environment?"""
    good = tmp_path / "good.py"
    good.write_text(GOOD_LENET.read_text() + PROBE)
    endless = tmp_path / "endless.py"
    endless.write_text(
        "from torch import nn\n\n\nclass LeNet(nn.Module):\n    pass\n\n\nwhile True:\n    pass\n"
    )
    runs = {
        "good": _check(simulated, good),
        "bad": _check(simulated, BAD_LENET, "--format", "json", "--lang", "zh-CN"),
        "endless": _check(simulated, endless, "--format", "json", "--timeout", "5"),
    }
    done = {name: (*p.communicate(timeout=300), p.returncode) for name, p in runs.items()}

    out, err, code = done["good"]
    assert code == 0, out + err
    assert out.count(_plain_note("en")) == 1, out
    seen = json.loads(next(line for line in out.splitlines() if line.startswith("PROBE"))[5:])
    assert seen["unix_only"] == [] and seen["fork"] is False, seen
    assert not {"AUTOGRADER_SECRET", runner.LINUX_JAIL_SWITCH} & set(seen["environment"]), seen

    out, err, code = done["bad"]
    assert code == 1, out + err
    report = json.loads(out)
    forward = next(c for c in report["exercises"][0]["checks"] if c["name"] == "forward")
    codes = [(f.code, f.subject.get("mistake")) for f in map(Finding.from_dict, forward["findings"])]
    assert ("known_mistake", "lenet.softmax") in codes, forward
    assert [(n.code, n.data.get("missing")) for n in _notes(report)] == [("sandbox_missing", PLAIN)], report
    assert report["notes"] == [_plain_note("zh-CN")], report["notes"]

    out, err, code = done["endless"]
    assert code == 1, out + err
    report = json.loads(out)
    assert report["status"] == "graded" and report["score"] == 0, report
    assert [n.code for n in _notes(report)] == ["time_limit", "sandbox_missing"], report
    for check in report["exercises"][0]["checks"]:
        assert "time_limit" in Finding.from_dict(check["findings"][0]).codes(), check


NOTEBOOK = """
import json, os, sys
from autograder import check, grade, set_language
from autograder.frontends import notebook

def define(path):
    exec(compile(open(path).read(), path, "exec"), globals())

def checks():
    result, _ = notebook._evaluate("lenet", globals())  # what `check` and `grade` just showed, as findings
    return {c.name: [c.passed, [f.code for f in c.findings]] for c in result.checks}

define(%r)
seen = {"good_text": check("lenet").text, "good_score": float(grade("lenet")), "good": checks()}
seen["lang"] = set_language("zh-CN")
seen["zh_text"] = check("lenet").text
define(%r)
seen["bad_score"] = float(grade("lenet"))
seen["bad"] = checks()
seen["fork"] = hasattr(os, "fork")
seen["loaded"] = [m for m in %r if sys.modules.get(m) is not None]
print("SEEN" + json.dumps(seen))
"""


def test_the_notebook_path_imports_nothing_unix_only(simulated):
    """In a kernel without fcntl, resource, termios or fork, do `check`, `grade` and `set_language` work: a good
    LeNet passes, a wrong one fails with its finding, and the report reads in Chinese when asked?"""
    folder, env = simulated
    source = textwrap.dedent(NOTEBOOK % (str(GOOD_LENET), str(BAD_LENET), UNIX_ONLY))
    result = subprocess.run(
        [PYTHON, "-c", source], capture_output=True, text=True, timeout=300, cwd=folder.parent, env=env
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("SEEN"))[4:])
    assert seen["fork"] is False and seen["loaded"] == [], seen
    assert seen["good_score"] == 4.0 and all(passed for passed, _ in seen["good"].values()), seen
    assert seen["lang"] == "zh-CN" and seen["zh_text"] != seen["good_text"], seen
    assert seen["zh_text"].splitlines()[0] == i18n.text(
        "exercise_passed", "zh-CN", title="LeNet", id="lenet", score=4, max_score=4
    )
    passed, codes = seen["bad"]["forward"]
    assert seen["bad_score"] == 3.0 and not passed and "known_mistake" in codes, seen


@pytest.fixture
def no_linux_jail(monkeypatch):
    """This process as a grader on a machine without the Linux jail, decided afresh (and again afterwards)."""
    monkeypatch.setenv(runner.LINUX_JAIL_SWITCH, "off")
    runner.linux_jail.cache_clear()
    yield
    monkeypatch.undo()
    runner.linux_jail.cache_clear()


def test_the_switch_is_the_graders_alone(no_linux_jail, monkeypatch):
    """Is the plain path chosen by the grader once, before any submission starts, from its own environment, and
    never handed to or read by anything the submission's process runs?"""
    assert runner.linux_jail() is False
    monkeypatch.delenv(runner.LINUX_JAIL_SWITCH)
    assert runner.linux_jail() is False  # decided once per process: nothing later changes it
    for env in (runner.worker_env(), runner.plain_env()):
        assert runner.LINUX_JAIL_SWITCH not in env
    for path in (ROOT / "autograder" / jail.ZONE).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert runner.LINUX_JAIL_SWITCH not in text and "linux_jail()" not in text, path


def test_a_stranger_cannot_take_the_plain_channel():
    """Does the plain child's listener refuse a connection without the token, and take the one that has it?"""
    plain = runner.Plain.__new__(runner.Plain)
    plain.listener = socket.create_server(("127.0.0.1", 0))
    plain.token = os.urandom(16)
    address = plain.listener.getsockname()
    stranger = socket.create_connection(address)
    stranger.sendall(b"x" * 16)
    ours = socket.create_connection(address)
    ours.sendall(plain.token)
    conn = plain.connect(time.monotonic() + 10, lambda: None)
    conn.sendall(b"hello")
    assert ours.recv(5) == b"hello"
    assert stranger.recv(1) == b""  # refused: closed without a word
    for s in (conn, ours, stranger):
        s.close()


@pytest.mark.skipif(not os.path.exists("/bin/false"), reason="needs /bin/false")
def test_a_plain_child_that_never_serves_is_a_grader_fault(no_linux_jail, monkeypatch):
    """When the plain child dies before it connects, is the submission 'not graded' (the grader's fault, with
    its exit code), never a zero for the student?"""
    from autograder.grading import grade_file

    monkeypatch.setattr(sys, "executable", "/bin/false")
    report = grade_file(str(GOOD_LENET), ["lenet"], timeout=30)
    assert report.fault is not None and report.fault.code == "fault_child_exited", report.fault
    assert report.fault.data["code"] == 1
