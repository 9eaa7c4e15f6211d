"""The oracle read from recorded observations: the student kit's, which has no reference code.

`<dir>/<exercise id>.json` and `.safetensors` (see `store`), written by `record` from the reference on the public
probes; `<dir>` is `AUTOGRADER_OBSERVATIONS` or the `observations/` folder inside the package.

Each exercise's data (format `FORMAT`) says which torch recorded it (`recorded_with`), what that torch drew where
the observers draw (`draws`), whether the reference's observations depend on Dropout masks (`uses_dropout`) and,
per probe, its `fingerprint`, `form` and `summary` (see `fingerprint`). Before comparing, this torch must be in
the supported range and draw the same numbers, up to rounding (see `environment`); where it does not,
`OracleUnavailable` says which torch the self-check needs and which one this is.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import torch

from autograder.exercises.spec import Exercise, Probe, ProbeSet
from autograder.oracle import OracleUnavailable, environment, store
from autograder.oracle.fingerprint import fingerprint, form, same_draws, summary

_lock = threading.Lock()
# The layout of the recorded data: `record` writes it, and data of another layout is out of date.
FORMAT = 2


def folder() -> Path:
    return environment.observations_folder()


class Recorded:
    name = "recorded"

    def __init__(self):
        self._data: dict[str, dict] = {}
        # The probes each exercise's data was checked against (kept, so the check is made once per process).
        self._verified: dict[str, list[Probe]] = {}

    def _load(self, exercise_id: str) -> dict:
        with _lock:
            if exercise_id not in self._data:
                stem = folder() / exercise_id
                if not stem.with_suffix(".json").exists():
                    raise OracleUnavailable("oracle_not_recorded", exercise=exercise_id, folder=str(folder()))
                self._data[exercise_id] = store.read(stem)
            return self._data[exercise_id]

    def layout(self, exercise_id: str, k: int, seed: int, path: str, args, kwargs) -> dict:
        data = self._load(exercise_id)
        layout = data["layouts"].get(str(k))
        if layout is None or layout["seed"] != seed:
            raise OracleUnavailable("oracle_hidden_needs_reference")
        _torch_supported(data)  # drawing the probes from the layout is this torch's work
        return layout

    def signature(self, exercise: Exercise, name: str) -> str | None:
        return self._load(exercise.id).get("signatures", {}).get(name)

    def _checked(self, exercise: Exercise, probes: list[Probe], probe_set: ProbeSet) -> dict:
        if probe_set.hidden:
            raise OracleUnavailable("oracle_hidden_needs_reference")
        data = self._load(exercise.id)
        if self._verified.get(exercise.id) is not probes:
            if data.get("format") != FORMAT:
                raise OracleUnavailable("oracle_out_of_date", exercise=exercise.id)
            _torch_supported(data)
            kinds = ("generator", "init", "dropout") if data["uses_dropout"] else ("generator", "init")
            if environment.differing_draws(_draws_now(), data["draws"], kinds):
                raise _draws_differ(exercise.id, data)
            _same_probes(exercise.id, data, probes)
            self._verified[exercise.id] = probes
        return data

    def expected(self, exercise: Exercise, probes: list[Probe], probe_set: ProbeSet) -> list[dict]:
        return self._checked(exercise, probes, probe_set)["expected"]

    def mistakes(self, exercise: Exercise, probes: list[Probe], probe_set: ProbeSet) -> list[list[dict]]:
        recorded = self._checked(exercise, probes, probe_set)["mistakes"]
        return [recorded[m.id] for m in exercise.mistakes]


def _recorded_torch(data: dict) -> str:
    return environment.base(data.get("recorded_with", {}).get("torch", "?"))


def _torch_supported(data: dict) -> None:
    """Raises `torch_unsupported` when this torch is outside the range the recorded oracle works with."""
    if not environment.supported(torch.__version__):
        raise OracleUnavailable(
            "torch_unsupported",
            found=environment.base(torch.__version__),
            recorded=_recorded_torch(data),
            **environment.supported_range(),
        )


@functools.cache
def _draws_now() -> dict[str, torch.Tensor]:
    """What this torch draws where the observers draw (see `environment.draws`), measured once per process."""
    return environment.draws()


def _draws_differ(exercise_id: str, data: dict) -> OracleUnavailable:
    """Other draws than the recorded ones: this torch's doing when its version differs from the recording one;
    with the same version, the probes changed since the observations were recorded."""
    found, recorded = environment.base(torch.__version__), _recorded_torch(data)
    if found == recorded:
        return OracleUnavailable("oracle_out_of_date", exercise=exercise_id)
    return OracleUnavailable("torch_draws_differ", exercise=exercise_id, found=found, recorded=recorded)


def _same_probes(exercise_id: str, data: dict, probes: list[Probe]) -> None:
    """Raises unless `probes` are the recorded ones: the same form, and the same values up to rounding."""
    recorded = data["probes"]
    if len(recorded) != len(probes) or any(
        r["form"] != form(p) for r, p in zip(recorded, probes, strict=False)
    ):
        raise OracleUnavailable("oracle_out_of_date", exercise=exercise_id)
    for r, p in zip(recorded, probes, strict=True):
        if r["fingerprint"] != fingerprint(p) and not same_draws(summary(p), r["summary"]):
            raise _draws_differ(exercise_id, data)
