"""Imports the reference solution from the grader's own package.
expect: No module named 'autograder.reference'
score: 0
needs: namespaces (without them a submission can see the host)
"""

from autograder.reference.custom_layers import Flatten, MyLinear  # noqa: F401
