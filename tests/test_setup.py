"""Is the setup reproducible: one set of pins, the same in pip and conda, and torch pinned to the CPU wheel?"""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)$")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"requirements.lock: {line!r} is not pinned with =="
        pins[_normalise(match.group(1))] = match.group(2)
    return pins


def _environment_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        item = line.strip().removeprefix("- ").strip()
        match = PIN.match(item)
        if match:
            pins[_normalise(match.group(1))] = match.group(2)
    return pins


def test_torch_is_pinned_exactly():
    """Is torch pinned to 2.13.0 exactly (anything looser pulls gigabytes of CUDA wheels)?"""
    assert _lock()["torch"] == "2.13.0"


def test_environment_yml_agrees_with_the_lock():
    """Does environment.yml list the same versions as requirements.lock, for every package it names?"""
    lock, env = _lock(), _environment_pins()
    assert env, "environment.yml pins nothing"
    for name, version in env.items():
        assert name in lock, f"environment.yml lists {name}, which requirements.lock does not pin"
        assert lock[name] == version, (
            f"{name}: environment.yml has {version}, requirements.lock has {lock[name]}"
        )


def test_direct_dependencies_are_pinned_and_in_environment_yml():
    """Is every direct dependency of the package and of the course pinned, and offered to conda users too?"""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = {_normalise(re.split(r"[<>=!~ ;\[]", d)[0]) for d in project["dependencies"]}
    direct |= {"jupyterlab", "nbgrader", "pytest", "ruff", "scikit-learn", "nbclient"}
    lock, env = _lock(), _environment_pins()
    for name in sorted(direct):
        assert name in lock, f"{name} is a direct dependency but requirements.lock does not pin it"
        assert name in env, f"{name} is a direct dependency but environment.yml does not list it"


def test_no_torchvision():
    """torchvision would ask for another torch build: the course must not depend on it."""
    assert "torchvision" not in _lock()


def test_ci_runs_the_readme_test_command():
    """Does CI run exactly what the README tells people to run?"""
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme


def test_conda_users_get_the_cpu_build_too():
    """Does environment.yml take torch from PyTorch's CPU index (whose 2.13.0+cpu meets the pin), as
    `make setup` does on Linux, rather than PyPI's CUDA build?"""
    assert (
        "- --extra-index-url https://download.pytorch.org/whl/cpu" in (ROOT / "environment.yml").read_text()
    )


def test_both_makefiles_set_up_through_the_bootstrap_script():
    """Do the course's and the kit's `make setup` run tools/bootstrap.py (the one setup, with the Python check
    and the half-made .venv/ rebuilt), with the PATH make started with, so .venv/ never makes itself?"""
    for makefile in (ROOT / "Makefile", ROOT / "tools" / "student_kit" / "Makefile"):
        text = makefile.read_text()
        assert "HOST_PATH := $(PATH)" in text.split("export PATH")[0], makefile
        assert "PATH='$(HOST_PATH)'" in text and "$(PYTHON) tools/bootstrap.py setup" in text, makefile
        assert "\nclean:" in text, makefile
