"""Class grading, `autograder grade` against `nbgrader autograde`, on the same synthetic class.

    .venv/bin/python benchmarks/grade_class.py --students 5 --workers 2
    .venv/bin/python benchmarks/grade_class.py --students 5 --workers 2 --cluster 1 2 --no-nbgrader

Builds a temporary nbgrader course from solutions/, and a class of N students who submit, for every
assignment, the worked solution, the untouched exercise, or the exercise with known wrong answers from
tests/variants (chosen deterministically per student). Grades it with `nbgrader autograde` (one kernel per
notebook, serially, as nbgrader does) and with `autograder grade --workers W`, checks that every graded
cell gets the same score from both, and prints wall time, notebooks per second, peak memory (PSS of the
whole process tree, sampled every 0.2 s) and the speed ratio; then, for each, where the CPU time and memory
went by role (the grader itself, its warm workers or nbgrader's kernels, the submissions' own processes):
CPU seconds, share and each role's own peak PSS.

`--cluster N ...` also grades the class with `autograder grade --scheduler` on a Dask `LocalCluster` of N
worker processes (one thread each), for each N given, checks that every graded cell gets the same score as
the local run, and measures what the cluster adds per submission: the round trip of a task that carries a
notebook's bytes and answers with a record, one at a time (the scheduler's overhead per submission, next to
a submission's grading time), and, pipelined, how many such tasks per second the coordinator can hand out,
collect and save (its limit, whatever the number of workers).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = str(Path(sys.executable).parent)


ROLES = ("main", "workers", "submissions")  # by depth below the command: itself, its children, theirs


def _role(depth: int) -> str:
    return ROLES[min(depth, len(ROLES) - 1)]


def run_measured(cmd: list[str], cwd: Path, also: int | None = None) -> tuple[float, float, dict]:
    """Runs `cmd`; returns (wall seconds, peak PSS in MiB, roles).

    The peak is of its whole process tree (and of `also`'s children: a cluster's workers), sampled every
    0.2 s. `roles` splits the tree by depth (`ROLES`: the command's own process; its children, which are
    `autograder grade`'s warm workers or nbgrader's kernels; and their children, the submissions' processes),
    as {role: {"cpu_s": CPU seconds seen, "peak_mib": the role's own peak PSS}}, plus "total_cpu_s": the CPU
    time of every process of the tree, counted by the kernel as each ended. A process that lived between two
    samples is in the total and in no role: "unattributed_cpu_s" says how much that was.
    """
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", "")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0.0
    role_peak = dict.fromkeys(ROLES, 0.0)
    cpu: dict[int, tuple[str, float]] = {}  # pid: (role, CPU seconds at its last sample)
    done = threading.Event()

    def tree_of(root: psutil.Process) -> dict[psutil.Process, int]:
        found, level = {root: 0}, [root]
        while level:
            nxt = []
            for p in level:
                try:
                    for child in p.children():
                        if child not in found:
                            found[child] = found[p] + 1
                            nxt.append(child)
                except psutil.Error:
                    pass
            level = nxt
        return found

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not done.is_set():
            total, by_role = 0, dict.fromkeys(ROLES, 0)
            tree = tree_of(root)
            if also is not None:  # a cluster's workers: the children of this process, but the command
                for worker in psutil.Process(also).children():
                    if worker.pid != proc.pid:
                        tree.update({p: d + 1 for p, d in tree_of(worker).items()})
            for p, depth in tree.items():
                role = _role(depth)
                try:
                    pss = p.memory_full_info().pss
                    times = p.cpu_times()
                except psutil.Error:
                    continue
                total += pss
                by_role[role] += pss
                cpu[p.pid] = (role, times.user + times.system)
            peak = max(peak, total / 2**20)
            for role in ROLES:
                role_peak[role] = max(role_peak[role], by_role[role] / 2**20)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    roles: dict = {role: {"cpu_s": 0.0, "peak_mib": role_peak[role]} for role in ROLES}
    for role, seconds in cpu.values():
        roles[role]["cpu_s"] += seconds
    seen = sum(r["cpu_s"] for r in roles.values())
    roles["total_cpu_s"] = total_cpu if also is None else max(total_cpu, seen)
    roles["unattributed_cpu_s"] = max(roles["total_cpu_s"] - seen, 0.0)
    return wall, peak, roles


def _add_roles(a: dict, b: dict) -> dict:
    """Two runs' roles as one: CPU seconds add up, peaks are the larger one."""
    out = {}
    for key, value in a.items():
        if isinstance(value, dict):
            out[key] = {
                "cpu_s": value["cpu_s"] + b[key]["cpu_s"],
                "peak_mib": max(value["peak_mib"], b[key]["peak_mib"]),
            }
        else:
            out[key] = value + b[key]
    return out


def print_roles(name: str, roles: dict, labels: tuple[str, str, str]) -> None:
    """One line per role of a run: its CPU seconds, their share, and its own peak PSS."""
    total = roles["total_cpu_s"] or 1.0
    print(f"{name}: {roles['total_cpu_s']:.1f} CPU s in all")
    for role, label in zip(ROLES, labels, strict=True):
        r = roles[role]
        print(
            f"  {label:34} {r['cpu_s']:7.1f} CPU s {100 * r['cpu_s'] / total:5.1f}%  peak {r['peak_mib']:6.0f} MiB"
        )
    left = roles["unattributed_cpu_s"]
    print(f"  {'short-lived, between samples':34} {left:7.1f} CPU s {100 * left / total:5.1f}%")


def build_course(course: Path, students: int, assignments: list[str]) -> int:
    """A course directory with the assignments generated and every student's submissions; returns the count."""
    shutil.copytree(ROOT / "solutions", course / "solutions")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    nbgrader = [sys.executable, "-m", "nbgrader"]
    for assignment in assignments:
        subprocess.run(
            [*nbgrader, "db", "assignment", "add", assignment], cwd=course, check=True, capture_output=True
        )
        subprocess.run(
            [*nbgrader, "generate_assignment", assignment, "--force"],
            cwd=course,
            check=True,
            capture_output=True,
        )
    count = 0
    for s in range(students):
        for a, assignment in enumerate(assignments):
            kind = (s + a) % 3  # 0: solution, 1: untouched, 2: known wrong answers
            if kind == 0:
                nb = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
            else:
                nb = nbformat.read(course / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
            if kind == 2:
                for cell in nb.cells:
                    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
                    if grade_id.endswith("_solution"):
                        bad = sorted(
                            (ROOT / "tests" / "variants" / grade_id.removesuffix("_solution")).glob(
                                "bad_*.py"
                            )
                        )
                        cell.source = bad[s % len(bad)].read_text()
            folder = course / "submitted" / f"student{s:03d}" / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{assignment}.ipynb")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--assignments", nargs="*", default=None, help="default: all")
    parser.add_argument(
        "--cluster", type=int, nargs="*", default=[], metavar="N", help="also on a LocalCluster of N workers"
    )
    parser.add_argument(
        "--no-nbgrader", action="store_true", help="skip `nbgrader autograde` (default: run it)"
    )
    args = parser.parse_args()
    # nbgrader starts alembic by name: the venv's tools come first.
    os.environ["PATH"] = BIN + os.pathsep + os.environ.get("PATH", "")
    # Both graders on the same hidden probes: `autograder grade` reads the secret from here, and so do the
    # `grade()` cells nbgrader runs (a wrong answer may pass a check on one set of probes and not another).
    os.environ["AUTOGRADER_SECRET"] = "benchmark: the same hidden probes for both graders"
    assignments = args.assignments or sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())

    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        course = Path(tmp)
        notebooks = build_course(course, args.students, assignments)
        shutil.copy(course / "gradebook.db", course / "ours.db")
        print(f"class: {args.students} students x {len(assignments)} assignments = {notebooks} notebooks")

        ours_s, ours_mb, ours_roles = run_measured(
            [
                sys.executable,
                "-m",
                "autograder",
                "grade",
                "submitted",
                "--out",
                "out",
                "--workers",
                str(args.workers),
                "--quiet",
                "--gradebook",
                f"sqlite:///{course / 'ours.db'}",
            ],
            course,
        )
        rows = [(f"autograder grade --workers {args.workers}", ours_s, notebooks / ours_s, ours_mb)]
        summary = {"notebooks": notebooks, "autograder_s": ours_s, "autograder_roles": ours_roles}
        runs = [("autograder grade", ours_roles, ("grader", "warm workers", "submissions (forked, jailed)"))]
        agree = True
        if not args.no_nbgrader:
            theirs_s, theirs_mb, theirs_roles = 0.0, 0.0, None
            for assignment in assignments:
                seconds, mb, roles = run_measured(
                    [sys.executable, "-m", "nbgrader", "autograde", assignment, "--create"], course
                )
                theirs_s += seconds
                theirs_mb = max(theirs_mb, mb)
                theirs_roles = roles if theirs_roles is None else _add_roles(theirs_roles, roles)
            runs.insert(0, ("nbgrader autograde", theirs_roles, ("nbgrader", "kernels", "kernels' children")))
            summary["nbgrader_roles"] = theirs_roles
            differing, cells = compare(course, assignments)
            agree = differing == 0
            print(
                f"scores: agree on all {cells} graded cells"
                if agree
                else f"scores: DISAGREE on {differing} of {cells} graded cells"
            )
            rows.insert(0, ("nbgrader autograde", theirs_s, notebooks / theirs_s, theirs_mb))
            summary.update(nbgrader_s=theirs_s, agree=agree)
        for workers in args.cluster:
            seconds, mb, overhead = grade_on_cluster(course, workers)
            differing, cells = compare(course, assignments, theirs="ours.db", ours=f"cluster{workers}.db")
            same = differing == 0
            agree = agree and same
            print(
                f"cluster of {workers}: the same score as the local run on all {cells} graded cells"
                if same
                else f"cluster of {workers}: DIFFERS from the local run on {differing} of {cells} graded cells"
            )
            rows.append((f"autograder grade --scheduler ({workers} w)", seconds, notebooks / seconds, mb))
            summary[f"cluster{workers}_s"] = seconds
            summary[f"cluster{workers}_same"] = same
            summary.update(overhead)
        print(f"{'':34} {'wall s':>8} {'notebooks/s':>12} {'peak MiB':>9}")
        for name, seconds, rate, mb in rows:
            print(f"{name:34} {seconds:8.1f} {rate:12.2f} {mb:9.0f}")
        if "nbgrader_s" in summary:
            print(f"ratio (nbgrader time / autograder time): {summary['nbgrader_s'] / ours_s:.1f}x")
        for name, roles, labels in runs:
            print_roles(name, roles, labels)
        if args.cluster:
            grading = mean_grading_seconds(course / "out")
            trip = summary["round_trip_ms"]
            print(
                f"cluster overhead per submission: {trip:.1f} ms round trip, one at a time, against a mean "
                f"grading time of {grading * 1000:.0f} ms per submission ({trip / 10 / grading:.2f}%); "
                f"the coordinator hands out, collects and saves at most {summary['coordinator_per_s']:.0f} "
                "submissions/s"
            )
            summary.update(grading_ms=grading * 1000)
        print(json.dumps(summary))
        if not agree:
            raise SystemExit(1)


def grade_on_cluster(course: Path, workers: int) -> tuple[float, float, dict]:
    """`autograder grade --scheduler` on a LocalCluster of `workers` processes (one thread each), into its own
    output folder and gradebook; returns wall seconds, peak MiB of the whole tree and the overhead measured."""
    from distributed import Client, LocalCluster

    shutil.copy(course / "gradebook.db", course / f"cluster{workers}.db")
    env = {"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, env=env
    ) as cluster:
        with Client(cluster.scheduler_address) as client:
            client.wait_for_workers(workers)
        cmd = [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            "submitted",
            "--out",
            f"out-cluster{workers}",
            "--scheduler",
            cluster.scheduler_address,
            "--quiet",
            "--gradebook",
            f"sqlite:///{course / f'cluster{workers}.db'}",
        ]
        # The workers' memory is counted too: they are this process's children, not the command's.
        seconds, mb, _ = run_measured(cmd, course, also=os.getpid())
        overhead = measure_overhead(cluster.scheduler_address, course)
    return seconds, mb, overhead


def _echo(name: str, key: str, record: dict, content: bytes) -> dict:
    """A task that does what a grading task does but grade: logs that it began, answers with a record."""
    from distributed import get_worker

    worker = get_worker()
    worker.log_event(name, {"what": "started", "key": key, "worker": worker.address})
    return record


def measure_overhead(address: str, course: Path, count: int = 200) -> dict:
    """The cluster's cost per submission, without the grading: a task carrying a real notebook's bytes and
    answering with a real record, (1) one at a time: its round trip; (2) pipelined as `autograder grade` keeps
    them (two per worker thread), each record then saved as a run saves it: the coordinator's rate."""
    import uuid

    from distributed import Client

    from autograder.classgrade.outfolder import write_atomically

    record = json.loads(next((course / "out" / "results").glob("*/*.json")).read_text())
    content = next((course / "submitted").glob("*/*/*.ipynb")).read_bytes()
    with Client(address) as client:
        name = f"bench-{uuid.uuid4().hex[:8]}"
        client.subscribe_topic(name, lambda event: None)
        threads = sum(client.nthreads().values())

        def submit():
            key = f"{name}-{uuid.uuid4().hex}"
            return client.submit(_echo, name, key, record, content, key=key, pure=False)

        submit().result()  # the function reaches every worker once
        start = time.perf_counter()
        for _ in range(count):
            submit().result()
        trip = (time.perf_counter() - start) / count
        from distributed import as_completed

        start = time.perf_counter()
        window = 2 * threads
        futures = as_completed([submit() for _ in range(window)])
        sent, saved = window, 0
        for future in futures:
            answer = future.result()
            write_atomically(course / "echo" / f"{saved}.json", json.dumps(answer, indent=1))
            saved += 1
            future.release()
            if sent < count:
                futures.add(submit())
                sent += 1
        rate = count / (time.perf_counter() - start)
        client.unsubscribe_topic(name)
    return {"round_trip_ms": trip * 1000, "coordinator_per_s": rate}


def mean_grading_seconds(out: Path) -> float:
    """A submission's mean grading time, as its record gives it (what the worker spent on it)."""
    seconds = [json.loads(p.read_text())["seconds"] for p in (out / "results").glob("*/*.json")]
    return sum(seconds) / len(seconds)


def compare(
    course: Path, assignments: list[str], theirs: str = "gradebook.db", ours: str = "ours.db"
) -> tuple[int, int]:
    """How many graded cells the two gradebooks score differently (each printed), and how many there are."""
    from nbgrader.api import Gradebook

    def scores(db: Path) -> dict:
        with Gradebook(f"sqlite:///{db}") as gradebook:
            return {
                (s.id, a, g.name): g.score
                for a in assignments
                for s in gradebook.students
                for n in gradebook.find_submission(a, s.id).notebooks
                for g in n.grades
            }

    theirs, ours = scores(course / theirs), scores(course / ours)
    differing = [key for key in sorted(set(theirs) | set(ours)) if theirs.get(key) != ours.get(key)]
    for key in differing:
        print(f"  differs: {key}: nbgrader {theirs.get(key)}, autograder {ours.get(key)}")
    return len(differing), len(theirs)


if __name__ == "__main__":
    main()
