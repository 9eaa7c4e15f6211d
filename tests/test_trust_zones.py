"""Are the two trust boundaries folders you can see with `ls`, and does each hold?

- `autograder/jailed/`: everything the submission's process imports from the package, and all the jail mounts
  of it. The child must import nothing of the package outside it.
- `autograder/answers/`: everything the student kit leaves out (reference, known mistakes, the live oracle, the
  recorder, the notebook sync). Nothing outside it may need it, except the oracle's lazy choice of source.
"""

from __future__ import annotations

import ast
import json
import subprocess

from conftest import PYTHON, ROOT

from autograder.jailed import jail

PACKAGE = ROOT / "autograder"


def test_ls_shows_both_zones():
    """Does `ls autograder` show the jail's folder and the answers' folder, and does the jail mount only the
    first?"""
    assert (PACKAGE / "jailed").is_dir() and (PACKAGE / "answers").is_dir()
    assert jail.CHILD_FILES == ("__init__.py", "jailed")


# The child's start, as the worker and `check` start it: the entry modules, the warm-up, then every module of
# the zone (observers run later, on the grader's requests, and import nothing new).
CHILD_START = """
import importlib, json, pkgutil, sys
import autograder.jailed.zygote
import autograder.jailed.child as child
child.preload()
import autograder.jailed
for info in pkgutil.walk_packages(autograder.jailed.__path__, "autograder.jailed."):
    importlib.import_module(info.name)
print(json.dumps(sorted(m for m in sys.modules if m == "autograder" or m.startswith("autograder."))))
"""


def test_the_child_imports_nothing_of_the_package_outside_its_zone():
    """Started the way the jail starts it, does the child import any module of the package outside `jailed/`?"""
    result = subprocess.run(
        [PYTHON, "-c", CHILD_START],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "AUTOGRADER_SANDBOX": "1"},
    )
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout.splitlines()[-1])
    outside = [m for m in modules if m != "autograder" and not m.startswith("autograder.jailed")]
    assert outside == [], outside
    assert "autograder.jailed.observe.module" in modules  # the test saw the zone (it can fail)


def _imports(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_the_zone_imports_nothing_outside_it_even_lazily():
    """Does any module of `jailed/` import a module of the package outside `jailed/`, anywhere in its code?"""
    for path in sorted((PACKAGE / "jailed").rglob("*.py")):
        outside = sorted(
            m for m in _imports(path) if m.startswith("autograder.") and not m.startswith("autograder.jailed")
        )
        assert outside == [], f"{path.relative_to(ROOT)} imports {outside}"


def test_only_the_oracle_reaches_into_the_answers():
    """Does any module outside `answers/` import the answers, except the oracle's lazy pick of its source?"""
    allowed = {PACKAGE / "oracle" / "__init__.py"}
    for path in sorted(PACKAGE.rglob("*.py")):
        if (PACKAGE / "answers") in path.parents or path in allowed:
            continue
        reached = sorted(m for m in _imports(path) if m.startswith("autograder.answers"))
        assert reached == [], f"{path.relative_to(ROOT)} imports {reached}"


def test_the_kit_leaves_out_the_answers_folder_and_nothing_else():
    """Is what the student kit leaves out of the package exactly the answers' folder?"""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import student_kit
    finally:
        sys.path.remove(str(ROOT / "tools"))
    assert student_kit.LEFT_OUT == ("answers",)
