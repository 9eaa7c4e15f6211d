"""Can an instructor rely on `autograder grade` when things go wrong? Each fault against the real CLI.

Interrupts (SIGINT, SIGTERM), a read-only or full output folder, a second run on the same output folder, a
folder not in nbgrader's layout, duplicated and mislabelled notebooks with a gradebook, phantom gradebook
rows, and two runs at once with different TMPDIRs. Classes are tiny: 04_custom_layers solutions, untouched
notebooks, and a "slow" honest student whose script sleeps until a fixed moment, so that it is in flight
when the test needs it to be and finishes promptly on a resumed run.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import signal
import subprocess
import time

import pytest
from conftest import PYTHON, ROOT, VARIANTS, leftover_processes

from autograder.exercises import ASSIGNMENTS, EXERCISES

pytestmark = pytest.mark.slow

A = "04_custom_layers"
FULL = str(sum(len(EXERCISES[i].checks) for i in ASSIGNMENTS[A]))  # an honest student's score on A
IS_ROOT = os.geteuid() == 0
HONEST_SCRIPT = "\n".join(
    (VARIANTS / e / f).read_text()
    for e, f in (
        ("flatten", "good_reshape.py"),
        ("mylinear", "good_functional.py"),
        ("running_norm", "good_detached_assign.py"),
    )
)


def slow_script(until: float) -> str:
    """An honest student whose code first waits until `until` (seconds since the epoch)."""
    return f"import time\ntime.sleep(max(0.0, {until!r} - time.time()))\n" + HONEST_SCRIPT


def put(submitted, student: str, content, assignment: str = A, name: str | None = None) -> None:
    """Puts a submission in nbgrader's layout: a notebook path is copied, a string is a .py script."""
    folder = submitted / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        (folder / (name or f"{assignment}.py")).write_text(content)
    else:
        shutil.copy(content, folder / (name or content.name))


def solution(assignment: str = A):
    return ROOT / "solutions" / assignment / f"{assignment}.ipynb"


def untouched(assignment: str = A):
    return ROOT / "exercises" / assignment / f"{assignment}.ipynb"


def command(submitted, out, *extra) -> list[str]:
    return [
        PYTHON,
        "-m",
        "autograder",
        "grade",
        str(submitted),
        "--out",
        str(out),
        "--timeout",
        "120",
        *extra,
    ]


def grade(submitted, out, *extra, env=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(submitted, out, "--quiet", *extra), capture_output=True, text=True, timeout=timeout, env=env
    )


def totals(out) -> dict[str, dict]:
    with open(out / "totals.csv") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


@contextlib.contextmanager
def mounted_tmpfs(path, options: str):
    """A tmpfs at `path` (root ignores file modes, so a read-only folder must be a read-only mount)."""
    if not IS_ROOT:
        pytest.skip("mounting a tmpfs needs root")
    path.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


# -- interrupts


