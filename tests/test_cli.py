"""Does `python -m autograder check` keep its contract: formats, exit codes, notebooks, bad input?"""

from __future__ import annotations

import json
import subprocess

import nbformat
import pytest
from conftest import PYTHON, ROOT, VARIANTS, leftover_processes

GOOD_LENET = VARIANTS / "lenet" / "good_tutorial.py"
BAD_LENET = VARIANTS / "lenet" / "bad_softmax.py"


def check(*args, timeout=300):
    return subprocess.run(
        [PYTHON, "-m", "autograder", "check", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def notebook(path, *cells, assignment=None, test_cells=()):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    for source in test_cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
        nb.cells.append(cell)
    if assignment:
        nb.metadata["autograder"] = {"assignment": assignment}
    nbformat.write(nb, str(path))
    return path


def test_json_is_one_document_with_the_contract_keys():
    """Does --format json print exactly one JSON document, with exactly the documented fields?"""
    result = check(BAD_LENET, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert set(report) == {
        "submission",
        "status",
        "fault",
        "score",
        "max_score",
        "lang",
        "notes",
        "note_findings",
        "fault_finding",
        "exercises",
    }
    (exercise,) = report["exercises"]
    assert set(exercise) == {"id", "title", "score", "max_score", "passed", "checks"}
    assert exercise["id"] == "lenet" and exercise["passed"] is False
    assert exercise["score"] == sum(c["passed"] for c in exercise["checks"]) < exercise["max_score"]
    for item in exercise["checks"]:
        assert set(item) == {"name", "passed", "message", "findings"}
        assert all(set(f) == {"code", "check", "subject", "data"} for f in item["findings"])


def test_student_prints_stay_out_of_the_json(tmp_path):
    """Can a student's print() corrupt the JSON on stdout? It must not."""
    source = GOOD_LENET.read_text() + '\nprint("{not json")\nimport sys\nprint("noise", file=sys.stderr)\n'
    path = tmp_path / "noisy.py"
    path.write_text(source)
    result = check(path, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["score"] == json.loads(result.stdout)["max_score"]


def test_exit_status_zero_when_everything_passes():
    """Is the exit status 0 when every selected exercise passes, with a readable text report?"""
    result = check(GOOD_LENET)
    assert result.returncode == 0, result.stdout
    assert "LeNet (lenet): 4/4" in result.stdout


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("broken.ipynb", "{not json", "not a valid notebook"),
        ("latin1.py", "x = 'caf\xe9'".encode("latin-1"), "not UTF-8"),
        ("empty.ipynb", "", "the file is empty"),
        ("notes.txt", "hello", "expected a .py or .ipynb"),
    ],
)
def test_unreadable_submission_is_a_usage_error(tmp_path, name, content, reason):
    """Does an unreadable file give exit status 2 and one clear line on stderr, never a traceback?"""
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = check(path)
    assert result.returncode == 2
    assert reason in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unreadable_submission_reads_in_chinese(tmp_path):
    """Is the reason an unreadable file gets worded from the catalogue, in Chinese with --lang zh-CN?"""
    from autograder import i18n
    from autograder.submission import SubmissionError, load

    path = tmp_path / "empty.ipynb"
    path.write_text("")
    result = check(path, "--lang", "zh-CN")
    assert result.returncode == 2
    with pytest.raises(SubmissionError) as raised:
        load(str(path))
    assert raised.value.key == "file_empty"
    assert i18n.text("file_empty", "zh-CN") in result.stderr and "the file is empty" not in result.stderr


def test_missing_file_and_unknown_exercise_are_usage_errors(tmp_path):
    """Are a missing file and an unknown --exercise usage errors (status 2)?"""
    assert check(tmp_path / "nope.py").returncode == 2
    unknown = check(GOOD_LENET, "--exercise", "lenett")
    assert unknown.returncode == 2 and "unknown exercise" in unknown.stderr


def test_notebook_cells_run_in_order_and_a_failing_cell_does_not_stop_the_rest(tmp_path):
    """Does an unfinished cell (raising) leave the other cells, magics included, to be graded?"""
    path = notebook(
        tmp_path / "work.ipynb",
        "%matplotlib inline\nimport torch",
        "raise NotImplementedError('flatten: not done yet')",
        GOOD_LENET.read_text(),
        test_cells=["assert False, 'test cells are the grader s, not the student s'"],
    )
    result = check(path, "--format", "json")
    report = json.loads(result.stdout)
    assert [e["id"] for e in report["exercises"]] == ["lenet"]
    assert report["score"] == report["max_score"]


def test_known_assignment_grades_every_exercise_and_names_the_missing_one(tmp_path):
    """In a notebook of a known assignment, is a missing class zero with 'not defined' and the close match?"""
    source = GOOD_LENET.read_text().replace("class LeNet", "class Lenet")
    path = notebook(tmp_path / "01_modules.ipynb", source, assignment="01_modules")
    report = json.loads(check(path, "--format", "json").stdout)
    (exercise,) = report["exercises"]
    assert exercise["score"] == 0
    assert "`LeNet` is not defined" in exercise["checks"][0]["message"]
    assert "`Lenet`" in exercise["checks"][0]["message"]


def test_exercise_option_selects(tmp_path):
    """Does --exercise grade only what it names, even names the file does not define?"""
    report = json.loads(check(GOOD_LENET, "--exercise", "flatten", "--format", "json").stdout)
    assert [e["id"] for e in report["exercises"]] == ["flatten"]
    assert (
        report["score"] == 0 and "`Flatten` is not defined" in report["exercises"][0]["checks"][0]["message"]
    )


def test_grading_is_deterministic():
    """Same submission, same report, byte for byte?"""
    first, second = check(BAD_LENET, "--format", "json"), check(BAD_LENET, "--format", "json")
    assert first.stdout == second.stdout


def test_time_limit_is_a_failed_check_not_a_hang(tmp_path):
    """Does code that never finishes get a 'time limit' failure within about the limit?"""
    path = tmp_path / "slow.py"
    path.write_text(GOOD_LENET.read_text().replace("return self.fc3(x)", "while True:\n            pass"))
    result = check(path, "--timeout", "20", "--format", "json")
    report = json.loads(result.stdout)
    messages = [c["message"] for c in report["exercises"][0]["checks"]]
    assert any("time limit" in m for m in messages), messages
    assert result.returncode == 1


def test_check_leaves_no_process_behind_and_enforces_memory(tmp_path):
    """Through `check` too: is a daemon that left the session killed, and a memory bomb a 'memory limit'?"""
    hostile = ROOT / "tests" / "hostile"
    daemon = check(hostile / "setsid_daemon.py", "--exercise", "flatten", "--format", "json")
    assert json.loads(daemon.stdout)["score"] == 3
    bomb = check(
        hostile / "memory_list.py", "--exercise", "flatten", "--memory-mb", "512", "--format", "json"
    )
    assert "memory limit" in bomb.stdout
    assert not leftover_processes()


def test_each_exercise_is_graded_where_its_graded_cell_stands(tmp_path):
    """As in nbgrader, does a graded cell see the definitions before it, not a redefinition after it?"""
    nb = nbformat.v4.new_notebook()
    graded = nbformat.v4.new_code_cell('grade("lenet")')
    graded.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "lenet_checks", "points": 4}
    nb.cells = [
        nbformat.v4.new_code_cell(BAD_LENET.read_text()),
        graded,
        nbformat.v4.new_code_cell(GOOD_LENET.read_text()),
    ]
    nbformat.write(nb, str(tmp_path / "01_modules.ipynb"))
    report = json.loads(check(tmp_path / "01_modules.ipynb", "--format", "json").stdout)
    assert report["exercises"][0]["score"] == 3  # the softmax LeNet, as nbgrader's cell would see it


def test_a_class_redefined_after_a_graded_cell_does_not_change_that_grade(tmp_path):
    """As in nbgrader, is an exercise run at its graded cell, so that a part it builds from (`DoubleConv`,
    looked up when `Up` is constructed) redefined by a later cell does not change its grade?"""
    up = (ROOT / "autograder" / "answers" / "unet.py").read_text()
    graded = nbformat.v4.new_code_cell('grade("up")')
    graded.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "up_checks", "points": 6}
    broken = "class DoubleConv(nn.Module):\n    def __init__(self, *args, **kwargs):\n        raise ValueError('later')\n"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(up), graded, nbformat.v4.new_code_cell(broken)]
    nbformat.write(nb, str(tmp_path / "07_unet.ipynb"))
    report = json.loads(check(tmp_path / "07_unet.ipynb", "--exercise", "up", "--format", "json").stdout)
    assert report["exercises"][0]["score"] == report["exercises"][0]["max_score"], report


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_an_unknown_exercise_suggests_the_close_one_in_one_line(lang):
    """Does `--exercise LeNet` exit 2 with one catalogue line naming `lenet`, in the asked language, no traceback?"""
    from autograder import i18n

    result = check(GOOD_LENET, "--exercise", "LeNet", "--lang", lang)
    assert result.returncode == 2
    message = i18n.text("unknown_exercise_close", lang, exercise="LeNet", match="lenet")
    assert result.stderr.strip() == i18n.text("usage_error", lang, message=message)


