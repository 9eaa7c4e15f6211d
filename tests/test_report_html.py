"""Does the HTML report (notebook and feedback pages) say what the text report says, readably and offline?

Golden files in tests/golden/report_html/ hold the HTML of a few fixed reports; after a deliberate change to the
renderer, regenerate them with `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_html.py` and read
the diff.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import pytest
from conftest import ROOT

from autograder.findings import Finding, finding
from autograder.frontends import notebook
from autograder.render_html import report_html
from autograder.report import CheckResult, ExerciseResult, Report

GOLDEN = ROOT / "tests" / "golden" / "report_html"


def _check(name: str, passed: bool, *findings: Finding) -> CheckResult:
    return CheckResult(name, passed, [f.with_check(name) for f in findings])


PASSING_LENET_CHECKS = [
    _check("constructs", True, finding("builds", configs=["LeNet()", "LeNet(in_channels=1, num_classes=5)"])),
    _check(
        "parameter_names",
        True,
        finding("parameters_named", {"config": "LeNet(in_channels=1, num_classes=5)"}, count=10),
    ),
    _check("parameter_shapes", True, finding("shapes_match")),
]

LENET_PASSES = ExerciseResult(
    "lenet",
    "LeNet",
    PASSING_LENET_CHECKS
    + [
        _check(
            "forward",
            True,
            finding("forward_matches", {"mode": "eval"}, count=3, batch_sizes=[1, 2, 5]),
        )
    ],
)

TRACE_FOUND = [
    ["conv1", [2, 6, 28, 28]],
    ["relu()", [2, 6, 28, 28]],
    ["pool", [2, 6, 14, 14]],
    ["conv2", [2, 16, 10, 10]],
    ["relu()", [2, 16, 10, 10]],
    ["flatten()", [2, 1600]],
]
TRACE_EXPECTED = [
    ["conv1", [2, 6, 28, 28]],
    ["relu()", [2, 6, 28, 28]],
    ["max_pool2d()", [2, 6, 14, 14]],
    ["conv2", [2, 16, 10, 10]],
    ["relu()", [2, 16, 10, 10]],
    ["max_pool2d()", [2, 16, 5, 5]],
    ["flatten()", [2, 400]],
    ["fc1", [2, 120]],
    ["relu()", [2, 120]],
    ["fc2", [2, 84]],
    ["relu()", [2, 84]],
    ["fc3", [2, 10]],
]
CRASH = {
    "type": "RuntimeError",
    "message": "mat1 and mat2 shapes cannot be multiplied (2x1600 and 400x120)",
    "frames": [
        {
            "function": "forward",
            "file": {"kind": "kernel_cell", "number": 4},
            "line": 20,
            "code": "x = torch.relu(self.fc1(x.flatten(1)))",
        }
    ],
    "cause": None,
}

LENET_FORGOT_POOL = ExerciseResult(
    "lenet",
    "LeNet",
    PASSING_LENET_CHECKS
    + [
        _check(
            "forward",
            False,
            finding(
                "forward_mismatch",
                {"config": "LeNet()", "mode": "eval", "input": [[2, 3, 32, 32]]},
                problem=finding("forward_error", error=CRASH),
            ),
            finding(
                "missing_pool",
                {"layer": "conv2"},
                found=[2, 16, 10, 10],
                expected=[2, 16, 5, 5],
                kernel=[2, 2],
                pool="max_pool",
            ),
            finding("shape_trace", found=TRACE_FOUND, expected=TRACE_EXPECTED),
        ),
    ],
)

UNET_NAMES = ExerciseResult(
    "unet",
    "UNet",
    [
        _check(
            "parameter_names",
            False,
            finding("bias_unexpected", {"parameter": "inc.double_conv.0.bias", "layer": "inc.double_conv.0"}),
            finding(
                "shape_mismatch_dims",
                {"parameter": "up4.conv.double_conv.4.weight", "layer": "Conv2d"},
                expected=[64, 64, 3, 3],
                found=[64, 128, 3, 3],
                dims=[["in_channels", 64, 128]],
            ),
        ),
    ],
)

FAULT = finding("fault_jail", detail="unshare failed with EPERM")

REPORTS = {
    "passing": Report("lenet.ipynb", [LENET_PASSES]),
    "failing_with_trace": Report("lenet.ipynb", [LENET_FORGOT_POOL]),
    "grader_fault": Report(
        "lenet.ipynb",
        [
            ExerciseResult(
                "lenet",
                "LeNet",
                [_check(c.name, False, finding("not_graded", reason=FAULT)) for c in LENET_PASSES.checks],
            )
        ],
        fault=FAULT,
    ),
    "with_notes": Report(
        "03_iteration.ipynb",
        [LENET_PASSES, UNET_NAMES],
        notes=[
            finding(
                "cell_raised",
                {"cell": {"kind": "kernel_cell", "number": 7}},
                error={
                    "type": "NameError",
                    "message": "name 'nn' is not defined",
                    "frames": [],
                    "cause": None,
                },
            ),
            finding(
                "printed_while_checked",
                output="shape after conv1: torch.Size([2, 6, 28, 28])\n"
                + "a_very_long_identifier_without_any_spaces_that_must_wrap_only_in_code_style_or_pre_blocks_"
                * 3,
            ),
        ],
    ),
}


class _Text(HTMLParser):
    """The text of an HTML fragment outside <code>, and every src/href it links to."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.outside: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "code"
        self.links += [v or "" for k, v in attrs if k in ("src", "href")]

    def handle_endtag(self, tag):
        self.depth -= tag == "code"

    def handle_data(self, data):
        if not self.depth:
            self.outside.append(data)


