"""How long each course chapter takes to run top to bottom in a fresh kernel (the budget: 3 minutes for all).

    .venv/bin/python benchmarks/notebooks.py [--repeat 3]

Each chapter runs in a new kernel, as `make test` and a student's first "Run all" do; the table gives the
median wall time of each (kernel start and imports included), the total, and the total against the budget.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 180.0


def run_once(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        start = time.monotonic()
        NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}
        ).execute()
        return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    total = 0.0
    print(f"{'chapter':24} {'median s':>9} {'runs':>24}")
    for path in sorted((ROOT / "course").glob("[0-9][0-9]_*.ipynb")):
        runs = [run_once(path) for _ in range(args.repeat)]
        median = statistics.median(runs)
        total += median
        print(f"{path.stem:24} {median:9.1f} {' '.join(f'{r:.1f}' for r in runs):>24}")
    print(f"{'total':24} {total:9.1f}   budget {BUDGET_S:.0f} s, used {100 * total / BUDGET_S:.0f}%")


if __name__ == "__main__":
    main()
