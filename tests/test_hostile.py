"""Can hostile or broken submissions hurt the grader, other students, or the machine? (They must not.)

One class run of `autograder grade`: every file in tests/hostile is a student, next to broken files and
honest students. Each submission must get its expected safe outcome, within its time limit, and no process
of any submission may be left afterwards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import nbformat
import pytest
from conftest import PYTHON, ROOT, VARIANTS, leftover_processes

pytestmark = pytest.mark.slow

ASSIGNMENT = "04_custom_layers"
TIMEOUT = 10
HOSTILE = sorted((ROOT / "tests" / "hostile").glob("*.py"))
IS_ROOT = os.geteuid() == 0


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
        for e, f in (("flatten", "good_reshape.py"), ("mylinear", "good_functional.py"))
    )


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    submitted = root / "submitted"
    for path in HOSTILE:
        if _spec(path).get("needs") == "root" and not IS_ROOT:
            continue
        folder = submitted / path.stem / ASSIGNMENT
        folder.mkdir(parents=True)
        shutil.copy(path, folder / f"{ASSIGNMENT}.py")
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
    )
    assert result.returncode == 0, result.stdout + result.stderr
    records = {r["student"]: r for r in json.loads((out / "results.json").read_text())}
    return records


def _text(record) -> str:
    messages = [c["message"] for e in record["report"]["exercises"] for c in e["checks"]]
    return "\n".join(messages + record["notes"])


def _flatten_passed(record) -> bool:
    return any(e["id"] == "flatten" and e["passed"] for e in record["report"]["exercises"])


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_hostile_submission_gets_its_safe_outcome(graded, path):
    """Does the attack fail safely: the expected score and reason, within the time limit?"""
    spec = _spec(path)
    if spec.get("needs") == "root" and not IS_ROOT:
        pytest.skip("contained only for a grader running as root (process limits per user)")
    record = graded[path.stem]
    print(f"{path.stem}: score {record['report']['score']:g}, {record['seconds']:.1f} s")
    if spec["expect"] == "full marks for flatten":
        assert _flatten_passed(record), _text(record)
    else:
        assert spec["expect"] in _text(record), _text(record)
    if spec["score"] != "any":
        assert record["report"]["score"] == float(spec["score"]), _text(record)
    assert record["seconds"] < TIMEOUT + 20


@pytest.mark.parametrize("student", sorted(BROKEN))
def test_broken_file_is_a_zero_with_one_clear_reason(graded, student):
    """Is a broken file a zero for that submission, with a reason and no traceback from the grader?"""
    record = graded[student]
    assert record["report"]["score"] == 0
    assert BROKEN[student][2] in _text(record), _text(record)
    assert "Traceback" not in _text(record)


def test_missing_notebook_is_a_zero_with_a_reason(graded):
    record = graded["missing_notebook"]
    assert record["report"]["score"] == 0 and "no notebook found" in _text(record)


def test_honest_students_are_graded_in_full(graded):
    """Do honest students in the same class run lose nothing to their hostile classmates?"""
    for student in ("honest_notebook", "honest_script"):
        report = graded[student]["report"]
        assert report["score"] == report["max_score"] == 10, _text(graded[student])


def test_no_process_of_any_submission_is_left(graded):
    """After the run, is every process a submission started gone (children, daemons, orphans)?"""
    assert not leftover_processes()
