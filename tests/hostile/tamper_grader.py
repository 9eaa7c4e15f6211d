"""Rebinds the grader's own functions in its process to report success, and defines nothing real.
expect: `Flatten` is not defined
score: 0
"""

import autograder.checks.tensors
import autograder.sandbox.codec
import autograder.sandbox.drivers

fake = {
    "type": "Flatten",
    "structure": {"parameters": [], "buffers": [], "state_dict": [], "modules": [], "hidden": []},
}
autograder.sandbox.drivers.run = lambda *args, **kwargs: fake
autograder.sandbox.drivers.DRIVERS = {"module": lambda *args, **kwargs: fake}
autograder.checks.tensors.difference = lambda *args, **kwargs: None
autograder.sandbox.codec.encode = lambda obj: autograder.sandbox.codec.encode({"result": fake})
