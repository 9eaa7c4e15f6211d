"""Prints 50 MB and closes its own stdout and stderr, then answers correctly.
expect: full marks for flatten
score: 3
"""

import os

from torch import nn

print("x" * 50_000_000)
os.close(1)
os.close(2)


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)
