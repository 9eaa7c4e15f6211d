"""Does `autograder grade` write the same totals.csv, checks.csv and summary.json for a fixed class?

A small class with one of each case: full marks, an untouched notebook, known wrong answers, an extra copy of
a notebook, a notebook of another assignment in the wrong folder, a broken file, an assignment not submitted,
a hidden folder, and a student folder named like a spreadsheet formula. The golden files are in
tests/golden/classgrade/; after an intended change, regenerate them with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_classgrade_golden.py` and review the diff.
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

from autograder.exercises import ASSIGNMENTS, EXERCISES

pytestmark = pytest.mark.slow

GOLDEN = ROOT / "tests" / "golden" / "classgrade"
FORMULA = '=HYPERLINK("example.com","click")'


def _notebook(kind: str, assignment: str, wrong: dict | None = None) -> str:
    folder = "solutions" if kind == "solution" else "exercises"
    nb = nbformat.read(ROOT / folder / assignment / f"{assignment}.ipynb", as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if wrong and grade_id.removesuffix("_solution") in wrong and grade_id.endswith("_solution"):
            cell.source = (
                VARIANTS / grade_id.removesuffix("_solution") / wrong[grade_id.removesuffix("_solution")]
            ).read_text()
    return nbformat.writes(nb)


def build_class(submitted) -> None:
    files = {
        "alice/01_modules/01_modules.ipynb": _notebook("solution", "01_modules"),
        "alice/01_modules/01_modules-Copy1.ipynb": _notebook("solution", "01_modules"),
        "alice/04_custom_layers/04_custom_layers.ipynb": _notebook("solution", "04_custom_layers"),
        "bob/01_modules/01_modules.ipynb": _notebook("exercise", "01_modules"),
        "bob/04_custom_layers/04_custom_layers.ipynb": "{not json",
        "carol/01_modules/01_modules.ipynb": _notebook("exercise", "01_modules", {"lenet": "bad_softmax.py"}),
        "carol/04_custom_layers/04_custom_layers.ipynb": _notebook(
            "exercise", "04_custom_layers", {"flatten": "bad_squeeze.py", "mylinear": "good_functional.py"}
        ),
        "dan/01_modules/01_modules.ipynb": _notebook("solution", "04_custom_layers"),  # the wrong assignment
        f"{FORMULA}/01_modules/01_modules.ipynb": _notebook("solution", "01_modules"),
        ".ipynb_checkpoints/01_modules/01_modules.ipynb": _notebook("solution", "01_modules"),
    }
    for name, text in files.items():
        path = submitted / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("golden")
    build_class(root / "submitted")
    result = subprocess.run(
        [
            PYTHON,
            "-m",
            "autograder",
            "grade",
            "submitted",
            "--out",
            "out",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result


def _normalised(root, name: str) -> str:
    text = (root / "out" / name).read_text()
    return text.replace(str(root), "<root>")


@pytest.mark.parametrize("name", ["totals.csv", "checks.csv", "summary.json"])
def test_output_matches_its_golden_file(graded, name):
    """Is the output exactly the reviewed golden file (no timings, no absolute paths)?"""
    root, _ = graded
    text = _normalised(root, name)
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text)
    assert text == golden.read_text()


def test_no_column_exceeds_its_maximum(graded):
    """Is every score within the catalog's maximum, the same maximum for every student?"""
    root, _ = graded
    with open(root / "out" / "totals.csv") as f:
        rows = list(csv.DictReader(f))
    summary = json.loads((root / "out" / "summary.json").read_text())
    maxima = {a: s["max"] for a, s in summary["scores"].items()}
    # The catalog's maxima: one point per check of each exercise of the assignment.
    assert maxima == {a: sum(len(EXERCISES[i].checks) for i in ASSIGNMENTS[a]) for a in maxima}
    assert set(maxima) == {"01_modules", "04_custom_layers"}
    for row in rows:
        for assignment, top in maxima.items():
            assert row[assignment] == "" or float(row[assignment]) <= top, row
        assert float(row["max"]) == sum(maxima.values())


def test_formula_in_a_folder_name_is_text_in_the_csvs(graded):
    """Does a student folder named like a formula reach the CSVs as text a spreadsheet will not evaluate?"""
    root, _ = graded
    for name in ("totals.csv", "checks.csv"):
        with open(root / "out" / name) as f:
            cells = [cell for row in csv.reader(f) for cell in row]
        assert "'" + FORMULA in cells
        assert not any(cell[:1] in "=+-@" and cell[:1] for cell in cells), name


def test_printed_summary_names_failures_notes_skips_and_outputs(graded):
    """Does the end of the run say what failed and why, what was not graded, what was skipped, and where?"""
    root, result = graded
    out = result.stdout
    assert "Graded 8 submissions of 5 students" in out
    assert "bob/04_custom_layers: " in out and "not a valid notebook" in out
    assert "dan/04_custom_layers" in out  # not submitted
    assert "01_modules-Copy1.ipynb" in out
    assert "says it is 04_custom_layers" in out
    assert ".ipynb_checkpoints: hidden" in out
    assert "Outputs in out/:" in out
    assert "Traceback" not in result.stderr


def test_rerun_grades_nothing_and_says_so(graded, tmp_path):
    """Does a re-run on an unchanged class skip everything, report it as unchanged, and keep the same outputs?"""
    root, _ = graded
    copy = tmp_path / "copy"
    shutil.copytree(root / "submitted", copy / "submitted")
    shutil.copytree(root / "out", copy / "out")
    before = (copy / "out" / "totals.csv").read_text()
    result = subprocess.run(
        [PYTHON, "-m", "autograder", "grade", "submitted", "--out", "out", "--quiet"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Graded 0 submissions of 5 students" in result.stdout
    assert "8 unchanged since the last run" in result.stdout
    assert (copy / "out" / "totals.csv").read_text() == before
    counts = json.loads((copy / "out" / "summary.json").read_text())["counts"]
    assert counts["graded"] == 0 and counts["unchanged"] == 8
