"""Does `autograder grade --scheduler` grade a class on a Dask cluster as the local run grades it, whatever the
cluster does: workers lost mid-run, a submission that kills its worker, a Ctrl-C?

Two clusters, both of worker processes (this machine has 2 cores: 1 thread each): a scheduler and two workers
started with Dask's own command line (`dask scheduler`, `dask worker`), as on separate machines, sharing
nothing with the coordinator but the scheduler's address, in the full jail; and a `LocalCluster` whose workers
take the plain path, the only one on which a submission can kill its worker. Each test ends with no process
of the cluster or of a submission left.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import PYTHON, ROOT, VARIANTS, leftover_processes

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

A = "04_custom_layers"
DASK = str(Path(sys.executable).parent / "dask")
SECRET = "cluster tests: one secret for every run"
HONEST = "\n".join(
    (VARIANTS / e / f).read_text()
    for e, f in (
        ("flatten", "good_reshape.py"),
        ("mylinear", "good_functional.py"),
        ("running_norm", "good_detached_assign.py"),
    )
)
# Without the Linux jail a child is the Dask worker's own child: this one kills it, at every attempt, and leaves
# a line in `{log}` for each. (In the jail it could not: its PID namespace holds only its own processes.)
KILLS_ITS_WORKER = """
import os, signal
with open({log!r}, "a") as f:
    f.write("attempt\\n")
os.kill(os.getppid(), signal.SIGKILL)
"""


def slow(until: float) -> str:
    """An honest student whose code first waits until `until` (seconds since the epoch)."""
    return f"import time\ntime.sleep(max(0.0, {until!r} - time.time()))\n" + HONEST


def put(submitted: Path, student: str, content) -> None:
    """A submission in nbgrader's layout: a notebook path is copied, a string is a .py script."""
    folder = submitted / student / A
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        (folder / f"{A}.py").write_text(content)
    else:
        (folder / content.name).write_bytes(content.read_bytes())


def small_class(root: Path) -> Path:
    """Four students: the solution, the untouched notebook, a broken notebook, an honest script."""
    submitted = root / "submitted"
    put(submitted, "alice", ROOT / "solutions" / A / f"{A}.ipynb")
    put(submitted, "bob", ROOT / "exercises" / A / f"{A}.ipynb")
    put(submitted, "carol", HONEST)
    (submitted / "dan" / A).mkdir(parents=True)
    (submitted / "dan" / A / f"{A}.ipynb").write_text("{not json")
    return submitted


def grade_command(submitted: Path, out: Path, *extra: str) -> list[str]:
    return [PYTHON, "-m", "autograder", "grade", str(submitted), "--out", str(out), "--quiet", *extra]


def grade(submitted: Path, out: Path, *extra: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "AUTOGRADER_SECRET": SECRET}
    return subprocess.run(
        grade_command(submitted, out, *extra), capture_output=True, text=True, timeout=timeout, env=env
    )


def cells(out: Path) -> list[dict]:
    with open(out / "checks.csv", newline="") as f:
        return list(csv.DictReader(f))


def record(out: Path, student: str) -> dict:
    return json.loads((out / "results" / student / f"{A}.json").read_text())


def same_records(ours: Path, theirs: Path, students) -> None:
    """Are the saved records the same but for the time they took?"""
    for student in students:
        mine, local = record(ours, student), record(theirs, student)
        mine.pop("seconds"), local.pop("seconds")
        assert mine == local, student


