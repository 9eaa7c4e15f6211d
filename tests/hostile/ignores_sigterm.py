"""Ignores SIGTERM and SIGINT, then loops forever in forward (only SIGKILL stops it).
expect: time limit
score: 0
"""

import signal

from torch import nn

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)


class Flatten(nn.Module):
    def forward(self, x):
        while True:
            pass
