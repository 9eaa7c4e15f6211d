"""Writes the student kit's observations: what the reference and the known mistakes do on the public probes.

    python -m autograder.answers.record OUT_DIR [EXERCISE ...]

One source: the data is generated from `autograder.answers` and never edited. Large models' observations
are what the checks need (outputs, a sample of each layer's output, structure), not their weights: the
weights are drawn from a layout (`exercises.weights`), which is all the kit carries of them. Each file also
says which torch recorded it, on which device and in which dtype, what that torch draws, and each probe's
fingerprint, form and summary (see `oracle.recorded` for how a student's torch is held to them).
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from torch.overrides import TorchFunctionMode

from autograder.answers.live import Live
from autograder.exercises import EXERCISES
from autograder.exercises.spec import PUBLIC
from autograder.oracle import environment, store
from autograder.oracle.fingerprint import fingerprint, form, summary
from autograder.oracle.recorded import FORMAT


def record(exercise, out: Path) -> Path:
    """Writes `<out>/<exercise id>.json` and `.safetensors`; returns the stem."""
    from autograder import oracle

    live = oracle.get()
    if not isinstance(live, Live):
        raise SystemExit("recording needs the reference (the full package), not recorded observations")
    probes = exercise.probes(PUBLIC)
    with _Dropout() as dropout:  # a fresh oracle: the reference runs here, watched, not from a memo
        expected = Live().expected(exercise, probes, PUBLIC)
    mistakes = live.mistakes(exercise, probes, PUBLIC)
    layouts = {
        str(k): {**layout, "seed": seed}
        for (exercise_id, k, seed), layout in live.layouts.items()
        if exercise_id == exercise.id and seed == PUBLIC.seed(exercise.id, k)
    }
    tree = {
        "format": FORMAT,
        "exercise": exercise.id,
        "recorded_with": environment.recorded_with(),
        "draws": environment.draws(),
        # Whether what the reference did depends on Dropout masks drawn where the submission runs (torch versions
        # that draw other masks cannot compare then: see `oracle.recorded`).
        "uses_dropout": dropout.drawn,
        "probes": [{"fingerprint": fingerprint(p), "form": form(p), "summary": summary(p)} for p in probes],
        "layouts": layouts,
        "signatures": {name: live.signature(exercise, name) for name in exercise.reference},
        "expected": expected,
        "mistakes": {m.id: results for m, results in zip(exercise.mistakes, mistakes, strict=True)},
    }
    stem = out / exercise.id
    store.write(stem, tree)
    return stem


class _Dropout(TorchFunctionMode):
    """Notes whether a Dropout mask was drawn while it is active: a dropout function (or `bernoulli`) called in
    training mode with p > 0; one whose arguments cannot be read counts as drawn."""

    def __init__(self):
        super().__init__()
        self.drawn = False

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = getattr(func, "__name__", "")
        if not self.drawn and ("dropout" in name or name.startswith("bernoulli")):
            self.drawn = _draws_a_mask(func, args, kwargs)
        return func(*args, **kwargs)


def _draws_a_mask(func, args, kwargs) -> bool:
    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return True
    bound.apply_defaults()
    found = bound.arguments
    return bool(found.get("training", found.get("train", True))) and float(found.get("p", 1.0)) > 0


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
