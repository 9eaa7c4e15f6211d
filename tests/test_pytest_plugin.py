"""Does `pytest --submission PATH` turn every check into its own test item, with the feedback as the failure?"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET

from conftest import PYTHON, ROOT, VARIANTS


def run_pytest(*args, cwd):
    return subprocess.run(
        [PYTHON, "-m", "pytest", "-p", "no:cacheprovider", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
    )


def test_items_are_exercise_check_with_the_feedback(tmp_path):
    """Is each check an item `<exercise>::<check>`, failing with the grader's message?"""
    junit = tmp_path / "report.xml"
    result = run_pytest(
        "--submission", VARIANTS / "lenet" / "bad_softmax.py", "-v", f"--junitxml={junit}", cwd=tmp_path
    )
    assert result.returncode == 1, result.stdout
    out = result.stdout
    for check in ("constructs", "parameter_names", "parameter_shapes"):
        assert f"lenet::{check} PASSED" in out
    assert "lenet::forward FAILED" in out
    assert "Likely cause: the output went through softmax" in out
    # JUnit splits the node id at "::": the exercise ends the class name, the check is the test name.
    cases = {
        (case.get("classname").rsplit(".", 1)[-1], case.get("name")): case
        for case in ET.parse(junit).getroot().iter("testcase")
    }
    assert set(cases) == {
        ("lenet", c) for c in ("constructs", "parameter_names", "parameter_shapes", "forward")
    }
    assert cases[("lenet", "forward")].find("failure") is not None


def test_several_submissions_and_a_notebook_of_a_known_assignment(tmp_path):
    """With two submissions, one a solution notebook, does every item pass and the exit status say so?"""
    result = run_pytest(
        "--submission",
        ROOT / "solutions" / "04_custom_layers" / "04_custom_layers.ipynb",
        "--submission",
        VARIANTS / "flatten" / "good_torch_flatten.py",
        "-q",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout
    # One item per check of the notebook's exercises, and Flatten's for the script.
    from autograder.exercises import ASSIGNMENTS, EXERCISES

    items = sum(len(EXERCISES[i].checks) for i in ASSIGNMENTS["04_custom_layers"]) + len(
        EXERCISES["flatten"].checks
    )
    assert f"{items} passed" in result.stdout


def test_unreadable_submission_is_one_failed_item(tmp_path):
    """Does a broken file give one failing item with the reason, not an internal error?"""
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    result = run_pytest("--submission", broken, "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert "not a valid notebook" in result.stdout
    assert "INTERNALERROR" not in result.stdout + result.stderr


def test_an_unknown_exercise_is_one_usage_line(tmp_path):
    """Does `--exercise LeNet` stop pytest with one line suggesting `lenet`, and no traceback?"""
    from autograder import i18n

    result = run_pytest(
        "--submission",
        VARIANTS / "lenet" / "good_tutorial.py",
        "--exercise",
        "LeNet",
        "--lang",
        "en",
        cwd=tmp_path,
    )
    assert result.returncode == 4, result.stdout + result.stderr
    expected = i18n.text("unknown_exercise_close", "en", exercise="LeNet", match="lenet")
    assert result.stderr.strip().splitlines() == [f"ERROR: {expected}"]
    assert "Traceback" not in result.stdout + result.stderr
