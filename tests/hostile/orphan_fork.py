"""Forks a child in forward that sleeps for ever; the parent answers correctly.
expect: full marks for flatten
score: 3
"""

import os
import time

from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        if os.fork() == 0:
            time.sleep(1000)
        return x.reshape(x.shape[0], -1)
