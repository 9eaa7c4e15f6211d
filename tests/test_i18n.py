"""Are the message catalogues complete, consistent with the glossary, and chosen as the student asked?"""

from __future__ import annotations

import ast
import csv
import re
import subprocess

import pytest
from conftest import PYTHON, ROOT

from autograder import i18n
from autograder.checks import structure
from autograder.exercises import EXERCISES
from autograder.findings import Finding

SOURCES = sorted((ROOT / "autograder").rglob("*.py"))
TABLES = ("findings", "mistakes", "hints", "passed", "cases", "models", "terms", "report", "format", "errors")


def _codes_in_source() -> set[str]:
    """Every code a `finding(...)`/`Finding(...)`/`SandboxFailure(...)`/`GraderFault(...)`/`JailError(...)`/
    `OracleUnavailable(...)` call in the grader names (both branches of an `x if c else y`)."""
    codes = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in (
                "finding",
                "Finding",
                "SandboxFailure",
                "GraderFault",
                "JailError",
                "OracleUnavailable",
            ):
                arg = node.args[0] if node.args else None
                for value in [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]:
                    if isinstance(value, ast.Constant):
                        codes.add(value.value)
    kinds = (structure.NAMED, structure.NONE_EXPECTED, structure.DIFFER)
    return codes | {code for table in kinds for code in table.values()}


CODES = _codes_in_source()


def test_the_source_names_codes():
    """Does the search for codes find them (so that the next tests can fail)?"""
    assert {
        "param_not_registered",
        "shape_transposed",
        "values_differ",
        "not_defined",
        "known_mistake",
    } <= CODES
    assert len(CODES) > 100


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_finding_code_has_a_template(lang):
    """Does every code the checks can produce have a template in this language?"""
    templates = i18n.catalogue(lang)["findings"]
    # `passed` reads its template from the `[passed]` table, per exercise and check (next tests).
    assert sorted(CODES - set(templates) - {"passed"}) == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_no_template_is_dead(lang):
    """Is every template in the catalogue one a check can produce (no stale codes)?"""
    assert sorted(set(i18n.catalogue(lang)["findings"]) - CODES - {"passed"}) == []


def test_both_catalogues_have_the_same_keys_and_placeholders():
    """Does zh-CN translate every English template, using the same placeholders?"""
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh-CN")
    for table in TABLES:
        assert sorted(set(en[table]) ^ set(zh[table])) == [], table
        for key, template in en[table].items():
            fields = {f for _, f, _, _ in __import__("string").Formatter().parse(template) if f}
            other = {f for _, f, _, _ in __import__("string").Formatter().parse(zh[table][key]) if f}
            assert fields == other, (table, key, fields, other)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_exercise_text_exists(lang):
    """Does every known mistake, exercise hint and passing check have its text in this language?"""
    cat = i18n.catalogue(lang)
    for exercise in EXERCISES.values():
        for mistake in exercise.mistakes:
            assert mistake.id in cat["mistakes"], mistake.id
        for name in exercise.hints:
            assert f"{exercise.id}.{name}" in cat["hints"], (exercise.id, name)
        for check in exercise.checks:
            if check.passes is None:
                assert f"{exercise.id}.{check.name}" in cat["passed"], (exercise.id, check.name)


def test_every_exercise_has_a_chinese_title():
    """Does every exercise have its title in zh-CN (English uses the exercise's own)?"""
    assert sorted(set(EXERCISES) ^ set(i18n.catalogue("zh-CN")["titles"])) == []
    assert i18n.title("count_parameters", "Counting parameters", "en") == "Counting parameters"


def test_a_missing_template_is_marked_not_raised():
    """Does a code without a template render as a visible marker (never an exception, never silence)?"""
    text = i18n.render(Finding("no_such_code"), "zh-CN")
    assert text == i18n.MISSING.format(key="no_such_code")


ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?: +[A-Za-z]{2,}){2,}\b")


def english_in(text: str) -> list[str]:
    """Runs of three or more English words outside `code` spans: an untranslated sentence."""
    return ENGLISH_RUN.findall(re.sub(r"`[^`]*`", "", text))


def test_english_detection_can_fail():
    """Would an English sentence left in a zh-CN template be caught?"""
    assert english_in("可能的原因：the output went through softmax")
    assert not english_in("请使用 `for m in model.modules()` 和 nn.Linear(512, num_classes)")


def test_zh_templates_are_chinese():
    """Is every zh-CN template free of English sentences (identifiers in backticks aside)?"""
    zh = i18n.catalogue("zh-CN")
    for table in ("findings", "mistakes", "hints", "passed", "cases", "models", "report", "titles", "errors"):
        for key, template in zh[table].items():
            assert not english_in(re.sub(r"\{[^}]*\}", "", template)), (table, key, template)


def _glossary() -> list[tuple[str, str]]:
    with open(ROOT / "course" / "glossary.csv", newline="", encoding="utf-8") as f:
        return [(row["english"], row["chinese"]) for row in csv.DictReader(f)]


def _prose(template: str) -> str:
    """A template's words without placeholders, `code` spans and code-like tokens (`nn.Linear(...)`, `x=1`)."""
    text = re.sub(r"\{[^}]*\}|`[^`]*`", " ", template)
    return re.sub(r"\S*[._=()\[\]\d/]\S*", " ", text)


