"""Can hostile or broken submissions hurt the grader, other students, or the machine? (They must not.)

One class run of `autograder grade`: every file in tests/hostile is a student, next to broken files and
honest students. Each submission must get its expected safe outcome, within its time limit; no process of any
submission may be left afterwards, no file it wrote may outlive it, and no connection may reach the host.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import socket
import subprocess
import threading

import nbformat
import pytest
from conftest import PYTHON, ROOT, VARIANTS, leftover_processes

from autograder.exercises import ASSIGNMENTS, EXERCISES
from autograder.sandbox.runner import WALL_FACTOR

pytestmark = pytest.mark.slow

ASSIGNMENT = "04_custom_layers"
TIMEOUT = 10
HOSTILE = sorted((ROOT / "tests" / "hostile").glob("*.py"))
IS_ROOT = os.geteuid() == 0
PORT = "47923"  # what tests/hostile/network_loopback.py tries to reach: replaced by the listener's real port
# In the grader's environment, as an instructor's secret and shell variables are: no page may show them.
CANARY = "instructor-canary-5f1d9c"


def _jail_mode() -> str:
    from autograder.jailed import jail

    return jail.mode()


def _skip_reason(spec) -> str | None:
    """Why this machine cannot contain the attack, or None when it can."""
    needs = spec.get("needs", "").split(" ")[0]
    if needs == "root" and not IS_ROOT:
        return "contained only for a grader running as root (process limits per user)"
    if needs == "namespaces" and _jail_mode() == "none":
        return "contained only where the jail has namespaces (root, or unprivileged user namespaces)"
    if needs == "seccomp" and not _seccomp():
        return "contained only where the machine has a seccomp filter (libseccomp)"
    return None


def _seccomp() -> bool:
    from autograder.jailed import seccomp

    return seccomp.available()


def _spec(path):
    doc = path.read_text().split('"""')[1]
    fields = dict(re.findall(r"^(expect|score|needs): (.+)$", doc, re.MULTILINE))
    return fields


def _empty_notebook() -> str:
    return nbformat.writes(nbformat.v4.new_notebook())


BROKEN = {
    # student: (file name, content, expected text)
    "broken_json": (f"{ASSIGNMENT}.ipynb", b"{not json", "not a valid notebook"),
    "not_utf8": (f"{ASSIGNMENT}.py", "x = 'caf\xe9'".encode("latin-1"), "not UTF-8"),
    "empty_notebook": (f"{ASSIGNMENT}.ipynb", _empty_notebook().encode(), "`Flatten` is not defined"),
    "syntax_error": (f"{ASSIGNMENT}.py", b"class Flatten(nn.Module)\n    pass\n", "SyntaxError"),
    "wrong_class_name": (
        f"{ASSIGNMENT}.py",
        (VARIANTS / "flatten" / "good_torch_flatten.py")
        .read_text()
        .replace("class Flatten", "class Flaten")
        .encode(),
        "did you mean `Flaten`",
    ),
}


