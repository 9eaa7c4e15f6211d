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
        ("not_run_yet_failed", {"name": "LeNet", "cell": {"kind": "kernel_cell", "number": 2}})
    ]
    for lang in i18n.LANGUAGES:
        cell = i18n.place({"kind": "kernel_cell", "number": 2}, i18n.catalogue(lang))
        assert cell in i18n.render(checks[0].findings[0], lang)
    assert "cell [2] defines it" in i18n.render(checks[0].findings[0], "en")


def test_a_close_name_is_still_a_typo():
    """Is `Lenet` defined instead of `LeNet` still reported as the close name, not as a cell to run?"""
    checks = _checks({"Lenet": object()})
    assert checks[0].findings[0].code == "not_defined_close"


def _raising_in(file: str) -> dict:
    return {
        "type": "NameError",
        "message": "name 'x' is not defined",
        "frames": [{"function": "forward", "file": file, "line": 11, "code": "y = x"}],
        "cause": None,
    }


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_frame_in_a_kernel_cell_names_the_cell_by_its_execution_count(monkeypatch, lang):
    """Does an error raised in a notebook cell name that cell as Jupyter numbers it (its execution count), not
    IPython's file name for it, in every language, and leave a frame in any other file as it was?"""
    from autograder.findings import finding
    from autograder.report import CheckResult, ExerciseResult

    monkeypatch.setattr(
        notebook, "_cell_places", lambda: {"2164258862.py": {"kind": "kernel_cell", "number": 5}}
    )
    subject = {"config": "M()", "mode": "eval", "input": [[2, 3]]}
    raised = [
        finding(
            "forward_mismatch", subject, problem=finding("forward_error", error=_raising_in("2164258862.py"))
        ),
        finding("construct_error", {"config": "M()"}, error=_raising_in("helpers.py")),
    ]
    result = ExerciseResult("lenet", "LeNet", [CheckResult("forward", False, raised)])
    notebook._name_cells(result)
    [placed, elsewhere] = result.checks[0].findings
    frame = placed.data["problem"]["data"]["error"]["frames"][0]
    assert frame["file"] == {"kind": "kernel_cell", "number": 5}
    assert elsewhere.data["error"]["frames"][0]["file"] == "helpers.py"
    said = i18n.render(placed, lang)
    cell = i18n.place({"kind": "kernel_cell", "number": 5}, i18n.catalogue(lang))
    assert cell in said.split("\n")[-1] and said.endswith("`y = x`") and "2164258862" not in said, said
    if lang == "en":
        assert said.endswith("\n  in forward, cell [5] line 11: `y = x`")


def test_a_cell_run_in_ipython_is_named_in_the_report():
    """Run for real in an IPython shell, does `check` name the cell whose forward raised as `cell [N]`?"""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.run_cell("x = 1", store_history=True)
        ran = shell.run_cell(
            "from torch import nn\n\nclass Flatten(nn.Module):\n    def forward(self, x):\n        return y\n",
            store_history=True,
        )
        assert ran.success
        notebook._cache.clear()
        text = notebook.check("flatten", shell.user_ns["Flatten"], lang="en").text
    finally:
        InteractiveShell.clear_instance()
    assert (
        "NameError: name 'y' is not defined" in text and "in forward, cell [2] line 5: `return y`" in text
    ), text


class _NoTrunkRelu:
    """multi_head with the trunk's ReLU left out (the known mistake multi_head.no_trunk_relu); built lazily so
    that torch is imported by the test, not at collection."""

    @staticmethod
    def build():
        from torch import nn

        class MultiHead(nn.Module):
            def __init__(self, in_features, hidden_features, heads):
                super().__init__()
                self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
                self.heads = nn.ModuleDict()
                for name, sizes in heads.items():
                    layers, width = [], hidden_features
                    for size in sizes:
                        layers += [nn.Linear(width, size), nn.ReLU()]
                        width = size
                    self.heads[name] = nn.Sequential(*layers[:-1])

            def forward(self, x):
                features = self.trunk[0](x)
                return {name: head(features) for name, head in self.heads.items()}

        return MultiHead


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_mistake_shows_its_code_only_after_the_same_check_failed_before(lang, monkeypatch):
    """Tiered hints: does the first failing self-check explain the known mistake by its idea, the second (the same
    check failing again) with its code, and does grade() report the same whatever check() showed before?"""
    monkeypatch.setattr(notebook, "_failures", {})
    mistakes = i18n.catalogue(lang)["mistakes"]
    idea, code = mistakes["multi_head.no_trunk_relu"], mistakes["multi_head.no_trunk_relu.code"]
    submission = _NoTrunkRelu.build()
    first = notebook.check("multi_head", submission, lang=lang).text
    assert idea in first and code not in first
    second = notebook.check("multi_head", submission, lang=lang).text
    assert code in second and idea not in second
    monkeypatch.setitem(
        globals(), "MultiHead", submission
    )  # grade() reads the notebook's (here: this module's)
    graded = notebook.grade("multi_head", lang=lang).text
    assert idea in graded and code not in graded
