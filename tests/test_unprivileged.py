"""Does the grader hold as an ordinary user, with the jail the kernel allows and the same scores as root?

Real Unix users (tests/multiuser.py), no forced mode: the grader finds for itself what it can do. As an ordinary
user it gets a user namespace (own root filesystem, no network, own PIDs), no cgroup unless root delegated one
(AUTOGRADER_CGROUP), and no user of its own for the submission; the report names exactly those, with why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import multiuser
import pytest
from conftest import ROOT
from jail_probe import HONEST, WRONG, checks, put_class, readable, record, sandbox_note, seen, totals

from autograder.jailed import seccomp
from autograder.sandbox import cgroups

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="makes Unix users: needs root"),
]

GRADER = "nnmgrader"  # the ordinary user who grades
SECCOMP = [] if seccomp.available() else ["seccomp"]


@pytest.fixture(scope="module")
def user_python() -> str:
    multiuser.ensure_user(GRADER)
    return multiuser.users_python()


@pytest.fixture(scope="module")
def place():
    """A folder every user can read, outside any home and outside the checkout; gone at the end."""
    folder = Path(tempfile.mkdtemp(prefix="nnm-unprivileged-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def as_grader(python: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`autograder ARGS` as the grader, in its home: the installed copy, not the checkout, is what it runs."""
    return multiuser.as_user(GRADER, [python, "-m", "autograder", *args], env=env, timeout=600)


def as_root(python: str, *args: str) -> subprocess.CompletedProcess:
    """`autograder ARGS` as root, with the same installed copy as the grader's (the same code, another user),
    from a folder that holds no package (the checkout would shadow the copy)."""
    env = {k: v for k, v in os.environ.items() if k not in ("AUTOGRADER_JAIL", cgroups.DELEGATED)}
    return subprocess.run(
        [python, "-m", "autograder", *args], env=env, cwd="/", capture_output=True, text=True, timeout=600
    )


def copy_readable(source: Path, place: Path) -> str:
    target = place / source.name
    shutil.copy(source, target)
    target.chmod(0o644)
    return str(target)


def test_check_as_an_ordinary_user_grades_as_root_does_and_names_what_it_lacks(user_python, place):
    """As an ordinary user, does `check` give the solution full marks, fail the wrong variant with the same
    findings as root, and name exactly the protections it lacks (a cgroup, a user of its own), each with why?"""
    good, bad = copy_readable(HONEST, place), copy_readable(WRONG, place)
    passed = as_grader(user_python, "check", good, "--format", "json")
    assert passed.returncode == 0, passed.stderr[-2000:]
    report = json.loads(passed.stdout)
    assert report["status"] == "graded" and report["score"] == report["max_score"] > 0
    assert sandbox_note(report) == {
        "missing": ["cgroup", "own_user", *SECCOMP],
        "why": {"cgroup": "not_delegated", "own_user": "not_root"},
    }
    failed = as_grader(user_python, "check", bad, "--format", "json")
    assert failed.returncode == 1, failed.stderr[-2000:]
    theirs = json.loads(failed.stdout)
    root = json.loads(as_root(user_python, "check", bad, "--format", "json").stdout)
    assert theirs["score"] == root["score"] < theirs["max_score"]
    assert checks(theirs) == checks(root) and any(not passed for _, passed, _ in checks(theirs)["lenet"])


