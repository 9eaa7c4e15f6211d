"""Does `freeze`'s feedback name every failing case, with a cause, and hold the statement's two rules?"""

from __future__ import annotations

from conftest import VARIANTS

from autograder.exercises.ch03_iteration import FREEZE_CASES, MAX_CASES
from autograder.grading import grade_namespace


def _checks(variant: str) -> dict:
    namespace: dict = {"__name__": "submission"}
    path = VARIANTS / "freeze" / f"{variant}.py"
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return {c.name: c for c in grade_namespace(namespace, ["freeze"]).exercises[0].checks}


def _calls(check) -> list[str]:
    return [f.subject["call"] for f in check.findings if "call" in f.subject]


def test_every_failing_case_is_named_up_to_the_limit():
    """Does a mistake that fails several cases name each of them (not only the first), then count the rest?"""
    check = _checks("bad_substring")["freezes_matching"]
    assert _calls(check) == [
        "freeze(model, ['layer1'])",
        "freeze(model, ['layer2.0', 'head.bias'])",
        "freeze(model, ['head'])",
    ]
    check = _checks("bad_resets_others")["freezes_matching"]
    assert len(_calls(check)) == MAX_CASES
    more = [f for f in check.findings if f.code == "freeze_more_cases"]
    assert [f.data["count"] for f in more] == [2]


def test_a_cause_shared_by_every_failing_case_is_said_once():
    """When one mistake explains every failing case, is it the one likely cause, given once, at the end?"""
    check = _checks("bad_substring")["freezes_matching"]
    causes = [f.subject["mistake"] for f in check.findings if f.code == "known_mistake"]
    assert causes == ["freeze.substring"]  # `layer1` alone could be startswith; `head` and `head.bias` cannot
    assert check.findings[-1].code == "known_mistake"


def test_the_statement_cases_are_tried():
    """Are an already-frozen parameter under a prefix and a prefix that matches nothing among the cases?"""
    assert ["LayeredNet", ["layer10"]] in FREEZE_CASES
    assert ["TinyNet", ["classifier", "fc.bias"]] in FREEZE_CASES


def test_an_already_frozen_parameter_must_stay_frozen_and_be_returned():
    """Is unfreezing `layer10.bias` wrong, and is leaving it out of the returned names wrong too?"""
    toggled = _checks("bad_toggles")["freezes_matching"]
    assert "freeze(model, ['layer10'])" in _calls(toggled)
    returned = _checks("bad_returns_newly_frozen")["returns_names"]
    assert _calls(returned) == ["freeze(model, ['layer10'])"]


def test_a_prefix_matching_nothing_must_not_raise():
    """Does raising on an unmatched prefix fail only that case, while a solution that skips it passes?"""
    raising = _checks("bad_unmatched_prefix_raises")
    assert [f.code for f in raising["freezes_matching"].findings] == ["call_error"]
    assert _calls(raising["freezes_matching"]) == ["freeze(model, ['classifier', 'fc.bias'])"]
    assert all(c.passed for c in _checks("good_submodules").values())
