"""Does the instructor's nbgrader workflow give the right partial credit, the same as `autograder check`?

Real nbgrader (its CLI and its SQLite gradebook) in a temporary course directory: generate, collect three
students' submissions, autograde, feedback, export.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess

import nbformat
import pytest
from conftest import PYTHON, ROOT, VARIANTS
from nbgrader.api import Gradebook

from autograder.exercises import ASSIGNMENTS as CATALOG
from autograder.exercises import EXERCISES

pytestmark = pytest.mark.slow

# Every assignment, in the order of the course.
ASSIGNMENTS = list(CATALOG)

NOISY_MYLINEAR = """
import sys
import warnings

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        print("building MyLinear", file=sys.stderr)
        self.weight = nn.Parameter(torch.randn(out_features, in_features))
        self.bias = nn.Parameter(torch.zeros(out_features))

    def forward(self, x):
        warnings.warn("MyLinear.forward: a warning must not cost points")
        print("forward", file=sys.stderr)
        return torch.nn.functional.linear(x, self.weight, self.bias)
"""

# What each student submits for each solution cell (None: the cell as released, i.e. untouched).
# carol submits 01_modules and 04_custom_layers only.
STUDENTS = {
    "alice": "solution",
    "bob": "untouched",
    "carol": {
        "lenet": (VARIANTS / "lenet" / "bad_softmax.py").read_text(),
        "flatten": (VARIANTS / "flatten" / "bad_squeeze.py").read_text(),
        "mylinear": NOISY_MYLINEAR,
    },
}

SUBMITS = {"alice": ASSIGNMENTS, "bob": ASSIGNMENTS, "carol": ["01_modules", "04_custom_layers"]}
CELLS = {s: [f"{i}_checks" for a in SUBMITS[s] for i in CATALOG[a]] for s in SUBMITS}

# The gradebook scores each student must get, per graded cell: one point per passing check.
EXPECTED = {
    "alice": {cell: len(EXERCISES[cell.removesuffix("_checks")].checks) for cell in CELLS["alice"]},
    "bob": dict.fromkeys(CELLS["bob"], 0),
    # softmax fails forward only; squeeze fails forward only; the noisy MyLinear is right: warnings cost nothing;
    # RunningNorm is left as released.
    "carol": {"lenet_checks": 3, "flatten_checks": 2, "mylinear_checks": 7, "running_norm_checks": 0},
}


# The instructor's secret, for nbgrader's grade() cells and `autograder grade` alike: both on the same hidden
# probes. (`autograder check` below uses the public ones: these students score the same on either.)
GRADING_ENV = {**os.environ, "AUTOGRADER_SECRET": "a secret the instructor keeps for this course run"}


def nbgrader(course, *args):
    result = subprocess.run(
        [PYTHON, "-m", "nbgrader", *args],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=900,
        env=GRADING_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def submission(course, student: str, assignment: str):
    plan = STUDENTS[student]
    if plan == "solution":
        return nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    nb = nbformat.read(course / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
    if plan != "untouched":
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            exercise = grade_id.removesuffix("_solution")
            if grade_id.endswith("_solution") and exercise in plan:
                cell.source = plan[exercise]
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "solutions", course / "solutions")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    for assignment in ASSIGNMENTS:
        nbgrader(course, "db", "assignment", "add", assignment)
        nbgrader(course, "generate_assignment", assignment, "--force")
        for student in (s for s in STUDENTS if assignment in SUBMITS[s]):
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(submission(course, student, assignment), folder / f"{assignment}.ipynb")
    # The gradebook as `autograder grade` will find it: assignments known, nothing graded yet.
    shutil.copy(course / "gradebook.db", course / "gradebook_autograder.db")
    for assignment in ASSIGNMENTS:
        nbgrader(course, "autograde", assignment, "--create")
    return course


def _cell_scores(db: str) -> dict:
    with Gradebook(db) as gradebook:
        return {
            (student, assignment, grade.name): grade.score
            for student in STUDENTS
            for assignment in SUBMITS[student]
            for notebook in gradebook.find_submission(assignment, student).notebooks
            for grade in notebook.grades
        }


def test_gradebook_has_partial_credit_per_check(course):
    """Does each student's graded cell score exactly the number of checks that pass?"""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, expected in EXPECTED.items():
            scores = {}
            for assignment in SUBMITS[student]:
                for notebook in gradebook.find_submission(assignment, student).notebooks:
                    scores.update({g.name: g.score for g in notebook.grades})
            assert scores == expected, student


def test_check_cli_gives_the_same_points_as_nbgrader(course):
    """Does `python -m autograder check` on the same submissions give the same points per exercise?"""
    for student, expected in EXPECTED.items():
        for assignment in SUBMITS[student]:
            path = course / "submitted" / student / assignment / f"{assignment}.ipynb"
            result = subprocess.run(
                [PYTHON, "-m", "autograder", "check", str(path), "--format", "json"],
                capture_output=True,
                text=True,
                timeout=600,
            )
            report = json.loads(result.stdout)
            for exercise in report["exercises"]:
                assert exercise["score"] == expected[f"{exercise['id']}_checks"], (student, exercise)


def test_class_grading_gives_nbgraders_scores_and_fills_its_gradebook(course, tmp_path):
    """Does `autograder grade` give every cell the score nbgrader autograde gave, and write it to a gradebook?"""
    ours = f"sqlite:///{course / 'gradebook_autograder.db'}"
    result = subprocess.run(
        [
            PYTHON,
            "-m",
            "autograder",
            "grade",
            str(course / "submitted"),
            "--out",
            str(tmp_path / "out"),
            "--gradebook",
            ours,
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        env=GRADING_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    theirs = _cell_scores(f"sqlite:///{course / 'gradebook.db'}")
    assert len(theirs) == sum(len(cells) for cells in CELLS.values())  # every graded cell of every student
    assert _cell_scores(ours) == theirs
    totals = (tmp_path / "out" / "totals.csv").read_text().splitlines()
    assert totals[0] == f"student,{','.join(ASSIGNMENTS)},total,max,status"
    carol = ["3" if a == "01_modules" else "9" if a == "04_custom_layers" else "0" for a in ASSIGNMENTS]
    top = sum(EXPECTED["alice"].values())
    assert f"carol,{','.join(carol)},12,{top},graded" in totals


def test_feedback_and_export(course):
    """Do students get feedback pages with the report, and does the grade export list every student?"""
    for assignment in ASSIGNMENTS:
        nbgrader(course, "generate_feedback", assignment)
    page = (course / "feedback" / "carol" / "01_modules" / "01_modules.html").read_text()
    assert "Score: 3.0 / 4.0" in page
    assert "Likely cause: the output went through softmax" in page
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    with open(course / "grades.csv") as f:
        rows = list(csv.DictReader(f))
    totals = {(r["student_id"], r["assignment"]): float(r["score"]) for r in rows}
    assert totals[("carol", "04_custom_layers")] == 9
    assert totals[("bob", "01_modules")] == 0
    assert totals[("alice", "04_custom_layers")] == sum(
        EXPECTED["alice"][f"{i}_checks"] for i in CATALOG["04_custom_layers"]
    )
    assert totals[("alice", "06_resnet")] == sum(
        EXPECTED["alice"][f"{i}_checks"] for i in CATALOG["06_resnet"]
    )
