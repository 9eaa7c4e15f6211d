"""Every exercise, as data: `EXERCISES` by id, `ASSIGNMENTS` (one per chapter) to exercise ids in order."""

from autograder.exercises import (
    ch01_modules,
    ch02_containers,
    ch03_iteration,
    ch04_custom_layers,
    ch05_state_dict,
    ch06_resnet,
    ch07_unet,
    ch08_train_eval,
)
from autograder.exercises.spec import Exercise

_CHAPTERS = (
    ch01_modules,
    ch02_containers,
    ch03_iteration,
    ch04_custom_layers,
    ch05_state_dict,
    ch06_resnet,
    ch07_unet,
    ch08_train_eval,
)

EXERCISES: dict[str, Exercise] = {e.id: e for chapter in _CHAPTERS for e in chapter.EXERCISES}

ASSIGNMENTS: dict[str, tuple[str, ...]] = {}
for _exercise in EXERCISES.values():
    ASSIGNMENTS.setdefault(_exercise.assignment, ())
    ASSIGNMENTS[_exercise.assignment] += (_exercise.id,)
