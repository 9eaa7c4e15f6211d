"""Does the grader pass every valid style, and fail every known mistake with a finding that names it?"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import VARIANTS

from autograder import i18n
from autograder.exercises import EXERCISES
from autograder.grading import grade_namespace

SPEC = re.compile(
    r"^(?P<kind>Good|Bad|Zero): (?P<reason>.+?)"
    r"(?: -> (?P<check>\w+): (?P<code>\w+)(?:\((?P<key>\w+)=(?P<value>.+)\))?)?$"
)


@dataclass
class Variant:
    path: Path
    exercise: str
    kind: str
    reason: str
    check: str | None
    code: str | None  # a finding code the check must report (its own, or a nested problem's)
    key: str | None  # with `value`: that finding's subject
    value: str | None


def _variants() -> list[Variant]:
    found = []
    for path in sorted(VARIANTS.glob("*/*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        match = SPEC.match(doc.splitlines()[0] if doc else "")
        assert match, (
            f"{path}: first docstring line must be 'Good: ...', 'Bad: ... -> check: code(key=value)' or 'Zero: ...'"
        )
        found.append(Variant(path, path.parent.name, **match.groupdict()))
    return found


ALL = _variants()


# Exercises built from earlier ones: those parts are defined, as if the notebook's earlier cells were right.
# A variant redefines what it is about (and a self-contained one, like a seed's code, redefines everything).
EARLIER_PARTS = {
    "resnet18": {"BasicBlock": "resnet"},
    "resnet50_layers": {"BasicBlock": "resnet", "Bottleneck": "resnet"},
    "down": {"DoubleConv": "unet"},
    "up": {"DoubleConv": "unet"},
    "unet": {"DoubleConv": "unet", "Down": "unet", "Up": "unet", "OutConv": "unet"},
    "resume_training": {"CausalBlock": "train_eval"},
}


def _earlier_parts(exercise: str) -> dict:
    import importlib

    return {
        name: getattr(importlib.import_module(f"autograder.answers.{module}"), name)
        for name, module in EARLIER_PARTS.get(exercise, {}).items()
    }


def _grade(variant: Variant):
    namespace: dict = {"__name__": "submission", **_earlier_parts(variant.exercise)}
    exec(compile(variant.path.read_text(), str(variant.path), "exec"), namespace)
    report = grade_namespace(namespace, [variant.exercise])
    return report.exercises[0]


@pytest.mark.parametrize("variant", ALL, ids=[f"{v.exercise}/{v.path.stem}" for v in ALL])
def test_variant(variant: Variant):
    """Does this variant get the verdict its first line promises, for the reason it names?"""
    result = _grade(variant)
    text = "\n".join(f"{c.name}: {'PASS' if c.passed else 'FAIL'} {c.message()}" for c in result.checks)
    _reads_in_every_language(result)
    if variant.kind == "Good":
        assert result.passed, f"a valid solution ({variant.reason}) failed:\n{text}"
    elif variant.kind == "Zero":
        assert result.score == 0, f"{variant.reason} should score zero:\n{text}"
    else:
        by_name = {c.name: c for c in result.checks}
        assert variant.check in by_name, f"no check named {variant.check!r}; checks: {list(by_name)}"
        check = by_name[variant.check]
        assert not check.passed, f"{variant.reason}: `{variant.check}` passed but should fail:\n{text}"
        found = [
            f
            for f in check.findings
            if variant.code in f.codes()
            and (variant.key is None or str(f.subject.get(variant.key)) == variant.value)
        ]
        wanted = variant.code + (f"({variant.key}={variant.value})" if variant.key else "")
        findings = "\n".join(f"  {f.code} {f.subject}" for f in check.findings)
        assert found, f"`{variant.check}` should report {wanted}; it reported:\n{findings}\n{text}"


ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?: +[A-Za-z]{2,}){2,}\b")


def _reads_in_every_language(result) -> None:
    """Does every check carry findings that render in every language, with no missing template, and in zh-CN
    with no English sentence (the submission's own values, e.g. an error message, and `code` aside)?"""
    for check in result.checks:
        assert check.findings, f"{check.name} has no findings"
        for f in check.findings:
            assert f.check == check.name, (f, check.name)
            for lang in i18n.LANGUAGES:
                assert "[[missing" not in i18n.render(f, lang), (lang, f)
            templates_only = re.sub(r"`[^`]*`", "", i18n.render(f, "zh-CN", mask=True))
            assert not ENGLISH_RUN.findall(templates_only), (f, templates_only)


def test_every_exercise_has_good_and_bad_variants():
    """Can every check fail? Every exercise needs valid solutions and known mistakes to prove it."""
    for exercise in EXERCISES:
        kinds = {v.kind for v in ALL if v.exercise == exercise}
        assert {"Good", "Bad"} <= kinds, f"{exercise}: needs both Good and Bad variants, has {sorted(kinds)}"


def test_every_check_is_failed_by_some_variant():
    """A check that passes everything is a bug: each one must be shown failing at least once."""
    failed = {(v.exercise, v.check) for v in ALL if v.kind == "Bad"}
    for exercise in EXERCISES.values():
        for check in exercise.checks:
            assert (exercise.id, check.name) in failed, f"no Bad variant fails {exercise.id}::{check.name}"
