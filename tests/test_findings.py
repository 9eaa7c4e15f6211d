"""Do checks report findings as data, and does a report survive JSON and back unchanged?"""

from __future__ import annotations

import json
import math

import pytest
from conftest import VARIANTS

from autograder import i18n
from autograder.findings import Finding, finding
from autograder.grading import grade_namespace
from autograder.report import CheckResult, ExerciseResult, Report


def _graded(exercise: str, variant: str, lang: str = "en") -> Report:
    namespace: dict = {"__name__": "submission"}
    path = VARIANTS / exercise / f"{variant}.py"
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return grade_namespace(namespace, [exercise], label=str(path), lang=lang)


@pytest.mark.parametrize(
    "exercise, variant",
    [
        ("lenet", "bad_softmax"),
        ("lenet", "bad_forgot_pool_crash"),
        ("mylinear", "bad_transposed_weight"),
        ("strip_prefix", "bad_lstrip"),
    ],
)
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_report_survives_json_and_back(exercise, variant, lang):
    """Is Report.from_dict(json of report.to_dict()) equal to the report, findings and all?"""
    report = _graded(exercise, variant, lang)
    report.notes.append(finding("more_cells_raised", count=3))
    back = Report.from_dict(json.loads(report.to_json()))
    assert back == report
    assert back.to_dict() == report.to_dict()


def test_json_has_title_notes_and_findings():
    """Does the JSON carry each exercise's title, the report's notes, worded and as findings, and each check's
    findings?"""
    report = _graded("lenet", "bad_softmax")
    report.notes.append(finding("more_cells_raised", count=3))
    data = report.to_dict()
    assert (
        data["notes"] == ["... and 3 more cells raised errors"] and data["exercises"][0]["title"] == "LeNet"
    )
    assert data["note_findings"] == [
        {"code": "more_cells_raised", "check": "", "subject": {}, "data": {"count": 3}}
    ]
    zh = report.to_dict("zh-CN")  # the same report, worded in the language asked for
    assert zh["lang"] == "zh-CN" and zh["notes"] != data["notes"]
    forward = next(c for c in data["exercises"][0]["checks"] if c["name"] == "forward")
    assert [f["code"] for f in forward["findings"]] == ["forward_mismatch", "known_mistake"]
    assert forward["findings"][1]["subject"] == {"mistake": "lenet.softmax"}
    assert forward["findings"][0]["data"]["problem"]["code"] == "values_differ_at"
    assert forward["findings"][0]["subject"]["input"] == [[2, 3, 32, 32]]


def test_the_message_is_the_findings_rendered():
    """Is a report the same data in every language, each check's message its findings worded at the edge?"""
    en, zh = (
        _graded("mylinear", "bad_transposed_weight"),
        _graded("mylinear", "bad_transposed_weight", "zh-CN"),
    )
    assert en.exercises == zh.exercises and en.notes == zh.notes  # grading words nothing
    for lang in i18n.LANGUAGES:
        checks = en.to_dict(lang)["exercises"][0]["checks"]
        for a, c in zip(en.exercises[0].checks, checks, strict=True):
            assert c["message"] == i18n.render_all(a.findings, lang) == a.message(lang)
    shapes = next(c for c in en.exercises[0].checks if c.name == "parameter_shapes")
    transposed = [f for f in shapes.findings if f.code == "shape_transposed"]
    assert transposed and transposed[0].subject == {"parameter": "weight"}
    assert (
        transposed[0].data == {"expected": [6, 6], "found": [6, 6]}
        or transposed[0].data["expected"] != transposed[0].data["found"]
    )


def test_finding_values_are_json_native():
    """Are shapes and tuples kept as lists, non-finite floats as text, so a finding equals its JSON copy?"""
    import torch

    f = finding(
        "shape_differs", {"config": "M()"}, expected=torch.Size([2, 3]), found=(2, 4), largest=math.inf
    )
    assert f.data == {"expected": [2, 3], "found": [2, 4], "largest": "inf"}
    assert Finding.from_dict(json.loads(json.dumps(f.to_dict()))) == f


def test_a_nested_finding_is_found_by_its_code():
    """Does a finding report the codes of the findings nested in it (the problem of a forward call)?"""
    f = finding(
        "forward_mismatch", {"config": "M()"}, problem=finding("shape_differs", expected=[1], found=[2])
    )
    assert f.codes() == ["forward_mismatch", "shape_differs"]
    assert i18n.render(f, "en").endswith("expected shape (1,), found (2,)")


def test_a_missing_fact_is_marked_not_raised():
    """Does a template whose placeholder the finding lacks render a marker instead of raising?"""
    assert "[[missing template: mode]]" in i18n.render(finding("forward_mismatch", {"config": "M()"}), "en")


