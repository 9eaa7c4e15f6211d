"""Function exercises as data: one driver tried with fixed parameters, and the exercise's own checks."""

from __future__ import annotations

from autograder.exercises.spec import Chapter, Check, Exercise, Mistake, Probe, ProbeSet
from autograder.exercises.spec import stage as spec_stage


def function_exercise(
    *,
    chapter: Chapter,
    id: str,
    title: str,
    names: tuple[str, ...],
    driver: str,
    params: dict,
    checks: tuple[Check, ...],
    stage: dict | None = None,
    parts: tuple[str, ...] = (),
    mistakes: tuple[str, ...] = (),
    hints: tuple[str, ...] = (),
) -> Exercise:
    """An exercise whose answer is one or more functions (or a class the driver builds itself), observed by
    `driver` (an observer in `autograder/jailed/observe/`) with `params`.

    Args:
        chapter: the chapter it is declared in (`Chapter.of(__name__)`): its assignment, and where its
            references live (`autograder/answers/<topic>.py`, under the names a submission defines).
        id: the exercise's id, e.g. "predict".
        title: what the report calls it in English (other languages: `[titles]` in the catalogues).
        names: what a submission defines, in the order `check(id, *objects)` takes them.
        driver: the observer that runs them; `params` is what it is given.
        checks: the exercise's checks, in order.
        stage: what a student reads if it runs out of time (`spec.stage`); running its first name when omitted.
        parts: earlier exercises' classes the driver uses too (`("CausalBlock",)`), bound to their references
            for the reference and the known mistakes; a submission's own are the notebook's earlier cells'.
        mistakes: known mistakes ("<name>" for "<id>.<name>"): their wrong variants are in
            `autograder/answers/mistakes/<chapter>.py`, their texts under `[mistakes]` in the catalogues.
        hints: parameters with exercise-specific advice (`[hints]` in the catalogues, "<id>.<parameter>").

    The driver's fixed seeds are shifted by the probe set's offset (`params["seed"]`: 0 for the public probes,
    drawn from the instructor's secret for the hidden ones), so hidden probes try other fixtures' weights and
    inputs.
    """
    stage = stage or spec_stage("running", what=names[0])

    def probes(probe_set: ProbeSet) -> list[Probe]:
        return [Probe(driver, {**params, "seed": probe_set.offset(id)}, stage)]

    return Exercise(
        id=id,
        assignment=chapter.assignment,
        title=title,
        names=names,
        reference={name: chapter.reference(name) for name in (*names, *parts)},
        probes=probes,
        checks=checks,
        mistakes=tuple(Mistake(m if "." in m else f"{id}.{m}") for m in mistakes),
        hints=hints,
    )