def _parse(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_html_matches_golden_file(name):
    """Is each report's HTML exactly the reviewed golden file (UPDATE_GOLDEN=1 rewrites them)?"""
    page = report_html(REPORTS[name])
    path = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page + "\n")
    assert page + "\n" == path.read_text(), (
        f"{path.name} differs: rerun with UPDATE_GOLDEN=1 and read the diff"
    )


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_no_literal_backticks_and_nothing_external(name):
    """Does no backtick show outside <code>, and does the HTML link to nothing (it must work offline)?"""
    page = report_html(REPORTS[name])
    parsed = _parse(page)
    assert "`" not in "".join(parsed.outside)
    assert not parsed.links
    assert not re.search(r"https?://", page)
    assert "<script" not in page and "<style" not in page and "<link" not in page


def test_failures_say_what_to_fix_with_badges_and_a_trace_table():
    """Does a failing check come under "What to fix", with its badge, its names in <code> and a trace table
    that marks where the student's shapes first differ?"""
    page = report_html(REPORTS["failing_with_trace"])
    assert page.count(">FAIL<") == 1 and page.count(">PASS<") == 4  # 3 passing checks and their summary
    assert "What to fix" in page
    assert page.index("What to fix") < page.index("<details")  # failures first, passing checks folded
    assert "<code" in page and "cell [4] line 20" in page
    assert "<table" in page and "first difference" in page
    rows = re.findall(r"<tr.*?</tr>", page)
    marked = [i for i, row in enumerate(rows) if "first difference" in row]
    # Header, then conv1, relu(), pool (a layer for max_pool2d()), conv2 and relu() agree; the 6th step is
    # where yours flattens and the reference pools.
    assert marked == [6]


def _highlighted(page: str) -> tuple[int, str]:
    """The step number of the trace table's highlighted row, and the row's text."""
    rows = re.findall(r"<tr.*?</tr>", page)
    [(index, row)] = [(i, row) for i, row in enumerate(rows) if "first difference" in row]
    return index, re.sub(r"<[^>]+>", "", row)


