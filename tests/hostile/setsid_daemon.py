"""Double-forks a daemon that leaves the process group with setsid and sleeps for ever.
expect: full marks for flatten
score: 3
"""

import os
import time

from torch import nn

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(1000)
    os._exit(0)


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)
