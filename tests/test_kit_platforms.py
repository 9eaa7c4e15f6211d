"""Does the setup work on any student's machine: the Python checked first, a half-made `.venv/` made again,
torch's CPU build by default on Linux, the Windows path as far as Linux can run it, and a student lock
without the developer's tools?

The setup tests run `tools/bootstrap.py` (through the Makefile where `make lab` would) on a tiny course in a
temporary folder: the same script and Makefile, a lock of one or two small packages, so that a real virtualenv
is made and broken in seconds. The three that make a virtualenv are marked slow (10 to 30 s each); the rest
take a few seconds together. The kit's full setup, with torch, is
`test_kit_sets_up_and_checks_like_the_full_package`, and the hosted-notebook cell in a fresh kernel is
`test_the_hosted_notebook_cell_installs_the_grader_and_keeps_torch`, both in tests/test_student_kit.py.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from test_student_kit import _env

sys.path.insert(0, str(ROOT / "tools"))
import student_kit  # noqa: E402

_spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "tools" / "bootstrap.py")
bootstrap = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bootstrap)

# A Python made from, never a virtualenv's: the fakes below run it, and a venv made from a venv is another thing.
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)
REQUIRED = bootstrap.required_python((ROOT / "pyproject.toml").read_text())
MAIN_LOCK = (ROOT / "requirements.lock").read_text()
# The developer's and the instructor's tools, and what only they need: never on a student's machine.
DEVELOPER_TOOLS = {
    "pytest",
    "pytest-xdist",
    "execnet",
    "iniconfig",
    "pluggy",
    "ruff",
    "playwright",
    "greenlet",
    "nbgrader",
    "alembic",
    "sqlalchemy",
    "mako",
}


def _pin(name: str) -> str:
    """`name==version` as requirements.lock pins it."""
    return next(line for line in MAIN_LOCK.splitlines() if line.lower().startswith(f"{name}=="))


def _course(root: Path, lock: list[str]) -> Path:
    """A course folder as small as a setup can be: the real Makefile, bootstrap.py and requires-python, a
    package of one empty module, and `lock` as its requirements.lock (setuptools is the editable install's
    build backend)."""
    (root / "tools").mkdir(parents=True)
    shutil.copy2(ROOT / "tools" / "bootstrap.py", root / "tools" / "bootstrap.py")
    shutil.copy2(ROOT / "tools" / "student_kit" / "Makefile", root / "Makefile")
    (root / "tinycourse").mkdir()
    (root / "tinycourse" / "__init__.py").write_text("")
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = "setuptools.build_meta"\n\n'
        f'[project]\nname = "tinycourse"\nversion = "0"\nrequires-python = ">={REQUIRED[0]}.{REQUIRED[1]}"\n'
    )
    (root / "requirements.lock").write_text("\n".join(lock + [_pin("setuptools")]) + "\n")
    return root


def _fake_python(folder: Path, version: tuple[int, int], *, ensurepip: bool = True) -> Path:
    """A `python3` in `folder` that says it is `version` (as macOS's command line tools' python3 says 3.9),
    and without `ensurepip` when asked (as Debian's Python without python3.X-venv)."""
    folder.mkdir(parents=True, exist_ok=True)
    pretend = f"sys.version_info = ({version[0]}, {version[1]}, 0, 'final', 0); "
    if not ensurepip:
        pretend += "sys.modules['ensurepip'] = None; "
    fake = folder / "python3"
    fake.write_text(
        "#!/bin/sh\n"
        f"exec '{BASE_PYTHON}' -c \"import runpy, sys; {pretend}sys.argv = sys.argv[1:]; "
        'runpy.run_path(sys.argv[0], run_name=\'__main__\')" "$@"\n'
    )
    fake.chmod(0o755)
    return fake


def _run(command: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env or _env(), capture_output=True, text=True, timeout=600
    )
    done.output = done.stdout + done.stderr
    return done


def _make(course: Path, *args: str, path_first: Path | None = None) -> subprocess.CompletedProcess:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = _env()
    if path_first:
        env["PATH"] = f"{path_first}{os.pathsep}{env['PATH']}"
    return _run(["make", "--no-print-directory", "-C", course, *args], course, env)


def _setup_lines(done) -> list[str]:
    return [line for line in done.stdout.splitlines() if line.startswith("setup: ")]


# ------------------------------------------------------------------------------------------ the Python


def test_an_old_python_is_refused_first_with_what_to_do(tmp_path):
    """Does `make lab` with a python3 that is 3.9 stop before making anything, saying which Python it found,
    which it needs, and the command to run instead?"""
    course = _course(tmp_path / "course", [_pin("six")])
    fake = _fake_python(tmp_path / "bin", (3, 9))
    done = _make(course, "lab", path_first=fake.parent)
    assert done.returncode != 0
    first = _setup_lines(done)[0]
    # The interpreter it names is the one python3 runs (here the real one behind the fake).
    assert re.fullmatch(
        rf"setup: the course needs Python {REQUIRED[0]}\.{REQUIRED[1]} or newer; this is Python 3\.9 \(/.+\)\.",
        first,
    ), done.output
    # Either a newer Python this machine has, with the exact make command, or what to install.
    advice = _setup_lines(done)[1]
    assert re.search(r"run `make lab PYTHON=python3\.\d+`\.$", advice) or "Install Python" in advice, advice
    assert not (course / ".venv").exists()
    assert "lab: " not in done.output, "the lab started anyway"

    # Without make (Windows' way, here with the same old Python): the same refusal, and the script's command.
    direct = _run([fake, "tools/bootstrap.py", "lab"], course)
    assert direct.returncode == 1 and _setup_lines(direct)[0] == first, direct.output
    assert "tools/bootstrap.py lab" in _setup_lines(direct)[1] or "Install Python" in _setup_lines(direct)[1]
    assert not (course / ".venv").exists()


@pytest.mark.parametrize(
    ("platform", "advice"),
    [
        ("win32", "winget install Python.Python.{v}`).\nThen run `py -{v} tools\\bootstrap.py lab`."),
        ("darwin", "(`brew install python@{v}`).\nThen run `python{v} tools/bootstrap.py lab`."),
        ("linux", "`sudo apt install python{v} python{v}-venv`)"),
    ],
)
def test_the_advice_fits_the_platform(monkeypatch, platform, advice):
    """Where no newer Python is found, does the refusal say what to install on that platform, and the command
    to run then (Windows: the `py` launcher and a backslash)?"""
    monkeypatch.setattr(bootstrap, "other_pythons", lambda required: [])
    monkeypatch.delenv("MAKE_GOALS", raising=False)
    with pytest.raises(bootstrap.SetupError) as refused:
        bootstrap.check_python((3, 9), REQUIRED, "python3", "lab", platform)
    v = f"{REQUIRED[0]}.{REQUIRED[1]}"
    assert str(refused.value).startswith(
        f"the course needs Python {v} or newer; this is Python 3.9 (python3)."
    )
    assert advice.format(v=v) in str(refused.value)


def test_a_python_without_venv_support_is_told_what_to_install(tmp_path):
    """A Python without ensurepip (Debian's, without python3.X-venv): is it told the package to install,
    before a half-made .venv/ exists?"""
    course = _course(tmp_path / "course", [_pin("six")])
    fake = _fake_python(tmp_path / "bin", REQUIRED, ensurepip=False)
    done = _make(course, "setup", path_first=fake.parent)
    assert done.returncode != 0
    v = f"{REQUIRED[0]}.{REQUIRED[1]}"
    assert _setup_lines(done) == [
        "setup: this Python cannot make a virtualenv with pip in it (no `ensurepip` module). "
        f"On Debian, Ubuntu and WSL: `sudo apt install python{v}-venv`, then run this again."
    ], done.output
    assert not (course / ".venv").exists()


def test_bootstrap_parses_on_old_pythons():
    """Can Python 3.6 read tools/bootstrap.py, so that an old Python gets the message and not a syntax error?"""
    ast.parse((ROOT / "tools" / "bootstrap.py").read_text(), feature_version=(3, 6))


# ---------------------------------------------------------------------------------------- the virtualenv


def _no_pip(venv: Path) -> None:
    """What Debian's Python without python3.X-venv, or a first run stopped early, leaves."""
    subprocess.run([BASE_PYTHON, "-m", "venv", "--without-pip", str(venv)], check=True)


def _interpreter_gone(venv: Path) -> None:
    """What a Homebrew or pyenv upgrade leaves: the venv's python points at a Python that is no more."""
    _no_pip(venv)
    python = venv / "bin" / "python"
    python.unlink()
    python.symlink_to(venv.parent / "python3.0-removed")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        (_no_pip, "it has no pip"),
        (_interpreter_gone, "its Python does not start"),
    ],
)
def test_a_half_made_venv_is_made_again(tmp_path, breakage, reason):
    """Is a .venv/ that cannot work (even with a stamp that says it is ready) found, deleted and made again by
    `make setup`, rather than failing on every later run?"""
    course = _course(tmp_path / "course", [_pin("six")])
    venv = course / ".venv"
    breakage(venv)
    # A stamp from an earlier, complete install: it must not hide that the interpreter is broken now.
    stamp = bootstrap.digest(
        (course / "requirements.lock").read_bytes(), (course / "pyproject.toml").read_bytes()
    )
    (venv / ".ready").write_text(stamp + "\n")

    done = _make(course, "setup")
    assert done.returncode == 0, done.output
    lines = _setup_lines(done)
    assert lines[0].startswith(f"setup: .venv/ cannot be used: {reason}"), done.output
    assert lines[0].endswith(". Making it again."), lines[0]
    assert lines[1].startswith("setup: creating the virtualenv .venv/ with ")
    assert lines[-1] == "setup: .venv/ is ready"
    works = _run([venv / "bin" / "python", "-c", "import pip, six, tinycourse"], course)
    assert works.returncode == 0, works.output


