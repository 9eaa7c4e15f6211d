"""In a notebook, do `check()` and `grade()` answer a wrong id and a class cell not run yet in one clear finding?"""

from __future__ import annotations

import pytest

from autograder import i18n
from autograder.frontends import notebook


@pytest.fixture(autouse=True)
def _outside_the_sandbox(monkeypatch):
    monkeypatch.delenv("AUTOGRADER_SANDBOX", raising=False)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_an_unknown_id_suggests_the_close_one_without_a_traceback(lang):
    """Does `check("LeNet")` show one line (did you mean 'lenet'?) instead of raising, and grade() score 0?"""
    expected = i18n.text("unknown_exercise_close", lang, exercise="LeNet", match="lenet")
    assert notebook.check("LeNet", lang=lang).text == expected
    score = notebook.grade("LeNet", lang=lang)
    assert float(score) == 0.0 and score.text == expected


def _checks(namespace: dict):
    return notebook._evaluate("lenet", namespace, "en")[0].checks


def test_a_class_cell_not_run_yet_is_said_once():
    """Before the cell defining `LeNet` ran, is there one `not_run_yet` finding, the other checks pointing to it?"""
    checks = _checks({"nn": object()})
    assert [(f.code, f.subject) for f in checks[0].findings] == [("not_run_yet", {"name": "LeNet"})]
    for other in checks[1:]:
        assert [(f.code, f.subject) for f in other.findings] == [("not_checked_see", {"see": checks[0].name})]


def test_a_class_cell_that_raised_is_named():
    """When the cell defining `LeNet` ran but raised, does the finding name that cell, as Jupyter numbers it?"""
    history = [
        "",
        "import torch",
        "class LeNet(nn.Module):\n    def __init__(self):\n        1 / 0\n",
        "x = 1",
    ]
    checks = _checks({"In": history})
    assert [(f.code, f.subject) for f in checks[0].findings] == [
        ("not_run_yet_failed", {"name": "LeNet", "cell": "cell 2"})
    ]


def test_a_close_name_is_still_a_typo():
    """Is `Lenet` defined instead of `LeNet` still reported as the close name, not as a cell to run?"""
    checks = _checks({"Lenet": object()})
    assert checks[0].findings[0].code == "not_defined_close"
