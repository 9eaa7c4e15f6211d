"""Every exercise, as data: `EXERCISES` by id, `ASSIGNMENTS` (one per chapter) to exercise ids in order."""

from autograder.exercises import ch01_modules
from autograder.exercises.spec import Exercise

_CHAPTERS = (ch01_modules,)

EXERCISES: dict[str, Exercise] = {e.id: e for chapter in _CHAPTERS for e in chapter.EXERCISES}

ASSIGNMENTS: dict[str, tuple[str, ...]] = {}
for _exercise in EXERCISES.values():
    ASSIGNMENTS.setdefault(_exercise.assignment, ())
    ASSIGNMENTS[_exercise.assignment] += (_exercise.id,)
