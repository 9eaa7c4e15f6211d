"""The oracle read from recorded observations: the student kit's, which has no reference code.

`<dir>/<exercise id>.json` and `.safetensors` (see `store`), written by `record` from the reference on the public
probes; `<dir>` is `AUTOGRADER_OBSERVATIONS` or the `observations/` folder inside the package.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from autograder.exercises.spec import Exercise, Probe, ProbeSet
from autograder.oracle import OracleUnavailable, store
from autograder.oracle.fingerprint import fingerprint

_lock = threading.Lock()


def folder() -> Path:
    return Path(
        os.environ.get("AUTOGRADER_OBSERVATIONS") or Path(__file__).resolve().parent.parent / "observations"
    )


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
        return layout

    def signature(self, exercise: Exercise, name: str) -> str | None:
        return self._load(exercise.id).get("signatures", {}).get(name)

    def _checked(self, exercise: Exercise, probes: list[Probe], probe_set: ProbeSet) -> dict:
        if probe_set.hidden:
            raise OracleUnavailable("oracle_hidden_needs_reference")
        data = self._load(exercise.id)
        if self._verified.get(exercise.id) is not probes:
            if data["probes"] != [fingerprint(p) for p in probes]:
                raise OracleUnavailable("oracle_out_of_date", exercise=exercise.id)
            self._verified[exercise.id] = probes
        return data

    def expected(self, exercise: Exercise, probes: list[Probe], probe_set: ProbeSet) -> list[dict]:
        return self._checked(exercise, probes, probe_set)["expected"]

    def mistakes(self, exercise: Exercise, probes: list[Probe], probe_set: ProbeSet) -> list[list[dict]]:
        recorded = self._checked(exercise, probes, probe_set)["mistakes"]
        return [recorded[m.id] for m in exercise.mistakes]
