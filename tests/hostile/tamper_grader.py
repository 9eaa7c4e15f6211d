"""Rebinds the grader's own functions in its process to report success, and defines nothing real.
expect: `Flatten` is not defined
score: 0
"""

import autograder.checks.tensors
import autograder.jailed.codec
import autograder.jailed.observe

fake = {
    "type": "Flatten",
    "structure": {"parameters": [], "buffers": [], "state_dict": [], "modules": [], "hidden": []},
}
autograder.jailed.observe.run = lambda *args, **kwargs: fake
autograder.jailed.observe.DRIVERS = {"module": lambda *args, **kwargs: fake}
autograder.checks.tensors.difference = lambda *args, **kwargs: None
autograder.jailed.codec.encode = lambda obj: autograder.jailed.codec.encode({"result": fake})
