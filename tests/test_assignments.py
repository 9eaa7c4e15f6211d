"""Are the exercise notebooks generated from one source, and do solutions score full marks and stubs zero?"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient
from nbgrader.utils import determine_grade, is_grade

from autograder.answers import sync as assignments
from autograder.exercises import ASSIGNMENTS, EXERCISES

SOLUTIONS = assignments.solution_notebooks()
RELEASED = sorted((ROOT / "exercises").glob("*/*.ipynb"))


def _graded_cells(nb):
    return [c for c in nb.cells if is_grade(c)]


def test_one_notebook_per_assignment():
    """Is there a solution and an exercise notebook for every assignment, named after it?"""
    assert [p.parent.name for p in SOLUTIONS] == sorted(ASSIGNMENTS)
    assert [p.relative_to(ROOT / "exercises").as_posix() for p in RELEASED] == [
        f"{a}/{a}.ipynb" for a in sorted(ASSIGNMENTS)
    ]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_solution_code_is_the_reference(path):
    """Is each solution cell exactly the reference solution's source (one copy of the code)?"""
    nb = nbformat.read(path, as_version=4)
    assert not assignments.synced(nb), f"{path.name} is stale: run `make exercises`"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_every_exercise_has_one_graded_cell_worth_its_checks(path):
    """Does each exercise of the assignment have one graded cell, `grade("<id>")`, worth one point per check?"""
    nb = nbformat.read(path, as_version=4)
    cells = _graded_cells(nb)
    ids = ASSIGNMENTS[path.parent.name]
    assert [c.metadata.nbgrader.grade_id for c in cells] == [f"{i}_checks" for i in ids]
    for cell, exercise_id in zip(cells, ids, strict=True):
        # The last expression is always a number: a bool or a tensor there would give nbgrader's full credit.
        assert cell.source == f'grade("{exercise_id}")'
        assert cell.metadata.nbgrader.points == len(EXERCISES[exercise_id].checks)
        assert cell.metadata.nbgrader.locked


@pytest.mark.slow
def test_exercises_are_what_nbgrader_generates_from_the_solutions(tmp_path):
    """Are the committed exercises exactly a fresh `nbgrader generate_assignment` of the solutions?"""
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    assignments.generate(tmp_path)
    for path in RELEASED:
        fresh = nbformat.read(tmp_path / path.relative_to(ROOT), as_version=4)
        committed = nbformat.read(path, as_version=4)
        assert fresh == committed, f"{path.relative_to(ROOT)} is stale: run `make exercises`"


def _execute(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    return nb


@pytest.mark.slow
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_solution_notebook_scores_full_marks(path, tmp_path):
    """Run as nbgrader would, does every graded cell of the worked solution score all its points?"""
    nb = _execute(path, tmp_path)
    for cell in nb.cells:
        assert not [o for o in cell.get("outputs", []) if o.output_type == "error"], cell.source
    for cell in _graded_cells(nb):
        score, points = determine_grade(cell)
        assert score == points, f"{cell.metadata.nbgrader.grade_id}: {score}/{points}\n{cell.outputs}"


@pytest.mark.slow
@pytest.mark.parametrize("path", RELEASED, ids=lambda p: p.parent.name)
def test_untouched_exercise_scores_zero_and_says_not_implemented(path, tmp_path):
    """Does the exercise as shipped score zero everywhere, with a 'not implemented yet' report, not a crash?"""
    nb = _execute(path, tmp_path)
    for cell in _graded_cells(nb):
        score, points = determine_grade(cell)
        assert score == 0, f"{cell.metadata.nbgrader.grade_id}: {score}/{points}"
        # The report is the HTML of grade()'s value (its text is the score nbgrader reads).
        text = "".join(o.get("text", "") + o.get("data", {}).get("text/html", "") for o in cell.outputs)
        assert "not implemented yet" in text, text
        assert not [o for o in cell.outputs if o.output_type == "error"]
