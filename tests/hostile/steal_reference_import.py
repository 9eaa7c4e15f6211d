"""Imports the reference solution from the grader's own package.
expect: No module named 'autograder.answers'
score: 0
needs: namespaces (without them a submission can see the host)
"""

from autograder.answers.custom_layers import Flatten, MyLinear  # noqa: F401