def worker_env() -> dict:
    """A Dask worker's environment: the package on its path (no shared folder needed), nothing of the test's."""
    return {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "LANG": "C.UTF-8"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def descendants(*pids: int) -> list[psutil.Process]:
    found = []
    for pid in pids:
        try:
            found += psutil.Process(pid).children(recursive=True)
        except psutil.Error:
            pass
    return found


def _cmdline(proc: psutil.Process) -> list[str]:
    try:
        return proc.cmdline()
    except psutil.Error:
        return []


def nothing_left(processes: list[psutil.Process]) -> None:
    """None of `processes` (a cluster's: nannies, workers, zygotes, submissions) outlives the test, and no
    submission's process is left anywhere."""
    # multiprocessing's resource tracker belongs to the test process, and lives as long as it does.
    processes = [p for p in processes if "resource_tracker" not in " ".join(_cmdline(p))]
    deadline = time.monotonic() + 20
    while any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in processes):
        assert time.monotonic() < deadline, [p.pid for p in processes if p.is_running()]
        time.sleep(0.2)
    # A submission's process forked after the snapshot above (from a zygote of a worker being stopped) ends
    # with its zygote, a moment later: wait for that, within the same deadline.
    while leftover_processes():
        assert time.monotonic() < deadline, leftover_processes()
        time.sleep(0.2)


def jailed(workers) -> list[psutil.Process]:
    """The submissions `workers` (their Popen objects) are running now: their own user ids, or their job."""
    found = []
    for proc in descendants(*(w.pid for w in workers)):
        try:
            if 61000 <= proc.uids().real < 62000 or "AUTOGRADER_JOB" in proc.environ():
                found.append(proc)
        except (psutil.Error, OSError):
            continue
    return found


def wait_until_grading(workers, count: int) -> None:
    """Waits until `count` submissions run on `workers` (each worker grades one at a time)."""
    deadline = time.monotonic() + 90
    while len(jailed(workers)) < count:
        assert time.monotonic() < deadline, "the workers should be grading"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    """The small class, graded on this machine: what every cluster run must equal."""
    root = tmp_path_factory.mktemp("local")
    submitted = small_class(root)
    result = grade(submitted, root / "out", "--workers", "2")
    assert result.returncode == 0, result.stderr
    return submitted, root / "out"


