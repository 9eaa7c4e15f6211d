"""The shape of an exercise: what a submission defines, what is tried on it, and how each check judges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from autograder.findings import Finding


@dataclass(frozen=True, eq=False)
class Probe:
    """One thing to do with the submission's objects: a driver (see `sandbox.drivers`) and its parameters."""

    driver: str
    params: dict
    stage: str  # what a student reads if it runs out of time here, e.g. "running LeNet's forward"


@dataclass(frozen=True)
class Mistake:
    """A known wrong solution: when the student's observation equals this variant's, it is the likely cause.

    `id` is the key of its explanation in the catalogues' `[mistakes]` table ("<exercise>.<name>"); `part`
    names the class it lives in when the exercise is built from parts (a UNet's `Up`).
    """

    id: str
    namespace: dict  # the names the submission would define, bound to the wrong variant
    part: str = ""


@dataclass(frozen=True)
class Check:
    name: str
    # None when it passes, else the findings (see `autograder.findings`) that say why it fails.
    judge: Callable[[Context], list[Finding] | None]
    # What a passing check found; None: the catalogue's `[passed]` text for "<exercise>.<check>".
    passes: Callable[[Context], list[Finding]] | None = None


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
    # Parameters with exercise-specific advice (the catalogues' `[hints]` table, "<exercise>.<parameter>").
    hints: tuple[str, ...] = ()


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

    def matching_mistakes(self, same: Callable[[dict, dict], bool], probe_indices=None) -> list[Finding]:
        """`known_mistake` findings for the known mistakes whose observations equal the student's, by `same`."""
        indices = range(len(self.probes)) if probe_indices is None else probe_indices
        found = []
        for mistake, results in zip(self.exercise.mistakes, self._mistake_results, strict=True):
            try:
                if all(same(self.student[i], results[i]) for i in indices):
                    if mistake.part:
                        found.append(
                            Finding("known_mistake_in", {"mistake": mistake.id}, {"part": mistake.part})
                        )
                    else:
                        found.append(Finding("known_mistake", {"mistake": mistake.id}))
            except (KeyError, IndexError, TypeError):
                continue
        return found
