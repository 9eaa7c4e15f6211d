"""A small class to grade under other users and restrictions, and a student who reports what the jail shows.

`put_class(folder)` writes nbgrader's layout with three students of 01_modules: an honest one (the worked
solution), one who handed in the untouched exercise, and a hostile-ish one (`PROBE`, then an honest LeNet)
who looks around: its process, the network, /home, another student's notebook, the grader's own files. What
the probe saw comes back as the report's `printed` note (`seen(report)`), as the student would see it.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "01_modules"
HONEST = ROOT / "tests" / "variants" / "lenet" / "good_tutorial.py"
WRONG = ROOT / "tests" / "variants" / "lenet" / "bad_softmax.py"
MARK = "JAIL-PROBE "

# Looks, never harms; `{paths}` are the places it must not see (another student's work, the grader's files).
PROBE = r"""
import json, os, socket
seen = {"pid": os.getpid(), "uid": os.getuid()}
seen["processes"] = sum(name.isdigit() for name in os.listdir("/proc"))
try:
    with open("/proc/net/dev") as f:
        seen["interfaces"] = sorted(line.split(":")[0].strip() for line in f.readlines()[2:])
except OSError:
    seen["interfaces"] = None
try:
    socket.create_connection(("127.0.0.1", 22), timeout=1).close()
    seen["network"] = "connected"
except OSError as exc:
    seen["network"] = exc.errno
seen["home"] = sorted(os.listdir("/home")) if os.path.isdir("/home") else []
seen["visible"] = [p for p in PATHS if os.path.exists(p)]
print(MARK + json.dumps(seen))
"""


def probe_source(paths: list[str]) -> str:
    return f"PATHS = {paths!r}\nMARK = {MARK!r}\n" + PROBE + HONEST.read_text()


def put_class(folder: Path, grader_files: list[str] = ()) -> Path:
    """nbgrader's submitted/ layout in `folder`, readable by every user; returns the submitted folder."""
    submitted = folder / "submitted"
    for student, source in (
        ("a_honest", ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
        ("b_untouched", ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
    ):
        (submitted / student / ASSIGNMENT).mkdir(parents=True)
        shutil.copy(source, submitted / student / ASSIGNMENT / source.name)
    hostile = submitted / "c_hostile" / ASSIGNMENT
    hostile.mkdir(parents=True)
    other = str(submitted / "a_honest" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    # The checkout itself may show (the package the child runs is bound in it), never what else it holds.
    paths = [other, str(folder), str(ROOT / "solutions"), str(ROOT / "tests"), str(ROOT / "pyproject.toml")]
    paths += grader_files
    (hostile / f"{ASSIGNMENT}.py").write_text(probe_source(paths))
    readable(folder)
    return submitted


def readable(folder: Path) -> None:
    """Every folder and file under `folder` (and `folder` itself) readable by every user."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def totals(out: Path) -> dict[str, dict]:
    with open(out / "totals.csv") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def record(out: Path, student: str) -> dict:
    return json.loads((out / "results" / student / f"{ASSIGNMENT}.json").read_text())


def checks(report: dict) -> dict:
    """Each exercise's checks as {exercise: [(check, passed, finding codes)]}: what two graders must agree on."""
    return {
        e["id"]: [(c["name"], c["passed"], [f["code"] for f in c["findings"]]) for c in e["checks"]]
        for e in report["exercises"]
    }


def sandbox_note(report: dict) -> dict:
    """The data of the report's `sandbox_missing` note: {"missing": [...], "why": {...}}; {} when none."""
    notes = [n["data"] for n in report["note_findings"] if n["code"] == "sandbox_missing"]
    return notes[0] if notes else {"missing": [], "why": {}}


def seen(report: dict) -> dict:
    """What the probe printed, from the report's `printed` note."""
    for note in report["note_findings"]:
        if note["code"] in ("printed", "printed_cut"):
            for line in note["data"]["output"].splitlines():
                if line.startswith(MARK):
                    return json.loads(line[len(MARK) :])
    raise AssertionError(f"the probe's line is not in the report's notes: {report['note_findings']}")


def user_writable(path: Path, uid: int, gid: int) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, uid, gid)
    return path
