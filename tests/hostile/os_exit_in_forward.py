"""Ends the interpreter with os._exit(3) inside forward.
expect: exit code 3
score: 0
"""

import os

from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        os._exit(3)
