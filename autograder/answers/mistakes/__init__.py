"""Known mistakes: wrong variants of the reference, each under the id of its explanation in the catalogues.

`MISTAKES["lenet"]["lenet.softmax"]` (exercise, then mistake) holds the names a submission with that mistake would define, e.g.
`{"LeNet": Softmax}`; the grader binds them over the reference's names and runs the probes on the result. A
student's observation equal to a variant's names the mistake. They live next to the reference because they
show nearly as much of the answer: the student kit carries their observations, never this code.

One file per chapter, named as the chapter's exercises file (`autograder.exercises.CHAPTERS`).
"""

import importlib

from autograder.exercises import CHAPTERS

MISTAKES: dict[str, dict[str, dict]] = {
    exercise: variants
    for chapter in CHAPTERS
    for exercise, variants in importlib.import_module(f"{__name__}.{chapter}").MISTAKES.items()
}