@pytest.fixture(scope="module")
def dask_cli():
    """A scheduler and two workers started with Dask's command line, each a process of its own."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = {"env": worker_env(), "cwd": "/", "start_new_session": True, "stdout": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stderr=subprocess.DEVNULL,
        **common,
    )
    workers = [
        subprocess.Popen(
            [DASK, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
            stderr=subprocess.DEVNULL,
            **common,
        )
        for n in range(2)
    ]
    from distributed import Client

    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address, workers
    finally:
        started = descendants(*(p.pid for p in [*workers, scheduler]))
        for proc in [*workers, scheduler]:
            stop_group(proc)
        nothing_left(started)


def test_dask_cli_cluster_gives_the_local_scores(local_run, dask_cli, tmp_path):
    """Graded on `dask scheduler` + `dask worker` processes, is every cell scored as the local run scores it,
    and every record the same but for its time?"""
    submitted, local = local_run
    address, _ = dask_cli
    result = grade(submitted, tmp_path / "out", "--scheduler", address)
    assert result.returncode == 0, result.stderr
    assert cells(tmp_path / "out") == cells(local)
    assert (tmp_path / "out" / "totals.csv").read_text() == (local / "totals.csv").read_text()
    same_records(tmp_path / "out", local, ["alice", "bob", "carol", "dan"])
    again = grade(submitted, tmp_path / "out", "--scheduler", address)
    assert again.returncode == 0 and "4 unchanged" in again.stdout, again.stdout


def test_ctrl_c_stops_a_cluster_run_and_the_same_command_resumes(dask_cli, tmp_path):
    """Does one Ctrl-C stop a cluster run within seconds (exit 130, partial outputs, the submissions in flight
    killed on their workers), and does the same command then grade what is missing?"""
    address, workers = dask_cli
    submitted = tmp_path / "submitted"
    put(submitted, "aaron", slow(time.time() + 600))  # in flight when Ctrl-C comes, whenever that is
    put(submitted, "abby", slow(time.time() + 600))
    put(submitted, "ann", HONEST)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        grade_command(submitted, out, "--scheduler", address),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "AUTOGRADER_SECRET": SECRET},
    )
    try:
        wait_until_grading(workers, 2)  # both workers at a slow student
        asked = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert time.monotonic() - asked < 15
    assert json.loads((out / "summary.json").read_text())["partial"] is True
    deadline = time.monotonic() + 10
    while jailed(workers) and time.monotonic() < deadline:  # their jailed children were killed
        time.sleep(0.2)
    assert not jailed(workers)
    for student in ("aaron", "abby"):  # they stop sleeping: the resumed run need not wait ten minutes
        put(submitted, student, HONEST)
    resumed = grade(submitted, out, "--scheduler", address)
    assert resumed.returncode == 0, resumed.stderr
    statuses = {row["student"]: row["status"] for row in csv.DictReader(open(out / "totals.csv"))}
    assert statuses == {"aaron": "graded", "abby": "graded", "ann": "graded"}


def test_a_worker_killed_mid_run_loses_no_submission(local_run, dask_cli, tmp_path):
    """When a worker (its nanny and all) is killed while it grades, is its submission graded again elsewhere,
    with the local run's score, and nothing lost? (Last test on this cluster: one worker is left.)"""
    address, workers = dask_cli
    submitted = tmp_path / "submitted"
    until = time.time() + 25  # first in the class: both workers take one of them at once
    put(submitted, "aaron", slow(until))
    put(submitted, "abby", slow(until))
    for student in ("alice", "bob", "carol", "dan"):
        source = local_run[0] / student / A
        for file in source.iterdir():
            put(submitted, student, file)
    env = {**os.environ, "AUTOGRADER_SECRET": SECRET}
    out = tmp_path / "out"
    proc = subprocess.Popen(
        grade_command(submitted, out, "--scheduler", address),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        wait_until_grading(workers, 2)
        stop_group(workers[0])  # a machine lost: its nanny, its worker, its zygote and the submission in it
        _, stderr = proc.communicate(timeout=240)
    finally:
        proc.kill()
    assert proc.returncode == 0, stderr
    rows = {row["student"]: row for row in csv.DictReader(open(out / "totals.csv"))}
    assert {s: r["status"] for s, r in rows.items()} == dict.fromkeys(rows, "graded")
    assert set(rows) == {"aaron", "abby", "alice", "bob", "carol", "dan"}
    assert rows["aaron"]["total"] == rows["abby"]["total"] == rows["carol"]["total"]  # the same honest code
    local_cells = {(r["student"], r["exercise"], r["check"]): r for r in cells(local_run[1])}
    for row in cells(out):
        if row["student"] in ("alice", "bob", "carol", "dan"):
            assert row == local_cells[(row["student"], row["exercise"], row["check"])]


def test_local_cluster_grades_as_the_local_run_and_a_worker_killer_gets_its_zero_once(local_run, tmp_path):
    """On a LocalCluster of worker processes, is every cell of the class scored as on this machine, and does a
    submission that kills the worker grading it get its zero after the second worker it killed (never a third
    attempt), while its classmates are graded?"""
    from distributed import LocalCluster

    submitted, local = local_run
    theirs = {p.pid for p in descendants(os.getpid())}  # another test's cluster, if one is up
    log = tmp_path / "attempts.log"
    for student in ("alice", "bob", "carol", "dan"):
        for file in (submitted / student / A).iterdir():
            put(tmp_path / "submitted", student, file)
    put(tmp_path / "submitted", "mallory", KILLS_ITS_WORKER.format(log=str(log)))
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        # The plain path (no jail): the only way a submission can reach its worker at all. The scores are the
        # jail's all the same (the CLI cluster's test compares whole records, in the jail).
        env={"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "AUTOGRADER_LINUX_JAIL": "off"},
    ) as cluster:
        result = grade(tmp_path / "submitted", tmp_path / "out", "--scheduler", cluster.scheduler_address)
        started = descendants(os.getpid())
    assert result.returncode == 0, result.stderr
    assert [c for c in cells(tmp_path / "out") if c["student"] != "mallory"] == cells(local)
    mallory = record(tmp_path / "out", "mallory")
    assert mallory["status"] == "failed" and "stopped the worker grading it" in mallory["reason"]
    assert mallory["report"]["score"] == 0
    assert log.read_text().count("attempt") == 2
    nothing_left([p for p in started if p.pid not in theirs])
