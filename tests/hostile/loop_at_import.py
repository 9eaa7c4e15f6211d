"""Loops forever at import.
expect: time limit
score: 0
"""

while True:
    pass