# -------------------------------------------------------------------------------------------------- torch


@pytest.mark.parametrize(
    ("platform", "environ", "tries"),
    [
        # Linux: a wheel pip has offline first, then PyTorch's CPU index.
        (
            "linux",
            {},
            [
                ["--no-index", "--no-deps", "torch==2.13.0"],
                ["--no-deps", "torch==2.13.0", "--index-url", bootstrap.CPU_INDEX],
            ],
        ),
        # macOS and Windows: PyPI's torch is the CPU one there.
        ("darwin", {}, [["--no-deps", "torch==2.13.0"]]),
        ("win32", {}, [["--no-deps", "torch==2.13.0"]]),
        # Asked for: that index only; empty is pip's own (PyPI's CUDA build on Linux).
        (
            "linux",
            {"TORCH_INDEX": "https://download.pytorch.org/whl/cu128"},
            [["--no-deps", "torch==2.13.0", "--index-url", "https://download.pytorch.org/whl/cu128"]],
        ),
        ("linux", {"TORCH_INDEX": ""}, [["--no-deps", "torch==2.13.0"]]),
    ],
)
def test_torch_is_the_cpu_build_on_linux_unless_asked(platform, environ, tries):
    """Where does torch come from on each platform, with and without TORCH_INDEX?"""
    index, explicit = bootstrap.torch_index(environ, platform)
    assert bootstrap.torch_installs(bootstrap.torch_pin(MAIN_LOCK), index, explicit) == tries


