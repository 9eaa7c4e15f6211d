"""The shape of an exercise: what a submission defines, what is tried on it, and how each check judges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True, eq=False)
class Probe:
    """One thing to do with the submission's objects: a driver (see `sandbox.drivers`) and its parameters."""

    driver: str
    params: dict
    stage: str  # what a student reads if it runs out of time here, e.g. "running LeNet's forward"


@dataclass(frozen=True)
class Mistake:
    """A known wrong solution: when the student's observation equals this variant's, say `message`."""

    message: str
    namespace: dict  # the names the submission would define, bound to the wrong variant


@dataclass(frozen=True)
class Check:
    name: str
    judge: Callable[[Context], str | None]  # None when it passes, else what the student should read
    passes: Callable[[Context], str] | str = "ok"  # the message when it passes


@dataclass(frozen=True)
class Exercise:
    id: str
    assignment: str
    title: str
    names: tuple[str, ...]
    reference: dict  # name -> the reference object, standing in for the submission's names
    probes: Callable[[], list[Probe]]
    checks: tuple[Check, ...]
    mistakes: tuple[Mistake, ...] = ()
    hints: dict = field(default_factory=dict)  # exercise-specific advice, keyed by what the checks look up


@dataclass
class Context:
    """Everything one exercise's checks need: the probes, and what student, reference and mistakes did."""

    exercise: Exercise
    probes: list[Probe]
    student: list[dict]
    expected: list[dict]
    run_reference: Callable[[dict, Probe], dict]

    @cached_property
    def _mistake_results(self) -> list[list[dict]]:
        return [[self.run_reference(m.namespace, p) for p in self.probes] for m in self.exercise.mistakes]

    def matching_mistakes(self, same: Callable[[dict, dict], bool], probe_indices=None) -> list[str]:
        """Messages of the known mistakes whose observations equal the student's, by `same`."""
        indices = range(len(self.probes)) if probe_indices is None else probe_indices
        found = []
        for mistake, results in zip(self.exercise.mistakes, self._mistake_results, strict=True):
            try:
                if all(same(self.student[i], results[i]) for i in indices):
                    found.append(mistake.message)
            except (KeyError, IndexError, TypeError):
                continue
        return found
