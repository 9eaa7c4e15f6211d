"""Every exercise, as data: `EXERCISES` by id, `ASSIGNMENTS` (one per chapter) to exercise ids in order.

`CHAPTERS` are the chapter files here, `chNN_<topic>.py`, each declaring its `EXERCISES`: a new chapter file
is found without being listed. `autograder.answers.mistakes` reads the same list.
"""

import importlib
import pkgutil
import re

from autograder.exercises.spec import Exercise
from autograder.oracle.environment import require_torch

# Below the supported range the chapters' observers would fail inside torch: say which torch is needed instead.
require_torch()

CHAPTERS: tuple[str, ...] = tuple(
    sorted(m.name for m in pkgutil.iter_modules(__path__) if re.fullmatch(r"ch\d\d_[a-z0-9_]+", m.name))
)

EXERCISES: dict[str, Exercise] = {
    e.id: e for name in CHAPTERS for e in importlib.import_module(f"{__name__}.{name}").EXERCISES
}

ASSIGNMENTS: dict[str, tuple[str, ...]] = {}
for _exercise in EXERCISES.values():
    ASSIGNMENTS[_exercise.assignment] = ASSIGNMENTS.get(_exercise.assignment, ()) + (_exercise.id,)
