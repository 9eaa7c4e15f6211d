"""`make exercises`: one source for the exercise notebooks.

The solution code in `solutions/*/*.ipynb` is copied from `autograder/answers` (cells whose metadata names
their source objects), so the reference behaviour exists once; then nbgrader's own `generate_assignment`
turns each solution notebook into the student version in `exercises/`. Tests fail when either is stale.
"""

from __future__ import annotations

import importlib
import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]


def solution_notebooks(root: Path = ROOT) -> list[Path]:
    return sorted((root / "solutions").glob("*/*.ipynb"))


def reference_source(names: list[str]) -> str:
    """The source of reference objects, e.g. ["autograder.answers.modules:LeNet"], as one cell."""
    parts = []
    for name in names:
        module, _, attr = name.partition(":")
        parts.append(inspect.getsource(getattr(importlib.import_module(module), attr)).rstrip())
    return "\n\n\n".join(parts)


def synced(nb) -> bool:
    """Puts the reference source into every solution cell that names one; True when something changed."""
    changed = False
    for cell in nb.cells:
        names = cell.metadata.get("autograder", {}).get("source")
        if names:
            source = reference_source(names)
            if cell.source != source:
                cell.source = source
                changed = True
    return changed


def sync(root: Path = ROOT) -> list[Path]:
    """Rewrites the solution notebooks whose solution cells differ from the reference; returns them."""
    changed = []
    for path in solution_notebooks(root):
        nb = nbformat.read(path, as_version=4)
        if synced(nb):
            nbformat.write(nb, path)
            changed.append(path)
    return changed


def generate(root: Path = ROOT) -> None:
    """Runs nbgrader generate_assignment for every assignment under root/solutions into root/exercises."""
    for assignment in sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir()):
        shutil.rmtree(root / "exercises" / assignment, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "nbgrader",
                "generate_assignment",
                assignment,
                "--force",
                "--no-db",
                "--quiet",
            ],
            cwd=root,
            check=True,
        )


def main() -> None:
    for path in sync():
        print(f"synced {path.relative_to(ROOT)} from autograder/answers")
    generate()
    print(f"generated {len(list((ROOT / 'exercises').glob('*/*.ipynb')))} exercise notebooks with nbgrader")


if __name__ == "__main__":
    main()
