"""Honest but slow: sleeps 3 seconds at import, then is right.
expect: full marks for flatten
score: 3
"""

import time

from torch import nn

time.sleep(3)


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)