def _wheel(folder: Path, name: str, version: str, requires: list[str] = ()) -> Path:
    """A wheel of an empty package, as PyPI and PyTorch's indexes serve them, with a PEP 503 page for it."""
    project = folder / name
    project.mkdir(parents=True, exist_ok=True)
    path = project / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(
        f"Requires-Dist: {r}\n" for r in requires
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{name}/__init__.py", f"__version__ = {version!r}\n")
        z.writestr(f"{info}/METADATA", metadata)
        z.writestr(
            f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        )
        z.writestr(f"{info}/RECORD", "")
    links = "".join(f'<a href="{p.name}">{p.name}</a>\n' for p in sorted(project.glob("*.whl")))
    (project / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")
    return path


@pytest.mark.slow
def test_the_cpu_build_from_its_index_meets_the_lock_and_stays(tmp_path):
    """With PyPI offering torch 2.13.0 with CUDA libraries and TORCH_INDEX 2.13.0+cpu: is the CPU build the one
    installed, does the lock's `torch==2.13.0` keep it, and does an interrupted install finish without making
    .venv/ again?"""
    wheels = tmp_path / "wheels"
    fetched = _run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", wheels, _pin("setuptools")],
        tmp_path,
    )
    assert fetched.returncode == 0, fetched.output
    pypi, cpu = tmp_path / "pypi", tmp_path / "cpu"
    # PyPI's Linux torch: its CUDA libraries are a dependency (one that cannot be found here, on purpose).
    _wheel(pypi, "torch", "2.13.0", ["nvidia-cuda-runtime==13.0"])
    _wheel(cpu, "torch", "2.13.0+cpu")
    (pypi / "setuptools").mkdir()
    for wheel in wheels.glob("setuptools-*.whl"):
        shutil.copy2(wheel, pypi / "setuptools" / wheel.name)
        (pypi / "setuptools" / "index.html").write_text(f'<a href="{wheel.name}">{wheel.name}</a>\n')

    course = _course(tmp_path / "course", [_pin("torch")])
    env = {
        k: v for k, v in _env().items() if not k.startswith("PIP_") or k in ("PIP_DISABLE_PIP_VERSION_CHECK",)
    }
    # pip's own configuration on this machine (find-links with the real torch, local indexes) stays out.
    env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_INDEX_URL": pypi.as_uri(), "TORCH_INDEX": cpu.as_uri()}
    python = course / ".venv" / "bin" / "python"
    version = [python, "-c", "import importlib.metadata as m; print(m.version('torch'))"]

    done = _run([BASE_PYTHON, "tools/bootstrap.py", "setup"], course, env)
    assert done.returncode == 0, done.output
    assert f"setup: installing torch==2.13.0 on its own, from {cpu.as_uri()}" in done.stdout
    assert _run(version, course).stdout.strip() == "2.13.0+cpu"

    # Interrupted after the venv was made: the next run installs again, into the same venv.
    (course / ".venv" / ".ready").unlink()
    (course / ".venv" / "mine").write_text("still here")
    again = _run([BASE_PYTHON, "tools/bootstrap.py", "setup"], course, env)
    assert again.returncode == 0, again.output
    assert "creating the virtualenv" not in again.stdout and (course / ".venv" / "mine").exists()
    assert _setup_lines(again)[-1] == "setup: .venv/ is ready"
    assert _run(version, course).stdout.strip() == "2.13.0+cpu"

    # Ready: a third run only checks.
    third = _run([BASE_PYTHON, "tools/bootstrap.py", "setup"], course, env)
    assert third.returncode == 0 and third.stdout == "", third.output


# --------------------------------------------------------------------------------------- Windows' path


def test_windows_paths_and_commands():
    """Does the script use Windows' layout of a virtualenv there (`Scripts\\python.exe`) and tell Windows
    users the `py` launcher's command?"""
    assert bootstrap.venv_python("C:\\kit\\.venv", "nt").endswith(os.path.join("Scripts", "python.exe"))
    assert bootstrap.venv_python("/kit/.venv", "posix") == os.path.join("/kit/.venv", "bin", "python")
    assert bootstrap.run_again("python3.12", "lab", "win32") == "py -3.12 tools\\bootstrap.py lab"


def test_the_lab_script_runs_without_unix_only_calls(monkeypatch):
    """Without `os.geteuid` (Windows), does tools/lab.py still build JupyterLab's command line?"""
    from test_lab import lab

    monkeypatch.delattr(os, "geteuid")
    command = lab.jupyter_command(ROOT, 8899, False)
    assert "--allow-root" not in command and "--ServerApp.port=8899" in command


def test_the_workflow_sets_the_kit_up_on_each_platform_as_the_readme_says():
    """Does the CI workflow run the kit's setup on Windows, macOS and Linux with the commands its README gives
    (`tools/bootstrap.py` without make, `make` with it), then self-check and start the lab?"""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "student-kit.yml").read_text())
    kit = workflow["jobs"]["kit"]
    assert set(kit["strategy"]["matrix"]["os"]) == {"windows-latest", "macos-latest", "ubuntu-latest"}
    script = "\n".join(step.get("run", "") for step in kit["steps"])
    for command in ("python tools/bootstrap.py setup", "make setup PYTHON=python", "-m autograder check"):
        assert command in script, command
    assert "tools/bootstrap.py lab --no-browser" in script
    readme = (ROOT / "tools" / "student_kit" / "README.md").read_text()
    assert "`py tools\\bootstrap.py lab`" in readme and "`make lab`" in readme


