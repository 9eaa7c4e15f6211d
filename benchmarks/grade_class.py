"""Class grading, `autograder grade` against `nbgrader autograde`, on the same synthetic class.

    .venv/bin/python benchmarks/grade_class.py --students 5 --workers 2

Builds a temporary nbgrader course from solutions/, and a class of N students who submit, for every
assignment, the worked solution, the untouched exercise, or the exercise with known wrong answers from
tests/variants (chosen deterministically per student). Grades it with `nbgrader autograde` (one kernel per
notebook, serially, as nbgrader does) and with `autograder grade --workers W`, checks that every graded
cell gets the same score from both, and prints wall time, notebooks per second, peak memory (PSS of the
whole process tree, sampled every 0.2 s) and the speed ratio.
"""

from __future__ import annotations

import argparse
import json
import os
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


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Runs `cmd`; returns (wall seconds, peak PSS of its process tree in MiB)."""
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", "")}
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not done.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_full_info().pss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            peak = max(peak, total / 2**20)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    return time.monotonic() - start, peak


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

        ours_s, ours_mb = run_measured(
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
        theirs_s, theirs_mb = 0.0, 0.0
        for assignment in assignments:
            seconds, mb = run_measured(
                [sys.executable, "-m", "nbgrader", "autograde", assignment, "--create"], course
            )
            theirs_s += seconds
            theirs_mb = max(theirs_mb, mb)

        differing, cells = compare(course, assignments)
        agree = differing == 0
        print(
            f"scores: agree on all {cells} graded cells"
            if agree
            else f"scores: DISAGREE on {differing} of {cells} graded cells"
        )
        rows = [
            ("nbgrader autograde", theirs_s, notebooks / theirs_s, theirs_mb),
            (f"autograder grade --workers {args.workers}", ours_s, notebooks / ours_s, ours_mb),
        ]
        print(f"{'':34} {'wall s':>8} {'notebooks/s':>12} {'peak MiB':>9}")
        for name, seconds, rate, mb in rows:
            print(f"{name:34} {seconds:8.1f} {rate:12.2f} {mb:9.0f}")
        print(f"ratio (nbgrader time / autograder time): {theirs_s / ours_s:.1f}x")
        summary = {"notebooks": notebooks, "nbgrader_s": theirs_s, "autograder_s": ours_s, "agree": agree}
        print(json.dumps(summary))
        if not agree:
            raise SystemExit(1)


def compare(course: Path, assignments: list[str]) -> tuple[int, int]:
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

    theirs, ours = scores(course / "gradebook.db"), scores(course / "ours.db")
    differing = [key for key in sorted(set(theirs) | set(ours)) if theirs.get(key) != ours.get(key)]
    for key in differing:
        print(f"  differs: {key}: nbgrader {theirs.get(key)}, autograder {ours.get(key)}")
    return len(differing), len(theirs)


if __name__ == "__main__":
    main()