def _honest_script() -> str:
    return "\n".join(
        (VARIANTS / e / f).read_text()
        for e, f in (
            ("flatten", "good_reshape.py"),
            ("mylinear", "good_functional.py"),
            ("running_norm", "good_detached_assign.py"),
        )
    )


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    submitted = root / "submitted"
    listener = socket.create_server(("127.0.0.1", 0))
    port = str(listener.getsockname()[1])
    for path in HOSTILE:
        if _skip_reason(_spec(path)):
            continue
        folder = submitted / path.stem / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.py").write_text(path.read_text().replace(PORT, port))
    for student, (name, content, _) in BROKEN.items():
        folder = submitted / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / name).write_bytes(content)
    (submitted / "missing_notebook" / ASSIGNMENT).mkdir(parents=True)
    honest = submitted / "honest_notebook" / ASSIGNMENT
    honest.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", honest)
    (submitted / "honest_script" / ASSIGNMENT).mkdir(parents=True)
    (submitted / "honest_script" / ASSIGNMENT / f"{ASSIGNMENT}.py").write_text(_honest_script())
    out = root / "out"
    connections = []

    def accept():
        while True:
            try:
                connections.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    before = set(glob.glob("/tmp/autograder-leftover*") + glob.glob("/dev/shm/autograder-leftover*"))
    result = subprocess.run(
        [
            PYTHON,
            "-m",
            "autograder",
            "grade",
            str(submitted),
            "--out",
            str(out),
            "--workers",
            "2",
            "--timeout",
            str(TIMEOUT),
            "--memory-mb",
            "1024",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=root,  # the grader's working folder: nothing may be planted there
        env={**os.environ, "INSTRUCTOR_TOKEN": CANARY, "AUTOGRADER_SECRET": CANARY + "-secret"},
    )
    listener.close()
    assert result.returncode == 0, result.stdout + result.stderr
    records = {r["student"]: r for r in json.loads((out / "results.json").read_text())}
    leftovers = set(glob.glob("/tmp/autograder-leftover*") + glob.glob("/dev/shm/autograder-leftover*"))
    planted = [p.name for p in root.iterdir() if p.suffix == ".py"] + glob.glob("/autograder-pwned")
    pages = "".join(p.read_text(errors="replace") for p in (out / "feedback").glob("*"))
    return {
        "records": records,
        "pages": pages + (out / "results.json").read_text(),
        "connections": len(connections),
        "leftovers": leftovers - before,
        "planted": planted,
    }


def _text(record) -> str:
    messages = [c["message"] for e in record["report"]["exercises"] for c in e["checks"]]
    return "\n".join(messages + record["notes"])


def _flatten_passed(record) -> bool:
    return any(e["id"] == "flatten" and e["passed"] for e in record["report"]["exercises"])


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_hostile_submission_gets_its_safe_outcome(graded, path):
    """Does the attack fail safely: the expected score and reason, within the time limit?"""
    spec = _spec(path)
    if _skip_reason(spec):
        pytest.skip(_skip_reason(spec))
    record = graded["records"][path.stem]
    print(f"{path.stem}: score {record['report']['score']:g}, {record['seconds']:.1f} s")
    if spec["expect"] == "full marks for flatten":
        assert _flatten_passed(record), _text(record)
    else:
        assert spec["expect"] in _text(record), _text(record)
    if spec["score"] != "any":
        assert record["report"]["score"] == float(spec["score"]), _text(record)
    assert record["status"] != "grader_fault", record["reason"]  # its own failure is never the grader's
    assert record["seconds"] < TIMEOUT * WALL_FACTOR + 20


@pytest.mark.parametrize("student", sorted(BROKEN))
def test_broken_file_is_a_zero_with_one_clear_reason(graded, student):
    """Is a broken file a zero for that submission, with a reason and no traceback from the grader?"""
    record = graded["records"][student]
    assert record["report"]["score"] == 0
    assert BROKEN[student][2] in _text(record), _text(record)
    assert "Traceback" not in _text(record)


def test_missing_notebook_is_a_zero_with_a_reason(graded):
    record = graded["records"]["missing_notebook"]
    assert record["report"]["score"] == 0 and f"no {ASSIGNMENT}.ipynb in" in _text(record)


def test_honest_students_are_graded_in_full(graded):
    """Do honest students in the same class run lose nothing to their hostile classmates?"""
    for student in ("honest_notebook", "honest_script"):
        report = graded["records"][student]["report"]
        full = sum(len(EXERCISES[i].checks) for i in ASSIGNMENTS[ASSIGNMENT])
        assert report["score"] == report["max_score"] == full, _text(graded["records"][student])
        assert not graded["records"][student]["notes"], graded["records"][student]["notes"]  # no noise either


def test_no_instructor_environment_reaches_any_page(graded):
    """Can a submission read the grader's environment (the secret, tokens, shell variables) into a page?"""
    assert CANARY not in graded["pages"]
    assert CANARY not in json.dumps(graded["records"])


def test_no_process_of_any_submission_is_left(graded):
    """After the run, is every process a submission started gone (children, daemons, orphans)?"""
    assert not leftover_processes()


def test_no_connection_reaches_the_host(graded):
    """Did any submission reach a service listening on the host's loopback? (The jail has no network.)"""
    if _jail_mode() == "none":
        pytest.skip("the network is shared where the jail has no namespaces")
    assert graded["connections"] == 0


def test_no_file_a_submission_wrote_outlives_it(graded):
    """Are /tmp and /dev/shm private to each submission, and is nothing planted in the grader's folder?"""
    if _jail_mode() == "none":
        pytest.skip("/tmp and /dev/shm are shared where the jail has no namespaces")
    assert not graded["leftovers"]
    assert not graded["planted"]
