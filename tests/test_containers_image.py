"""Does the grading image's Dockerfile take its pins from requirements.lock alone, and copy what exists?

Not built here (no container runtime on the test machines): these check the file against the checkout.
"""

from __future__ import annotations

import fnmatch
import re

from conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, its arguments) for each instruction, continuation lines joined, comments dropped."""
    lines = [line for line in DOCKERFILE.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    return [tuple(line.split(None, 1)) for line in joined.splitlines() if line.strip()]


def test_the_image_pins_nothing_the_lock_does_not():
    """Is every Python package installed from requirements.lock (no `name==version` of its own, no bare
    `pip install name`), with the lock installed the way `make setup` installs it?"""
    runs = " ".join(args for name, args in _instructions() if name == "RUN")
    assert not re.search(r"[A-Za-z0-9_.-]+==[0-9]", runs), (
        "a pin in the Dockerfile: pins live in requirements.lock"
    )
    for install in re.findall(r"pip install ([^&;]*)", runs):
        assert install.split()[-1] == ".", f"pip installs something other than the package itself: {install}"
    assert "install_lock(" in runs and "requirements.lock" in runs
    assert any(name == "FROM" and args.startswith("debian:") for name, args in _instructions())


def test_every_copied_path_exists_and_reaches_the_build():
    """Does every COPY source exist in the checkout, and does .dockerignore let it through?"""
    rules = [r for r in (ROOT / ".dockerignore").read_text().splitlines() if r and not r.startswith("#")]

    def sent(path: str) -> bool:
        keep = True
        for rule in rules:
            negated, pattern = rule.startswith("!"), rule.lstrip("!")
            if fnmatch.fnmatch(path, pattern) or path.startswith(pattern.rstrip("/") + "/"):
                keep = negated
        return keep

    copies = [args.split()[:-1] for name, args in _instructions() if name == "COPY"]
    assert copies
    for sources in copies:
        for source in sources:
            assert (ROOT / source).exists(), source
            assert sent(source), f"{source} is left out of the build context by .dockerignore"
    assert not sent(".venv") and not sent("solutions")


def test_the_entrypoint_is_the_grader():
    """Does the image run `autograder` (check, grade, list) by default?"""
    assert ("ENTRYPOINT", '["autograder"]') in _instructions()
