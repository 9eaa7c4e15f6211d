"""`make student-kit`: the course for students of a graded course, without the answers.

    .venv/bin/python tools/student_kit.py [--out dist/student-kit]

Writes `dist/student-kit/` and `dist/student-kit.zip`: the chapters (`course/`), the exercise notebooks
(`exercises/`), a student README, the students' lock file (`student_lock`: requirements.lock without the
developer's and the instructor's tools), a Makefile whose `make setup` and `make lab` work as the main one's
do, `tools/bootstrap.py` (the same setup without make, for Windows), `tools/lab.py`, and the `autograder`
package built for students: its checks, drivers, renderers and
exercise descriptions, with what the reference does on the public probes as recorded observations
(`autograder/observations/`, generated here from the reference, never edited). Left out: `autograder/answers/`
(the reference solutions, the known mistakes' wrong variants, what runs them and what builds notebooks from
them: one folder, see `autograder.answers`), `solutions/` and the tests.

The build fails if any file of the kit holds the body of a reference solution or of a known mistake (see
`leaks`); it prints the kit's size.
"""

from __future__ import annotations

import argparse
import ast
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "student_kit"
# Paths inside `autograder/` that the kit leaves out: the answers' folder, and nothing else.
LEFT_OUT = ("answers",)
COPIED = ("course", "exercises", "tools/bootstrap.py", "tools/lab.py", "tools/lab_config")
# What a student's machine runs besides the kit package's own dependencies (its pyproject.toml), by the names
# pip knows, with the marker of the platforms that need it: the lab, what the chapters import, the build
# backend of the editable install, and the seccomp filter of the terminal check's jail, which exists on Linux
# only. The student lock is these and all they need, at requirements.lock's versions (see `student_lock`);
# a test holds it to every import of the kit's code and notebooks.
STUDENT_NEEDS = {
    "jupyterlab": "",
    "scikit-learn": "",
    "setuptools": "",
    "pyseccomp": 'sys_platform == "linux"',
}
# The platform requirements.lock was resolved on (Linux x86_64, CPython 3.11): the packages' own
# requirements are read as there, whichever machine builds the kit. What another platform needs besides
# (pywin32 and pywinpty on Windows, appnope on macOS) pip adds when it installs the lock there.
LOCK_PLATFORM = {
    "sys_platform": "linux",
    "platform_system": "Linux",
    "os_name": "posix",
    "platform_machine": "x86_64",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "python_version": "3.11",
    "python_full_version": "3.11.7",
}
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)$")


def say(message: str) -> None:
    print(f"student-kit: {message}", flush=True)


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in ("__pycache__", ".ipynb_checkpoints") or n.endswith(".pyc")}


def _package(out: Path) -> None:
    source = ROOT / "autograder"
    target = out / "autograder"
    shutil.copytree(source, target, ignore=_ignore)
    for path in LEFT_OUT:
        found = target / path
        if found.is_dir():
            shutil.rmtree(found)
        elif found.exists():
            found.unlink()


def _observations(out: Path) -> None:
    """Records the reference's observations on the public probes with the full package, into the kit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AUTOGRADER_ORACLE", None)
    subprocess.run(
        [sys.executable, "-m", "autograder.answers.record", str(out / "autograder" / "observations")],
        check=True,
        cwd=ROOT,
        env=env,
    )


def _pins(lock_text: str) -> dict[str, tuple[str, str]]:
    """{normalised name: (the name as written, version)} of a lock's `name==version` lines, in its order."""
    pins = {}
    for line in lock_text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            found = PIN.match(line)
            if not found:
                raise ValueError(f"requirements.lock: {line!r} is not a plain `name==version` pin")
            pins[canonicalize_name(found.group(1))] = (found.group(1), found.group(2))
    return pins


