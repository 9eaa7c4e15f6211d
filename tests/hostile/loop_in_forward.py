"""Loops forever inside forward.
expect: time limit
score: 0
"""

from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        while True:
            pass