@pytest.mark.parametrize(
    ("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_signal_stops_the_run_promptly_and_a_rerun_resumes_it(tmp_path, signum, status):
    """Does SIGINT/SIGTERM stop the run within seconds, kill in-flight work, keep finished results, write
    partial outputs, exit 130/143 without a traceback, and does the same command then finish the class?"""
    submitted, out = tmp_path / "submitted", tmp_path / "out"
    put(submitted, "a_honest", solution())
    put(submitted, "b_zero", untouched())
    put(submitted, "c_slow", slow_script(time.time() + 45))
    run = subprocess.Popen(
        command(submitted, out, "--workers", "2"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        done = [out / "results" / s / f"{A}.json" for s in ("a_honest", "b_zero")]
        wait_for(lambda: all(p.exists() for p in done), 120, "the fast students' results")
        time.sleep(2)  # c_slow is in flight now: it sleeps for a while yet
        assert run.poll() is None, "the run ended before it could be interrupted"
        if signum == signal.SIGINT:
            # Meanwhile, a second run on the same output folder is refused, with a clear message.
            second = grade(submitted, out)
            assert second.returncode == 2, second.stdout + second.stderr
            assert "another `autograder grade`" in second.stderr and str(out) in second.stderr
        sent = time.monotonic()
        run.send_signal(signum)
        stdout, stderr = run.communicate(timeout=60)
        stopped_after = time.monotonic() - sent
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode == status, stdout + stderr
    assert stopped_after < 30, f"took {stopped_after:.0f} s to stop"
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert f"Interrupted ({signal.Signals(signum).name})" in stdout and "run the same command again" in stdout
    assert not leftover_processes()
    # The finished results stay; the one in flight is discarded, not saved as a zero.
    assert not (out / "results" / "c_slow" / f"{A}.json").exists()
    rows = totals(out)
    assert rows["a_honest"][A] == FULL and rows["b_zero"][A] == "0"
    assert rows["c_slow"][A] == "" and rows["c_slow"]["status"] == f"pending: {A}"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["partial"] is True and summary["counts"]["pending"] == 1

    resumed = grade(submitted, out)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    rows = totals(out)
    assert {s: rows[s][A] for s in rows} == {"a_honest": FULL, "b_zero": "0", "c_slow": FULL}
    assert all(row["status"] == "graded" for row in rows.values())
    summary = json.loads((out / "summary.json").read_text())
    assert summary["partial"] is False
    assert summary["counts"]["unchanged"] == 2 and summary["counts"]["graded"] == 1


# -- checks before grading


def test_read_only_output_folder_is_refused_before_grading(tmp_path):
    """Is a read-only output folder an exit 2 with one clear line, before any student is graded?"""
    submitted = tmp_path / "submitted"
    put(submitted, "a_honest", solution())
    put(submitted, "z_slow", slow_script(time.time() + 300))  # grading would take minutes
    with mounted_tmpfs(tmp_path / "out", "ro,size=1m") as out:
        started = time.monotonic()
        result = grade(submitted, out, timeout=200)
        took = time.monotonic() - started
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not writable" in lines[0] and "Read-only file system" in lines[0], (
        result.stderr
    )
    assert took < 150, "it graded before checking the output folder"


def test_folder_not_in_nbgraders_layout_is_refused(tmp_path):
    """Is a folder that is not `<student>/<assignment>/` an exit 2 with one line saying what it expected?"""
    one_student = tmp_path / "alice"
    put(tmp_path, "alice", solution())
    result = grade(one_student, tmp_path / "out")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "looks like one student's folder" in result.stderr
    loose = tmp_path / "loose"
    (loose / "bob").mkdir(parents=True)
    shutil.copy(solution(), loose / "bob")
    result = grade(loose, tmp_path / "out2")
    assert result.returncode == 2 and "directly in the student folders" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# -- one notebook per assignment, and the gradebook


def nbgrader(course, *args) -> None:
    result = subprocess.run(
        [PYTHON, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course whose gradebook knows 01_modules and 04_custom_layers; `only_01.db` knows 01_modules only."""
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "solutions", course / "solutions")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    for assignment in ("01_modules", A):
        nbgrader(course, "db", "assignment", "add", assignment)
        nbgrader(course, "generate_assignment", assignment, "--force")
        if assignment == "01_modules":
            shutil.copy(course / "gradebook.db", course / "only_01.db")
    return course


def test_duplicates_and_mislabelled_notebooks_stay_within_maxima_and_match_the_gradebook(course, tmp_path):
    """With a -Copy1 next to the notebook and another assignment's notebook in the wrong folder, is every
    column within its maximum, the same maximum for all, and do totals.csv and the gradebook agree, with no
    gradebook row for a student who submitted nothing and no warnings from the database layer?"""
    from nbgrader.api import Gradebook, MissingEntry

    db = tmp_path / "gradebook.db"
    shutil.copy(course / "gradebook.db", db)
    submitted, out = tmp_path / "submitted", tmp_path / "out"
    put(submitted, "alice", solution("01_modules"), "01_modules")
    put(submitted, "alice", solution("01_modules"), "01_modules", name="01_modules-Copy1.ipynb")
    put(submitted, "alice", solution())
    put(submitted, "bob", solution("02_containers"), "01_modules", name="01_modules.ipynb")  # mislabelled
    put(submitted, "carol", untouched())  # nothing for 01_modules
    result = grade(submitted, out, "--gradebook", f"sqlite:///{db}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stderr and "SAWarning" not in result.stderr, result.stderr
    rows = totals(out)
    assert rows["alice"]["01_modules"] == "4"  # not 8: the copy is listed, never added
    assert rows["bob"]["01_modules"] == "0"  # graded as 01_modules, not as 02_containers (13 points)
    lenet_max = sum(len(EXERCISES[i].checks) for i in ASSIGNMENTS["01_modules"])
    assert all(row["max"] == str(lenet_max + int(FULL)) for row in rows.values())
    assert "01_modules-Copy1.ipynb" in result.stdout and "says it is 02_containers" in result.stdout
    assert "01_modules-Copy1.ipynb" in (out / "feedback" / "alice.html").read_text()
    with Gradebook(f"sqlite:///{db}") as gradebook:
        with pytest.raises(MissingEntry):
            gradebook.find_submission("01_modules", "carol")  # no phantom row
        with pytest.raises(MissingEntry):
            gradebook.find_submission(A, "bob")
        for student, row in rows.items():
            for assignment in ("01_modules", A):
                try:
                    score = gradebook.find_submission(assignment, student).score
                except MissingEntry:
                    score = 0.0  # as nbgrader's export counts it
                assert score == float(row[assignment] or 0), (student, assignment)


def test_assignment_missing_from_the_gradebook_is_refused_before_grading(course, tmp_path):
    """Is an assignment that the gradebook lacks an exit 2 with one line naming it, before any grading?"""
    db = tmp_path / "only_01.db"
    shutil.copy(course / "only_01.db", db)
    submitted = tmp_path / "submitted"
    put(submitted, "a_honest", solution())
    put(submitted, "z_slow", slow_script(time.time() + 300))
    started = time.monotonic()
    result = grade(submitted, tmp_path / "out", "--gradebook", f"sqlite:///{db}", timeout=200)
    assert time.monotonic() - started < 150, "it graded before checking the gradebook"
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and A in lines[0] and "not in the gradebook" in lines[0], result.stderr
    assert not (tmp_path / "out" / "results").exists()


# -- a full disk


def test_full_disk_fails_that_record_and_leaves_no_partial_files(tmp_path):
    """When the disk fills mid-run, is the unsaved submission a grader fault (not a zero), are no partial or
    temporary files left, and does a run with space again grade it?"""
    submitted = tmp_path / "submitted"
    put(submitted, "a_honest", solution())
    put(submitted, "b_slow", slow_script(time.time() + 30))
    with mounted_tmpfs(tmp_path / "out", "size=4m") as out:
        run = subprocess.Popen(
            command(submitted, out, "--quiet", "--workers", "2"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for(lambda: (out / "results" / "a_honest" / f"{A}.json").exists(), 120, "the first result")
        filler = out / "filler"
        with open(filler, "wb") as f, contextlib.suppress(OSError):
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode == 1, stdout + stderr
        assert "could not be written" in stderr and "Traceback" not in stderr, stderr
        left = sorted(p.name for p in out.rglob("*") if p.is_file())
        assert not [name for name in left if name.startswith(".tmp-")], left
        for name in ("totals.csv", "checks.csv", "summary.json", "results.json"):
            assert name not in left  # never half a summary file
        assert not (out / "results" / "b_slow" / f"{A}.json").exists()
        filler.unlink()
        again = grade(submitted, out)
        assert again.returncode == 0, again.stdout + again.stderr
        assert {s: r[A] for s, r in totals(out).items()} == {"a_honest": FULL, "b_slow": FULL}


# -- two runs at once


def test_two_concurrent_runs_with_different_tmpdirs_keep_honest_students_whole(tmp_path):
    """Do two runs at once (different TMPDIRs, as under a job scheduler) leave every honest student full marks?"""
    runs = []
    for n in (1, 2):
        submitted = tmp_path / f"class{n}" / "submitted"
        for s in range(3):
            put(submitted, f"honest{s}", solution() if s % 2 else HONEST_SCRIPT)
        put(submitted, "zero", untouched())
        tmpdir = tmp_path / f"tmp{n}"
        tmpdir.mkdir()
        env = {**os.environ, "TMPDIR": str(tmpdir)}
        out = tmp_path / f"class{n}" / "out"
        runs.append(
            (
                out,
                subprocess.Popen(
                    command(submitted, out, "--quiet", "--workers", "2"),
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    for out, run in runs:
        stdout, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stdout + stderr
        rows = totals(out)
        for s in range(3):
            assert rows[f"honest{s}"][A] == FULL, (
                out,
                rows[f"honest{s}"],
                json.loads((out / "results.json").read_text()),
            )
        assert rows["zero"][A] == "0"
    assert not leftover_processes()