def test_glossary_terms_are_used_consistently():
    """Wherever an English template uses a glossary term, does its zh-CN template use the glossary's Chinese?"""
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh-CN")
    wrong = []
    for english, chinese in _glossary():
        pattern = re.compile(r"\b" + re.escape(english) + r"(?:s|es|d|ed|ing)?\b", re.IGNORECASE)
        for table in ("findings", "mistakes", "hints", "passed", "cases", "models", "terms", "errors"):
            for key, template in en[table].items():
                if pattern.search(_prose(template)) and chinese not in zh[table][key]:
                    wrong.append(f"{table}.{key}: '{english}' should be '{chinese}': {zh[table][key]}")
    assert wrong == []


def test_glossary_covers_the_catalogue():
    """Is every glossary term used by the catalogue (a term nobody uses is a stale entry)?"""
    en = i18n.catalogue("en")
    text = " ".join(
        _prose(t)
        for table in ("findings", "mistakes", "hints", "passed", "terms")
        for t in en[table].values()
    )
    unused = [e for e, _ in _glossary() if not re.search(r"\b" + re.escape(e), text, re.IGNORECASE)]
    assert unused == []


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-CN"),
        ({"LANG": "zh_TW.UTF-8"}, "zh-CN"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh-CN"),
        ({"LANG": "zh_CN.UTF-8", "AUTOGRADER_LANG": "en"}, "en"),
        ({"LANG": "en_US.UTF-8", "AUTOGRADER_LANG": "zh-CN"}, "zh-CN"),
    ],
)
def test_the_default_language_follows_the_environment(monkeypatch, env, expected):
    """Does the default come from $AUTOGRADER_LANG, else LC_ALL, LC_MESSAGES, LANG, else English?"""
    for var in ("AUTOGRADER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.resolve() == expected
    assert i18n.resolve("en") == "en" and i18n.resolve("zh_CN") == "zh-CN"


def test_set_language_wins_over_the_environment(monkeypatch):
    """Does a notebook-wide set_language beat the locale, and can it be undone?"""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("AUTOGRADER_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    try:
        assert i18n.set_language("zh-CN") == "zh-CN" and i18n.resolve() == "zh-CN"
        assert i18n.resolve("en") == "en"
    finally:
        assert i18n.set_language(None) == "en"
    with pytest.raises(ValueError):
        i18n.set_language("klingon")


def test_cli_lang_gives_a_chinese_report():
    """Does `check --lang zh-CN` write the report, and the likely cause, in Chinese?"""
    bad = ROOT / "tests" / "variants" / "lenet" / "bad_softmax.py"
    result = subprocess.run(
        [PYTHON, "-m", "autograder", "check", str(bad), "--exercise", "lenet", "--lang", "zh-CN"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert "未通过 forward" in result.stdout and "可能的原因：输出经过了 softmax" in result.stdout, (
        result.stdout
    )
    assert "总分：3/4" in result.stdout


def test_pytest_plugin_lang_gives_chinese_failures(tmp_path):
    """Does the pytest plugin's --lang zh-CN make each failing item's message Chinese?"""
    bad = ROOT / "tests" / "variants" / "lenet" / "bad_softmax.py"
    result = subprocess.run(
        [PYTHON, "-m", "pytest", "-p", "no:cacheprovider", "--submission", str(bad), "--lang", "zh-CN"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert result.returncode == 1, result.stdout
    assert "可能的原因：输出经过了 softmax" in result.stdout, result.stdout[-3000:]


def test_notebook_check_and_set_language(monkeypatch, capsys):
    """Do `check(..., lang=...)` and `set_language` change the language of the notebook's report?"""
    from torch import nn

    from autograder.frontends import notebook

    class Flatten(nn.Module):
        def forward(self, x):
            return x.reshape(-1)

    def shown(value) -> str:
        return capsys.readouterr().out + (getattr(value, "text", None) or "")

    monkeypatch.delenv("AUTOGRADER_SANDBOX", raising=False)
    assert "未通过 forward" in shown(notebook.check("flatten", Flatten, lang="zh-CN"))
    assert "FAIL forward" in shown(notebook.check("flatten", Flatten, lang="en"))
    try:
        notebook.set_language("zh-CN")
        assert "可能的原因" in shown(notebook.check("flatten", Flatten))
    finally:
        notebook.set_language(None)


def test_set_language_is_a_no_op_in_the_sandbox(monkeypatch):
    """Does `from autograder import set_language` work inside the jail (where the notebook API is absent)?"""
    import autograder

    monkeypatch.setenv("AUTOGRADER_SANDBOX", "1")
    assert autograder.set_language("zh-CN") is None
    monkeypatch.delenv("AUTOGRADER_SANDBOX")
    assert autograder.set_language.__module__ == "autograder.frontends.notebook"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_code_level_text_has_its_idea(lang):
    """Tiered hints: does every `<key>.code` of `[hints]` and `[mistakes]` stand beside its idea, `<key>`, which is
    what a first failure and every graded report show?"""
    cat = i18n.catalogue(lang)
    for table in ("hints", "mistakes"):
        for key in cat[table]:
            if key.endswith(".code"):
                assert key.removesuffix(".code") in cat[table], (table, key)
