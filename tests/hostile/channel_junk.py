"""Writes junk to every open socket it can find, hoping to hit the grader's channel.
expect: channel
score: 0
"""

import os
import stat

from torch import nn

for fd in range(3, 64):
    try:
        if stat.S_ISSOCK(os.fstat(fd).st_mode):
            os.write(fd, b"\xff" * 64 + b'{"result": {"score": 10}}')
    except OSError:
        pass


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)