def test_a_class_graded_by_an_ordinary_user_scores_as_root_and_stays_jailed(user_python, place):
    """Does an ordinary user's `grade` give every student root's scores on the hidden probes, while the hostile
    student sees its own PID namespace, no network, no other home, no classmate's work and no grader file?"""
    folder = place / "class"
    folder.mkdir()
    secret = folder / "secret.txt"
    secret.write_text("the same secret for both graders\n")
    submitted = put_class(folder, grader_files=[str(secret), str(Path.home() / ".bashrc")])
    readable(folder)
    out = folder / "user-out"
    out.mkdir()
    entry = multiuser.ensure_user(GRADER)
    os.chown(out, entry.pw_uid, entry.pw_gid)
    graded = as_grader(
        user_python, "grade", str(submitted), "--out", str(out / "o"), "--secret-file", str(secret), "--quiet"
    )
    assert graded.returncode == 0, graded.stderr[-3000:]
    graded_root = as_root(
        user_python,
        "grade",
        str(submitted),
        "--out",
        str(folder / "root-out"),
        "--secret-file",
        str(secret),
        "--quiet",
    )
    assert graded_root.returncode == 0, graded_root.stderr[-3000:]
    mine, root = totals(out / "o"), totals(folder / "root-out")
    assert mine == root
    assert mine["a_honest"]["total"] == mine["a_honest"]["max"] == mine["c_hostile"]["total"]
    assert float(mine["b_untouched"]["total"]) == 0
    for student in mine:
        assert checks(record(out / "o", student)["report"]) == checks(
            record(folder / "root-out", student)["report"]
        )
    report = record(out / "o", "c_hostile")["report"]
    assert sandbox_note(report)["missing"] == ["cgroup", "own_user", *SECCOMP]
    inside = seen(report)
    assert (
        inside["pid"] == 1 and inside["processes"] <= 2
    )  # its own PID namespace: itself (and /proc's reader)
    assert inside["interfaces"] == ["lo"] and inside["network"] != "connected"
    assert inside["home"] == ["student"] and inside["visible"] == []
    assert inside["uid"] == 0  # root of its user namespace, mapped to the grader's own user outside


@pytest.fixture
def delegated_group():
    """A cgroup v1 group per controller, made by root and given to the grader (as an admin would)."""
    if cgroups.version() != 1:
        pytest.skip(
            "delegation is tested on cgroup v1 (this machine's); v2 is documented in docs/containers.md"
        )
    entry = multiuser.ensure_user(GRADER)
    name = f"autograder-{GRADER}"
    folders = [os.path.join(cgroups.ROOT, c, name) for c in cgroups.V1_CONTROLLERS + cgroups.V1_CPU]
    for folder in folders:
        os.makedirs(folder, exist_ok=True)
        for path in [folder, *(os.path.join(folder, f) for f in os.listdir(folder))]:
            os.chown(path, entry.pw_uid, entry.pw_gid)
    yield name
    for folder in folders:
        for child in os.listdir(folder):
            if os.path.isdir(os.path.join(folder, child)):
                os.rmdir(os.path.join(folder, child))
        os.rmdir(folder)


def test_a_cgroup_delegated_by_root_gives_an_ordinary_user_the_cgroup(user_python, place, delegated_group):
    """With AUTOGRADER_CGROUP naming a group root gave to the grader's user, does the submission get a cgroup
    (and its CPU share), so that only a user of its own is missing?"""
    good = copy_readable(HONEST, place)
    result = as_grader(
        user_python, "check", good, "--format", "json", env={cgroups.DELEGATED: delegated_group}
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    missing = ["own_user", *SECCOMP] if cgroups.cpu_controller() else ["cpu_share", "own_user", *SECCOMP]
    assert sandbox_note(report)["missing"] == missing and report["score"] == report["max_score"]


def test_the_benchmark_class_scores_the_same_graded_by_an_ordinary_user(user_python, place):
    """Does the benchmark's class (benchmarks/grade_class.py's builder: solutions, untouched and known-wrong
    notebooks) get the same scores from an ordinary user's `grade` as from root's?"""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import grade_class
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    course = place / "course"
    course.mkdir()
    count = grade_class.build_course(course, 3, ["02_containers"])
    readable(course)
    secret = course / "secret.txt"
    secret.write_text("benchmark secret\n")
    secret.chmod(0o644)
    entry = multiuser.ensure_user(GRADER)
    out = course / "user-out"
    out.mkdir()
    os.chown(out, entry.pw_uid, entry.pw_gid)
    common = ["--secret-file", str(secret), "--quiet", "--workers", "2"]
    mine = as_grader(user_python, "grade", str(course / "submitted"), "--out", str(out / "o"), *common)
    assert mine.returncode == 0, mine.stderr[-3000:]
    root = as_root(
        user_python, "grade", str(course / "submitted"), "--out", str(course / "root-out"), *common
    )
    assert root.returncode == 0, root.stderr[-3000:]
    scores = totals(out / "o")
    assert len(scores) == 3 and count == 3 and scores == totals(course / "root-out")
    assert len({row["total"] for row in scores.values()}) > 1  # solutions, untouched and wrong: not all alike