@pytest.mark.parametrize("variant", ["bad_forgot_pool", "bad_forgot_pool_crash"])
def test_the_forgotten_pool_is_named_and_highlighted(variant):
    """Grading a LeNet whose pool after conv2 is missing: does the forward check name the missing pool, and
    does the HTML trace table highlight the step after conv2's relu (where the reference pools), not an
    earlier step written another way (an nn.MaxPool2d for F.max_pool2d, torch.relu for F.relu)?"""
    from conftest import VARIANTS

    from autograder.grading import grade_namespace

    namespace: dict = {"__name__": "submission"}
    path = VARIANTS / "lenet" / f"{variant}.py"
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    report = grade_namespace(namespace, ["lenet"])
    forward = next(c for c in report.exercises[0].checks if c.name == "forward")
    [missing] = [f for f in forward.findings if f.code == "missing_pool"]
    assert missing.subject == {"layer": "conv2"}
    assert missing.data == {
        "found": [2, 16, 10, 10],
        "expected": [2, 16, 5, 5],
        "kernel": [2, 2],
        "pool": "max_pool",
    }
    [trace] = [f for f in forward.findings if f.code == "shape_trace"]
    assert [name for name, _ in trace.data["found"][:6]] == [
        "conv1",
        "relu()",
        "pool",
        "conv2",
        "relu()",
        "flatten()",
    ]
    step, row = _highlighted(report_html(report))
    assert (
        step == 6
        and "flatten()" in row
        and "(2, 1600)" in row
        and "max_pool2d()" in row
        and "(2, 16, 5, 5)" in row
    )
    if variant == "bad_forgot_pool":  # fc1 sized for the missing pool: the shape check still explains it
        shapes = next(c for c in report.exercises[0].checks if c.name == "parameter_shapes")
        assert any(
            f.code == "exercise_hint" and f.subject == {"parameter": "fc1.weight"} for f in shapes.findings
        )


@pytest.mark.parametrize(
    "mine, expected, first",
    [
        ([("conv1", "(2, 6)"), ("act", "(2, 6)")], [("conv1", "(2, 6)"), ("relu()", "(2, 6)")], None),
        ([("conv1", "(2, 6)"), ("fc1", "(2, 6)")], [("conv1", "(2, 6)"), ("fc2", "(2, 6)")], 1),
        ([("view()", "(2, 400)")], [("flatten()", "(2, 400)"), ("fc1", "(2, 120)")], 1),
        ([("pool", "(2, 16, 10)")], [("max_pool2d()", "(2, 16, 5)")], 0),
    ],
)
def test_trace_steps_align_by_layer_name_and_shape(mine, expected, first):
    """Do two traces part where a layer's name or a shape differs, and not where only the spelling of an
    activation, pooling or flattening does (a function on one side, a layer or another function on the other)?"""
    from autograder.render_html import first_difference

    assert first_difference(mine, expected) == first


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_expected_and_found_are_shown_side_by_side(lang):
    """Are a finding's expected and found values both shown, each marked, in every language (from the
    finding's facts, not by reading the worded sentence)?"""
    page = report_html(Report("unet.ipynb", [UNET_NAMES], lang=lang))
    expected = re.findall(r"<span style=\"background: rgba\(27, 127, 59, 0.16\)[^>]*>([^<]*)</span>", page)
    found = re.findall(r"<span style=\"background: rgba\(196, 43, 28, 0.16\)[^>]*>([^<]*)</span>", page)
    assert expected == ["(64, 64, 3, 3)"] and found == ["(64, 128, 3, 3)"]
    assert "\ue000" not in page and "\ue002" not in page


def test_marks_a_submission_sent_are_dropped():
    """Can a submission's own text forge a highlight (the private marks the renderer uses)? No."""
    from autograder.render_html import findings_html

    sneaky = finding("shape_differs", expected=[1], found="\ue000x\ue001")
    assert "\ue000" not in findings_html([sneaky], "en")