def student_needs() -> dict[str, str]:
    """{normalised name: marker} of what students install directly: the kit package's dependencies and
    STUDENT_NEEDS."""
    kit = tomllib.loads((TEMPLATES / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needs = {canonicalize_name(Requirement(d).name): "" for d in kit["dependencies"]}
    needs.update({canonicalize_name(name): marker for name, marker in STUDENT_NEEDS.items()})
    return needs


def _requirements(name: str, extras: set[str]):
    """The requirements of the installed distribution `name` with `extras`, on LOCK_PLATFORM."""
    try:
        texts = importlib.metadata.requires(name) or []
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(
            f"student-kit: {name} is pinned in requirements.lock but not installed here: run `make setup` first"
        ) from None
    for text in texts:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({**LOCK_PLATFORM, "extra": e}) for e in {""} | extras):
            yield requirement


def student_lock(lock_text: str) -> str:
    """The students' lock: the lines of `lock_text` (requirements.lock) that STUDENT_NEEDS and the kit
    package's dependencies need, directly or not (read from the installed packages' metadata), at the same
    versions and in the same order. So the developer's and instructor's tools (pytest, ruff, playwright,
    nbgrader) and what only they need are left out, and one file still holds every version. A package that
    only a Linux-only need brings carries that need's marker."""
    pins = _pins(lock_text)
    markers: dict[str, set[str]] = {}
    todo = [(name, marker, frozenset()) for name, marker in student_needs().items()]
    done = set()
    while todo:
        name, marker, extras = todo.pop()
        if (name, marker, extras) in done:
            continue
        done.add((name, marker, extras))
        if name not in pins:
            raise ValueError(f"the student kit needs {name}, which requirements.lock does not pin")
        markers.setdefault(name, set()).add(marker)
        for requirement in _requirements(name, set(extras)):
            todo.append((canonicalize_name(requirement.name), marker, frozenset(requirement.extras)))
    lines = [
        "# The student kit's pins, made by tools/student_kit.py from the course's requirements.lock (never",
        "# edited): what students' machines run, without the developer's and the instructor's tools. torch is",
        "# installed first and on its own by tools/bootstrap.py: the CPU build on Linux.",
    ]
    for name, (written, version) in pins.items():
        if name in markers:
            # Needed everywhere as soon as one path to it has no marker.
            marker = "" if "" in markers[name] else " or ".join(sorted(markers[name]))
            lines.append(f"{written}=={version}" + (f" ; {marker}" if marker else ""))
    return "\n".join(lines) + "\n"


def build(out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    say(f"copying the course, the exercises and the lab into {out}")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=_ignore)
        else:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, out / name)
    for template in sorted(TEMPLATES.iterdir()):
        shutil.copy2(template, out / template.name)
    say("writing the students' requirements.lock (the course's pins, without the developer's tools)")
    (out / "requirements.lock").write_text(
        student_lock((ROOT / "requirements.lock").read_text(encoding="utf-8")), encoding="utf-8"
    )
    say("copying the autograder package without the reference solutions")
    _package(out)
    say("recording what the reference does on the public probes (autograder/observations/)")
    _observations(out)
    return out


# ------------------------------------------------------------------------------------------------ leaks


def _bodies(tree: ast.AST):
    """Every statement list of `tree` (module, function, class and block bodies), as lists of dumps."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                # What every stub has (a docstring, `super().__init__()`) is no part of an answer.
                yield [ast.dump(s) for s in _without_docstring(block) if not _trivial(s)]


def _without_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        return body[1:]
    return body


def answer_bodies(root: Path = ROOT) -> list[tuple[str, list[str]]]:
    """(qualified name, statement dumps) of every reference solution's answer: the statements of each function
    that lie between `### BEGIN SOLUTION` and `### END SOLUTION` in `autograder/answers/` (what the exercise
    notebooks leave for the student; the code they give, such as a stub's `extra_repr`, is no answer). The
    known mistakes aside: they are not answers, and the kit leaves them out anyway. One-statement answers count
    too: `return x.flatten(1)` is still an answer."""
    found = []
    folder = root / "autograder" / "answers"
    for path in sorted(p for p in folder.rglob("*.py") if "mistakes" not in p.relative_to(folder).parts):
        text = path.read_text(encoding="utf-8")
        regions = _solution_regions(text)
        for name, node in _functions(ast.parse(text)):
            body = [s for s in node.body if any(a < s.lineno and s.end_lineno < b for a, b in regions)]
            if body and not all(_trivial(s) for s in body):
                found.append((f"{path.relative_to(root).as_posix()}:{name}", [ast.dump(s) for s in body]))
    return found


def _solution_regions(text: str) -> list[tuple[int, int]]:
    """(first, last) line numbers of each `### BEGIN SOLUTION` ... `### END SOLUTION` region."""
    regions, start = [], None
    for number, line in enumerate(text.splitlines(), 1):
        if "### BEGIN SOLUTION" in line:
            start = number
        elif "### END SOLUTION" in line and start is not None:
            regions.append((start, number))
            start = None
    return regions


def _functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, node) of every function in `tree`, methods as "Class.method"."""
    for node in getattr(tree, "body", []):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")


def _trivial(statement: ast.stmt) -> bool:
    """`pass`, a bare raise, or `super().__init__(...)`: what every stub has, not an answer."""
    if isinstance(statement, ast.Pass | ast.Raise):
        return True
    call = statement.value if isinstance(statement, ast.Expr) else None
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "__init__"
        and isinstance(call.func.value, ast.Call)
        and getattr(call.func.value.func, "id", "") == "super"
    )


