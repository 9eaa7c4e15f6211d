"""Function exercises as data: one driver tried with fixed parameters, and the exercise's own checks."""

from __future__ import annotations

from autograder.exercises.spec import Check, Exercise, Mistake, Probe, ProbeSet


def function_exercise(
    id: str,
    assignment: str,
    title: str,
    names: tuple[str, ...],
    reference: dict[str, str],
    driver: str,
    params: dict,
    stage: str,
    checks: tuple[Check, ...],
    mistakes: tuple[str, ...] = (),
    hints: tuple[str, ...] = (),
) -> Exercise:
    """An exercise whose answer is one or more functions (or a class the driver builds itself), observed by
    `driver` (see `sandbox.drivers`) with `params`.

    The driver's fixed seeds are shifted by the probe set's offset (`params["seed"]`: 0 for the public probes,
    drawn from the instructor's secret for the hidden ones), so hidden probes try other fixtures' weights and
    inputs. `mistakes` names known mistakes ("<name>" for "<id>.<name>"): their wrong variants are in
    `autograder.answers.mistakes`, their texts under `[mistakes]` in the catalogues.
    """

    def probes(probe_set: ProbeSet) -> list[Probe]:
        return [Probe(driver, {**params, "seed": probe_set.offset(id)}, stage)]

    return Exercise(
        id=id,
        assignment=assignment,
        title=title,
        names=names,
        reference=reference,
        probes=probes,
        checks=checks,
        mistakes=tuple(Mistake(m if "." in m else f"{id}.{m}") for m in mistakes),
        hints=hints,
    )