# --------------------------------------------------------------------------------------- the student lock


def _lock_pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            pin = line.split(";")[0].strip()
            name, version = pin.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_the_student_lock_has_no_developer_tools_and_the_same_pins():
    """Is the students' lock the course's pins, version for version, without pytest, ruff, playwright,
    nbgrader and what only they need?"""
    students, course = _lock_pins(student_kit.student_lock(MAIN_LOCK)), _lock_pins(MAIN_LOCK)
    assert not DEVELOPER_TOOLS & set(students), sorted(DEVELOPER_TOOLS & set(students))
    assert DEVELOPER_TOOLS <= set(course), "the developer's lock should have them: is this test stale?"
    for name, version in students.items():
        assert course.get(name) == version, (
            f"{name}: the student lock has {version}, the course {course.get(name)}"
        )
    assert {"torch", "jupyterlab", "ipykernel", "setuptools"} <= set(students)
    assert 'pyseccomp==0.1.2 ; sys_platform == "linux"' in student_kit.student_lock(MAIN_LOCK).splitlines()


# What of the kit students never run, so its imports need not be in their lock: grading a class (the
# instructor's: Dask, nbgrader's gradebook), and the grader's pytest plugin (loaded only where pytest runs).
NOT_FOR_STUDENTS = ("autograder/classgrade/", "autograder/frontends/pytest_plugin.py")


