"""Every exercise, as data: `EXERCISES` by id, `ASSIGNMENTS` (one per chapter) to exercise ids in order."""

import importlib

from autograder.exercises.spec import Exercise

CHAPTERS = (
    "ch01_modules",
    "ch02_containers",
    "ch03_iteration",
    "ch04_custom_layers",
    "ch05_state_dict",
    "ch06_resnet",
    "ch07_unet",
    "ch08_train_eval",
)

EXERCISES: dict[str, Exercise] = {
    e.id: e for name in CHAPTERS for e in importlib.import_module(f"autograder.exercises.{name}").EXERCISES
}

ASSIGNMENTS: dict[str, tuple[str, ...]] = {}
for _exercise in EXERCISES.values():
    ASSIGNMENTS[_exercise.assignment] = ASSIGNMENTS.get(_exercise.assignment, ()) + (_exercise.id,)