def test_prose_never_breaks_words_and_code_may_wrap():
    """Does prose wrap between words only, with `overflow-wrap: anywhere` on code and <pre> alone?"""
    page = report_html(REPORTS["with_notes"])
    assert "word-break: break-all" not in page
    for style in re.findall(r'style="([^"]*overflow-wrap: anywhere[^"]*)"', page):
        assert "monospace" in style
    assert "inc.<wbr>double_<wbr>conv.<wbr>0.<wbr>bias" in page


def test_grader_fault_says_it_is_not_the_students_fault():
    """Does a grader fault say the submission was not graded, and not blame the student?"""
    page = report_html(REPORTS["grader_fault"])
    assert (
        "Not graded" in page and "not your code&#x27;s fault" not in page and "not your code's fault" in page
    )


def test_notebook_text_fallback_is_the_plain_text_report():
    """Is what `check()` shows outside Jupyter exactly the plain text report, and its HTML the rich one?"""
    result = LENET_FORGOT_POOL
    shown = notebook.Feedback(notebook._render(result, "hello\n"), notebook._html(result, "hello\n"))
    assert repr(shown) == notebook._render(result, "hello\n")
    assert repr(shown).startswith("LeNet (lenet): 3/4, needs work\n  PASS constructs:")
    assert "Your code printed while being checked:" in repr(shown) and "hello" in shown._repr_html_()
    assert "What to fix" in shown._repr_html_()


def test_grade_value_is_the_score_for_nbgrader():
    """Is `grade()`'s value a float whose text nbgrader parses as the score, shown in Jupyter as the report?"""
    from IPython.core.formatters import DisplayFormatter

    score = notebook.Score(
        3.0, notebook._render(LENET_FORGOT_POOL, ""), notebook._html(LENET_FORGOT_POOL, "")
    )
    data, _ = DisplayFormatter().format(score)
    assert data["text/plain"] == "3.0" and float(data["text/plain"]) == 3.0
    assert "What to fix" in data["text/html"]
    assert isinstance(score, float) and not isinstance(score, bool) and score == 3.0


def test_feedback_pages_use_the_same_renderer():
    """Does a class-grading feedback page show the same HTML report, badges and all?"""
    from autograder.classgrade.outputs import feedback_pages

    record = {
        "student": "carol",
        "assignment": "01_modules",
        "notebook": "01_modules.ipynb",
        "status": "graded",
        "folder_notes": [],
        "notes": [],
        "report": {
            "score": 3.0,
            "exercises": [
                {
                    "id": "lenet",
                    "checks": [c.to_dict() for c in LENET_FORGOT_POOL.checks],
                }
            ],
        },
    }
    page = feedback_pages([record])["carol"]
    assert "What to fix" in page and ">FAIL<" in page and "<table" in page
    assert "`" not in "".join(_parse(page).outside)
    assert "Graded: 01_modules.ipynb" in page


def test_html_speaks_the_reports_language():
    """Does a zh-CN report's HTML use the zh-CN catalogue's words for the badges and the heading?"""
    from autograder import i18n

    page = report_html(Report("lenet.ipynb", [LENET_FORGOT_POOL], lang="zh-CN"))
    assert i18n.text("fail", "zh-CN") in page and i18n.text("pass", "zh-CN") in page
    assert ">FAIL<" not in page and "needs work" not in page


def test_trace_table_comes_from_the_finding_in_any_language():
    """Does a `shape_trace` finding become a table in zh-CN too, from its data rather than English lines?"""
    from autograder.findings import finding

    trace = finding(
        "shape_trace",
        found=[["conv1", [2, 6, 28, 28]], ["pool", [2, 6, 14, 14]]],
        expected=[["conv1", [2, 6, 28, 28]], ["conv2", [2, 16, 10, 10]]],
    )
    check = CheckResult("forward", False, [trace])
    page = report_html(Report("lenet.ipynb", [ExerciseResult("lenet", "LeNet", [check])], lang="zh-CN"))
    assert page.count("<table") == 1 and "(2, 16, 10, 10)" in page
    assert "conv1 (2, 6, 28, 28) -&gt;" not in page  # the trace's lines are replaced by the table