def test_old_style_results_still_read():
    """Can a check result without findings (an old record) still be built and read, its message kept as it was
    written?"""
    result = CheckResult.from_dict({"name": "forward", "passed": False, "message": "values differ"})
    assert [f.code for f in result.findings] == ["grader_note"] and result.message("zh-CN") == "values differ"
    e = ExerciseResult.from_dict({"id": "lenet", "checks": [result.to_dict()]})
    assert e.title == "LeNet" and e.score == 0
    old = Report.from_dict(
        {"submission": "a.py", "exercises": [], "notes": ["cell 3 raised"], "fault": "no uid"}
    )
    assert old.to_dict()["notes"] == ["cell 3 raised"] and old.to_dict()["fault"] == "no uid"


SANDBOX_FAILURES = [
    ("time_limit", {"seconds": "10", "stage": {"stage": "running", "what": "LeNet()"}}),
    ("memory_limit", {"megabytes": 2048}),
    ("memory_limit_stopped", {"megabytes": 512}),
    ("killed_by_signal", {"signal": "SIGSEGV", "stage": {"stage": "running_code"}}),
    ("exited", {"code": 3, "stage": {"stage": "starting_code"}}),
    ("channel_interference", {"stage": {"stage": "running", "what": "Flatten()"}}),
    ("channel_broken", {"stage": {"stage": "running_code"}, "error": "channel closed"}),
    (
        "observation_invalid",
        {"stage": {"stage": "running", "what": "Flatten()"}, "path": "structure.parameters"},
    ),
    ("observations_too_large", {"megabytes": 512, "stage": {"stage": "running", "what": "UNet()"}}),
]


@pytest.mark.parametrize("code, facts", SANDBOX_FAILURES, ids=[c for c, _ in SANDBOX_FAILURES])
def test_sandbox_failures_are_findings_worded_at_the_edge(code, facts):
    """Does the sandbox say why a submission failed as a code and its facts, worded only by the catalogues (in
    both languages, with every fact in its place)?"""
    from autograder.sandbox.runner import SandboxFailure

    failure = SandboxFailure(code, **facts)
    assert failure.finding.code == code and failure.finding.data == facts
    assert failure.reason == i18n.render(failure.finding, "en")
    for lang in ("en", "zh-CN"):
        text = i18n.render(failure.finding, lang)
        assert "[[missing" not in text
        assert all(str(v) in text for k, v in facts.items() if k != "stage"), text


# The grader's own faults: what the OS or the sandbox said (`detail`) is kept verbatim, in English or not.
GRADER_FAULTS = [
    ("fault_lock_folder", {"folder": "/run/autograder"}),
    ("fault_no_user_id", {"first": 61000, "last": 61999}),
    ("fault_worker_failed", {}),
    ("fault_start_timeout", {"seconds": "120"}),
    ("fault_child_exited", {"code": -9}),
    ("fault_child_exited_said", {"code": 1, "detail": "ImportError: libtorch_cpu.so: cannot open"}),
    ("fault_jail_cgroup", {"detail": "[Errno 13] Permission denied: '/sys/fs/cgroup/x/cgroup.procs'"}),
    ("fault_jail_build", {"detail": "[Errno 1] unshare: Operation not permitted"}),
    ("fault_jail_root", {"detail": "[Errno 22] pivot_root: Invalid argument"}),
    ("fault_jail", {"detail": "{not a record"}),
]


def test_every_grader_fault_of_the_catalogues_is_listed_here():
    """Does the list below cover every `fault_*` template (so that each is rendered by the next test)?"""
    for lang in i18n.LANGUAGES:
        codes = {k for k in i18n.catalogue(lang)["findings"] if k.startswith("fault_")}
        assert codes == dict(GRADER_FAULTS).keys()


@pytest.mark.parametrize("code, facts", GRADER_FAULTS, ids=[c for c, _ in GRADER_FAULTS])
def test_grader_faults_are_findings_worded_at_the_edge(code, facts):
    """Does a grader fault say what failed as a code and its facts, worded by the catalogues in both languages
    (inside `not_graded`, as a report gives it), with no English in Chinese but what the OS said?"""
    from test_i18n import english_in

    from autograder.sandbox.runner import GraderFault, SandboxFailure

    fault = GraderFault(code, **facts)
    assert isinstance(fault, SandboxFailure)
    assert fault.finding.code == code and fault.finding.data == facts
    assert fault.reason == i18n.render(fault.finding, "en") == str(fault)
    said = {}
    for lang in ("en", "zh-CN"):
        text = i18n.render(fault.finding, lang)
        assert "[[missing" not in text
        assert all(str(v) in text for v in facts.values()), text
        said[lang] = text.replace(facts.get("detail", "\0"), "")
    assert english_in(said["zh-CN"]) == [], said["zh-CN"]
    assert said["zh-CN"] != said["en"]