def _imports(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_student_lock_covers_every_import_of_the_kit():
    """Does every package that the kit's code, tools and notebooks import (at any depth) come with the
    students' lock, so that nothing a student runs is missing from it?"""
    import importlib.metadata

    owners = importlib.metadata.packages_distributions()
    students = _lock_pins(student_kit.student_lock(MAIN_LOCK))
    files = [p for p in (ROOT / "autograder").rglob("*.py") if "answers" not in p.relative_to(ROOT).parts]
    files += [ROOT / "tools" / name for name in ("lab.py", "bootstrap.py")]
    sources = [(p, p.read_text()) for p in files]
    for notebook in [*(ROOT / "course").glob("*.ipynb"), *(ROOT / "exercises").rglob("*.ipynb")]:
        for cell in json.loads(notebook.read_text())["cells"]:
            if cell["cell_type"] == "code":
                code = "".join(cell["source"])
                sources.append(
                    (
                        notebook,
                        "\n".join(l for l in code.splitlines() if not l.lstrip().startswith(("%", "!"))),
                    )
                )
    missing = []
    for path, source in sources:
        for name in _imports(source) - set(sys.stdlib_module_names) - {"autograder"}:
            where = path.relative_to(ROOT).as_posix()
            if where.startswith(NOT_FOR_STUDENTS):
                continue
            dists = {re.sub(r"[-_.]+", "-", d).lower() for d in owners.get(name, [name])}
            if not dists & set(students):
                missing.append(f"{where} imports {name}")
    assert not missing, sorted(set(missing))
