"""Assignment 01_modules: LeNet."""

from autograder.exercises.module_exercise import Config, module_exercise
from autograder.exercises.spec import Chapter

CHAPTER = Chapter.of(__name__)

LENET = module_exercise(
    chapter=CHAPTER,
    id="lenet",
    factory="LeNet",
    configs=(
        Config(inputs=(((2, 3, 32, 32),), ((1, 3, 32, 32),), ((5, 3, 32, 32),))),
        Config(kwargs={"in_channels": 1, "num_classes": 5}, inputs=(((3, 1, 32, 32),), ((1, 1, 32, 32),))),
    ),
    mistakes=("softmax", "log_softmax", "relu_on_logits", "no_hidden_relu", "avg_pool"),
    hints=("fc1.weight",),
)

EXERCISES = (LENET,)
