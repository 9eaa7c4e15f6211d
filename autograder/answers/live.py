"""The oracle computed from the reference solutions and the known mistakes, in the grader's process."""

from __future__ import annotations

import importlib
import inspect
import threading

import torch

from autograder.exercises import weights
from autograder.exercises.spec import Exercise, Mistake, Probe, ProbeSet
from autograder.jailed import observe

# Probes and reference results seed torch's global random number generator, which threads (class grading
# judges in several) share: they are computed one at a time, and once.
_lock = threading.RLock()


def resolve(path: str):
    """The reference object at `path`, "module:attr" inside `autograder.answers` (e.g. "modules:LeNet")."""
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(f"autograder.answers.{module}"), attr)


def reference_names(exercise: Exercise) -> dict:
    """The names the exercise's submission defines, bound to the reference's objects."""
    return {name: resolve(path) for name, path in exercise.reference.items()}


def mistake_names(exercise: Exercise, mistake: Mistake) -> dict:
    """The names a submission with `mistake` would define: the reference's, with the wrong variants over them."""
    from autograder.answers.mistakes import MISTAKES

    return {**reference_names(exercise), **MISTAKES[exercise.id][mistake.id]}


def signature(exercise: Exercise, name: str) -> str | None:
    """How the reference's `name` is called, e.g. "LeNet(in_channels=3, num_classes=10)"; None if it has none."""
    try:
        parameters = inspect.signature(resolve(exercise.reference[name])).parameters.values()
    except (KeyError, TypeError, ValueError):
        return None
    unannotated = [p.replace(annotation=inspect.Parameter.empty) for p in parameters]
    return name + str(inspect.Signature(unannotated))


class Live:
    name = "live"

    def signature(self, exercise: Exercise, name: str) -> str | None:
        return signature(exercise, name)

    def __init__(self):
        self._runs: dict[tuple, dict] = {}
        self.layouts: dict[tuple, dict] = {}  # (exercise id, probe index, seed) -> layout, for `record`

    def layout(self, exercise_id: str, k: int, seed: int, path: str, args, kwargs) -> dict:
        """The weights layout of the reference at `path` built with (args, kwargs), as seeded for probe k."""
        key = (exercise_id, k, seed)
        with _lock:
            if key not in self.layouts:
                torch.manual_seed(seed)
                self.layouts[key] = weights.layout_of(resolve(path)(*args, **kwargs))
            return self.layouts[key]

    def _run(
        self, exercise: Exercise, which: str, names, probes: list[Probe], probe_set: ProbeSet
    ) -> list[dict]:
        results = []
        for k, probe in enumerate(probes):
            key = (exercise.id, which, probe_set.secret, k)
            with _lock:
                if key not in self._runs:
                    params = probe.params
                    if which != "reference" and params.get("trace"):
                        params = {**params, "trace": False}  # a known mistake's trace is never compared
                    self._runs[key] = observe.run(probe.driver, names(), params)
                results.append(self._runs[key])
        return results

    def expected(self, exercise: Exercise, probes: list[Probe], probe_set: ProbeSet) -> list[dict]:
        """What the reference did on each probe."""
        return self._run(exercise, "reference", lambda: reference_names(exercise), probes, probe_set)

    def mistakes(self, exercise: Exercise, probes: list[Probe], probe_set: ProbeSet) -> list[list[dict]]:
        """What each known mistake did on each probe, in `exercise.mistakes` order."""
        return [
            self._run(exercise, m.id, lambda m=m: mistake_names(exercise, m), probes, probe_set)
            for m in exercise.mistakes
        ]
