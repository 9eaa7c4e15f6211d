"""Raises a 4 MB exception message before defining anything: every check fails, and the output stays small.
expect: `Flatten` is not defined
score: 0
"""

raise ValueError("x" * 4_000_000)