def _sources(kit: Path):
    """(file, Python source) for every .py file and every notebook code cell in the kit."""
    for path in sorted(kit.rglob("*")):
        if path.suffix == ".py":
            yield path, path.read_text(encoding="utf-8")
        elif path.suffix == ".ipynb":
            for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
                if cell.get("cell_type") == "code":
                    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                    # Magics and shell lines are not Python; the rest of the cell is.
                    yield (
                        path,
                        "\n".join(
                            line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
                        ),
                    )


def _contains(block: list[str], body: list[str]) -> bool:
    """Does `block` hold `body`? A body of several statements anywhere in it, in a row; a one-statement body
    only as the whole block (a function that is just `return self.conv(x)`), since a single statement
    also turns up inside other code."""
    n = len(body)
    if n == 1:
        return block == body
    return any(block[i : i + n] == body for i in range(len(block) - n + 1))


def _statements(nodes) -> set[str]:
    """The dumps of every statement in `nodes` and nested in them (a loop's body, a branch's), the ones that
    say something of an answer: not the trivial ones every stub has, not the generic ones any code has."""
    found = set()
    for node in nodes:
        for statement in ast.walk(node):
            if isinstance(statement, ast.stmt) and not _trivial(statement) and not _generic(statement):
                found.add(ast.dump(statement))
    return found


def _generic(statement: ast.stmt) -> bool:
    """A statement too plain to tell an answer by: `return x`, `x = layer(x)` or `x = self.layer1(x)` (a bare
    name or a module of self called with bare names), or an assignment of a constant or an empty container."""
    value = getattr(statement, "value", None)
    if isinstance(statement, ast.Return):
        return value is None or isinstance(value, ast.Name | ast.Constant)
    if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
        if isinstance(value, ast.Constant | ast.Name) or (
            isinstance(value, ast.List | ast.Dict | ast.Tuple)
            and not getattr(value, "elts", getattr(value, "keys", []))
        ):
            return True
        return (
            isinstance(value, ast.Call)
            and (isinstance(value.func, ast.Name) or _attribute_of_self(value.func))
            and all(isinstance(a, ast.Name) for a in value.args)
            and not value.keywords
        )
    return False


def _attribute_of_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


# An answer of n telling statements leaks into a file that holds at least half of them, and at least two (one
# when n is 1 is the whole-body rule of `_contains`): chapter 1 once built the `lenet` answer line for line,
# with one line of its own in between, which no comparison of whole statement lists found.
SHARED_STATEMENTS = 2


def _telling(body: list[str]) -> set[str]:
    """The telling statements of an answer body kept as dumps (see `answer_bodies`), nested ones included."""
    return _statements([eval(dump, vars(ast)) for dump in body])  # noqa: S307 (our own ast.dump output)


def _shares_statements(statements: set[str], telling: set[str]) -> bool:
    shared = len(telling & statements)
    return len(telling) >= SHARED_STATEMENTS and shared >= SHARED_STATEMENTS and 2 * shared >= len(telling)


def leaks(kit: Path, bodies=None) -> list[tuple[str, str]]:
    """(kit file, answer name) for every answer that a file of the kit holds: its body statement for statement
    (formatting, comments and docstrings aside), or at least half of its telling statements one by one, in any
    order and anywhere in the file (see `SHARED_STATEMENTS`)."""
    bodies = answer_bodies() if bodies is None else bodies
    found = []
    sources: dict[Path, list[ast.AST]] = {}
    for path, source in _sources(kit):
        try:
            sources.setdefault(path, []).append(ast.parse(source))
        except SyntaxError:
            continue
    telling = {name: _telling(body) for name, body in bodies}
    for path, trees in sources.items():
        blocks = [block for tree in trees for block in _bodies(tree)]
        statements = _statements(trees)
        for name, body in bodies:
            if any(_contains(block, body) for block in blocks) or _shares_statements(
                statements, telling[name]
            ):
                found.append((path.relative_to(kit).as_posix(), name))
    return sorted(set(found))


def write_zip(kit: Path) -> Path:
    archive = kit.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(kit.rglob("*")):
            if path.is_file():
                z.write(path, Path(kit.name) / path.relative_to(kit))
    return archive


def _size(path: Path) -> int:
    return (
        sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        if path.is_dir()
        else path.stat().st_size
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "student-kit")
    args = parser.parse_args(argv)
    kit = build(args.out.resolve())
    say("checking that no file of the kit holds a reference solution's body")
    found = leaks(kit)
    if found:
        for path, name in found:
            say(f"LEAK: {path} holds the body of {name}")
        return 1
    archive = write_zip(kit)
    observations = _size(kit / "autograder" / "observations")
    say(
        f"wrote {kit} ({_size(kit) / 1e6:.1f} MB, of which {observations / 1e6:.1f} MB recorded observations) "
        f"and {archive.name} ({_size(archive) / 1e6:.1f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
