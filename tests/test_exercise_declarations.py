"""Is each exercise one declaration, in its chapter's file, with each fact said once?"""

from __future__ import annotations

import ast
import inspect

from conftest import ROOT

from autograder.answers.mistakes import MISTAKES
from autograder.exercises import ASSIGNMENTS, CHAPTERS, EXERCISES
from autograder.exercises import ch03_iteration as iteration
from autograder.exercises.function_exercise import function_exercise
from autograder.exercises.module_exercise import module_exercise
from autograder.exercises.spec import Chapter

PACKAGE = ROOT / "autograder"


def test_declarations_are_keyword_only():
    """Does every parameter of `module_exercise` and `function_exercise` have to be named?"""
    for declare in (module_exercise, function_exercise):
        kinds = {p.kind for p in inspect.signature(declare).parameters.values()}
        assert kinds == {inspect.Parameter.KEYWORD_ONLY}, declare.__name__


def test_every_chapter_file_is_a_chapter_with_its_mistakes_beside_its_answers():
    """Is every `chNN_<topic>.py` of exercises/ a chapter, with a mistakes file of the same name and an answers
    module of its topic, and one assignment per chapter?"""
    assert CHAPTERS == tuple(sorted(p.stem for p in (PACKAGE / "exercises").glob("ch[0-9][0-9]_*.py")))
    for name in CHAPTERS:
        chapter = Chapter(name)
        assert (PACKAGE / "answers" / "mistakes" / f"{name}.py").is_file(), name
        assert (PACKAGE / "answers" / f"{chapter.topic}.py").is_file(), name
    assert list(ASSIGNMENTS) == [Chapter(name).assignment for name in CHAPTERS]


def test_an_exercise_belongs_to_the_chapter_it_is_declared_in():
    """Is each exercise's assignment, and every reference it names, the chapter's whose file declares it?"""
    for name in CHAPTERS:
        chapter = Chapter(name)
        module = __import__(f"autograder.exercises.{name}", fromlist=["EXERCISES"])
        for exercise in module.EXERCISES:
            assert exercise.assignment == chapter.assignment, exercise.id
            assert set(exercise.names) <= set(exercise.reference), exercise.id
            for ref_name, path in exercise.reference.items():
                assert path == chapter.reference(ref_name), (exercise.id, ref_name, path)


def test_the_declared_mistakes_are_exactly_the_wrong_variants():
    """Does every declared known mistake have a wrong variant, and every wrong variant a declaration?"""
    declared = {e.id: {m.id for m in e.mistakes} for e in EXERCISES.values() if e.mistakes}
    assert declared == {exercise: set(variants) for exercise, variants in MISTAKES.items()}


def test_freeze_tells_each_known_mistake_one_way():
    """Is none of freeze's mistakes with a wrong variant also told by a rule of its own?"""
    source = inspect.getsource(iteration._freeze_causes)
    told_by_rules = {
        node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant) and node.value
    }
    with_variants = {m.id for m in iteration.FREEZE.mistakes}
    assert with_variants and not with_variants & told_by_rules, with_variants & told_by_rules


def _imported_names(path) -> list[tuple[str, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("autograder.checks"):
            found += [(node.module, a.name) for a in node.names]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id in ("structure", "forward", "hints", "tensors", "functions"):
                found.append((node.value.id, node.attr))
    return found


def test_nothing_outside_checks_uses_a_private_name_of_checks():
    """Does any module outside checks/ import or call a `_private` name of the checks?"""
    for path in sorted(PACKAGE.rglob("*.py")):
        if (PACKAGE / "checks") in path.parents:
            continue
        private = [f"{m}.{n}" for m, n in _imported_names(path) if n.startswith("_")]
        assert private == [], f"{path.relative_to(ROOT)} uses {private}"
