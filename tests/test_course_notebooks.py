"""Do the course chapters run top to bottom in a fresh kernel, and are they committed clean?"""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

CHAPTERS = sorted((ROOT / "course").glob("[0-9][0-9]_*.ipynb"))
COMMITTED = sorted(ROOT.glob("**/*.ipynb"))


def test_there_are_eight_chapters():
    """Is every chapter of the course there, named NN_topic_chapter (distinct from the exercise's NN_topic)?"""
    assert [p.stem[:2] for p in CHAPTERS] == [f"{i:02d}" for i in range(1, 9)]
    assert all(p.stem.endswith("_chapter") for p in CHAPTERS)


# workspace/ holds a student's own copies of the exercises, with their outputs: never committed.
@pytest.mark.parametrize(
    "path",
    [p for p in COMMITTED if not {".venv", "workspace"} & set(p.relative_to(ROOT).parts)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_notebook_is_committed_clean(path):
    """Is the notebook free of outputs and execution counts (diffs stay readable, no stale results)?"""
    nb = json.loads(path.read_text())
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"cell {index} has outputs"
            assert cell.get("execution_count") is None, f"cell {index} has an execution count"


@pytest.mark.slow
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_in_a_fresh_kernel(path, tmp_path):
    """Does every cell of the chapter run, in order, in a fresh kernel, on CPU, with no network?"""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert not measured_numbers_not_printed(nb)


# A decimal number in prose ("1.6e-02", "0.68"), outside code spans, math and links, and not a version.
DECIMAL = re.compile(r"(?<![\w.])(?:\d+\.\d+(?:e[+-]?\d+)?|\d+e[+-]\d+)(?![\w.])")
NOT_PROSE = re.compile(r"`[^`]*`|\$[^$]*\$|\]\([^)]*\)|(?:PyTorch|torch|Python) \d+\.\d+")


def measured_numbers_not_printed(nb) -> list[tuple[int, str]]:
    """(cell, number) for each decimal in a markdown cell that no earlier code cell printed: a measured number
    typed into the prose drifts from what the cells print on another machine or torch version, so prose quotes
    only what the notebook printed (or points at the printed line instead)."""
    printed, missing = "", []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for output in cell.outputs:
                text = output.get("text") or output.get("data", {}).get("text/plain", "")
                printed += "".join(text) + "\n"
        else:
            prose = NOT_PROSE.sub(" ", cell.source)
            missing += [
                (index, n)
                for n in DECIMAL.findall(prose)
                if not re.search(rf"(?<![\w.]){re.escape(n)}(?![\d])", printed)
            ]
    return missing
