"""Writes the student kit's observations: what the reference and the known mistakes do on the public probes.

    python -m autograder.answers.record OUT_DIR [EXERCISE ...]

One source: the data is generated from `autograder.answers` and never edited. Large models' observations
are what the checks need (outputs, a sample of each layer's output, structure), not their weights: the
weights are drawn from a layout (`exercises.weights`), which is all the kit carries of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from autograder.answers.live import Live
from autograder.exercises import EXERCISES
from autograder.exercises.spec import PUBLIC
from autograder.oracle import store
from autograder.oracle.fingerprint import fingerprint


def record(exercise, out: Path) -> Path:
    """Writes `<out>/<exercise id>.json` and `.safetensors`; returns the stem."""
    from autograder import oracle

    live = oracle.get()
    if not isinstance(live, Live):
        raise SystemExit("recording needs the reference (the full package), not recorded observations")
    probes = exercise.probes(PUBLIC)
    expected = live.expected(exercise, probes, PUBLIC)
    mistakes = live.mistakes(exercise, probes, PUBLIC)
    layouts = {
        str(k): {**layout, "seed": seed}
        for (exercise_id, k, seed), layout in live.layouts.items()
        if exercise_id == exercise.id and seed == PUBLIC.seed(exercise.id, k)
    }
    tree = {
        "exercise": exercise.id,
        "probes": [fingerprint(p) for p in probes],
        "layouts": layouts,
        "signatures": {name: live.signature(exercise, name) for name in exercise.reference},
        "expected": expected,
        "mistakes": {m.id: results for m, results in zip(exercise.mistakes, mistakes, strict=True)},
    }
    stem = out / exercise.id
    store.write(stem, tree)
    return stem


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    for exercise_id in args[1:] or list(EXERCISES):
        record(EXERCISES[exercise_id], out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
