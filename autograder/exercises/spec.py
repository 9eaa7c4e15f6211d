"""The shape of an exercise: what a submission defines, what is tried on it, and how each check judges."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from autograder.findings import Finding


@dataclass(frozen=True, eq=False)
class Probe:
    """One thing to do with the submission's objects: a driver (see `jailed.observe`) and its parameters."""

    driver: str
    params: dict
    stage: dict  # what a student reads if it runs out of time here, as data: see `stage`


def stage(key: str, /, **facts: str) -> dict:
    """What the sandbox is doing, as data the catalogues word (`[stages]` in autograder/i18n/<lang>.toml):
    stage("running", what="LeNet()") reads "running LeNet()" and "运行 LeNet()"."""
    return {"stage": key, **facts}


@dataclass(frozen=True)
class ProbeSet:
    """Which weights and inputs the probes draw: the public ones (`secret` empty: the same on every machine, the
    ones the student kit carries observations for) or hidden ones, seeded from a secret the instructor holds,
    so that a submission that hard-codes the public outputs fails grading."""

    secret: str = ""

    @property
    def hidden(self) -> bool:
        return bool(self.secret)

    @property
    def label(self) -> str:
        """Which probes a result is on: "public", or "hidden:" and a digest of the secret (never the secret)."""
        if not self.secret:
            return "public"
        return "hidden:" + hashlib.sha256(b"label\0" + self.secret.encode()).hexdigest()[:12]

    def offset(self, exercise_id: str) -> int:
        """What the exercise's fixed seeds are shifted by: 0 for the public probes."""
        if not self.secret:
            return 0
        digest = hashlib.sha256(f"{self.secret}\0{exercise_id}".encode()).digest()
        return int.from_bytes(digest[:4], "little") + 1

    def seed(self, exercise_id: str, k: int) -> int:
        """The seed of the exercise's k-th probe."""
        return zlib.crc32(exercise_id.encode()) + k + self.offset(exercise_id)


PUBLIC = ProbeSet()


@dataclass(frozen=True)
class Chapter:
    """One chapter of the course, named after its exercises' module, `autograder.exercises.<name>`.

    `ch07_unet` is assignment `07_unet` (its notebook folder), and its references live in
    `autograder/answers/unet.py` under the names a submission defines ("unet:DoubleConv").
    """

    name: str  # "ch07_unet"

    def __post_init__(self):
        if not re.fullmatch(r"ch\d\d_[a-z0-9_]+", self.name):
            raise ValueError(f"a chapter is named chNN_<topic>, not {self.name!r}")

    @classmethod
    def of(cls, module: str) -> Chapter:
        """The chapter whose exercises are declared in `module` (a chapter file's `__name__`)."""
        return cls(module.rpartition(".")[2])

    @property
    def assignment(self) -> str:
        """The assignment its exercises belong to: "07_unet"."""
        return self.name.removeprefix("ch")

    @property
    def topic(self) -> str:
        """Its module in `autograder.answers`: "unet"."""
        return self.name.split("_", 1)[1]

    def reference(self, name: str) -> str:
        """Where the reference object for `name` lives in `autograder.answers`: "unet:DoubleConv"."""
        return f"{self.topic}:{name}"


@dataclass(frozen=True)
class Mistake:
    """A known wrong solution: when the student's observation equals this variant's, it is the likely cause.

    `id` is the key of its explanation in the catalogues' `[mistakes]` table ("<exercise>.<name>"), and of the
    wrong variant in `autograder.answers.mistakes.MISTAKES[<exercise id>]`; `part` names the class it lives
    in when the exercise is built from parts (a UNet's `Up`).
    """

    id: str
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
    # name -> where the reference object standing in for it lives in `autograder.answers`, e.g.
    # {"LeNet": "modules:LeNet"} (see `Chapter.reference`); imported only by `autograder.answers.live` (the
    # student kit has none).
    reference: dict[str, str]
    probes: Callable[[ProbeSet], list[Probe]]
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
    # What each known mistake did on each probe (`exercise.mistakes` order), asked for only when a check needs it.
    mistake_results: Callable[[], list[list[dict]]]

    @cached_property
    def _mistake_results(self) -> list[list[dict]]:
        return self.mistake_results()

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