def test_a_left_out_package_is_explained_once(tmp_path):
    """Does `import torchvision` give one `package_left_out` finding, not the same error under every check?"""
    path = tmp_path / "vision.py"
    path.write_text("import torchvision\nfrom torch import nn\n\nclass LeNet(torchvision.Thing):\n    pass\n")
    result = check(path, "--exercise", "lenet", "--format", "json")
    assert result.returncode == 1, result.stderr
    checks = json.loads(result.stdout)["exercises"][0]["checks"]
    codes = [[f["code"] for f in c["findings"]] for c in checks]
    assert codes[0] == ["not_defined", "package_left_out"]
    place = {"kind": "script", "file": "vision.py"}
    assert checks[0]["findings"][1]["subject"] == {"cell": place, "package": "torchvision"}
    assert all(c == ["not_checked_see"] for c in codes[1:])
    assert [f["subject"] for c in checks[1:] for f in c["findings"]] == [{"see": checks[0]["name"]}] * 3


def test_json_has_titles_notes_and_findings_and_reads_back_unchanged():
    """Does `--format json` carry each exercise's title, the notes and every finding, and read back as the same
    report?"""
    from autograder.report import Report

    result = check(BAD_LENET, "--format", "json")
    data = json.loads(result.stdout)
    assert data["exercises"][0]["title"] == "LeNet" and "notes" in data
    forward = next(c for c in data["exercises"][0]["checks"] if c["name"] == "forward")
    assert [f["code"] for f in forward["findings"]] == ["forward_mismatch", "known_mistake"]
    assert set(forward["findings"][0]) == {"code", "check", "subject", "data"}
    back = Report.from_dict(data)
    assert back.to_dict() == data
