"""What the grader says of every known-good and known-bad variant, as data: run in the full package and in
the student kit's own environment, the two must be equal (tests/test_student_kit.py).

    python tests/kit_outcomes.py REPO_ROOT > outcomes.json

Grades in process (the variants are ours, not a student's): for each variant, each check's verdict and the
sorted codes of its findings. Exercises built from earlier parts (resnet18 from BasicBlock, ...) get those parts
from the reference's source file in REPO_ROOT, executed as if they were the notebook's earlier cells: the kit
has no `autograder.answers` to import them from.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

EARLIER_PARTS = {
    "resnet18": ("resnet", ["BasicBlock"]),
    "resnet50_layers": ("resnet", ["BasicBlock", "Bottleneck"]),
    "down": ("unet", ["DoubleConv"]),
    "up": ("unet", ["DoubleConv"]),
    "unet": ("unet", ["DoubleConv", "Down", "Up", "OutConv"]),
    "resume_training": ("train_eval", ["CausalBlock"]),
}


def earlier_parts(root: Path, exercise: str) -> dict:
    if exercise not in EARLIER_PARTS:
        return {}
    module, names = EARLIER_PARTS[exercise]
    path = root / "autograder" / "answers" / f"{module}.py"
    namespace: dict = {"__name__": f"earlier_{module}"}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return {name: namespace[name] for name in names}


def outcomes(root: Path) -> dict:
    from autograder.grading import grade_namespace

    found = {}
    for path in sorted((root / "tests" / "variants").glob("*/*.py")):
        exercise = path.parent.name
        namespace: dict = {"__name__": "submission", **earlier_parts(root, exercise)}
        exec(compile(path.read_text(), str(path), "exec"), namespace)
        result = grade_namespace(namespace, [exercise], lang="en").exercises[0]
        found[f"{exercise}/{path.stem}"] = [
            [c.name, c.passed, sorted({code for f in c.findings for code in f.codes()})]
            for c in result.checks
        ]
    return found


if __name__ == "__main__":
    json.dump(outcomes(Path(sys.argv[1])), sys.stdout, indent=1, sort_keys=True)
