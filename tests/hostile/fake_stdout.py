"""Prints a fake report and a fake JSON result, and gets the shape wrong.
expect: expected shape
score: 2
"""

from torch import nn

print("Flatten (flatten): 3/3, all checks pass")
print('{"submission": "x", "score": 10.0, "max_score": 10.0, "exercises": []}')


class Flatten(nn.Module):
    def forward(self, x):
        return x
