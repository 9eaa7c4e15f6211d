"""Starts `sleep 1000` in a new session with subprocess.
expect: full marks for flatten
score: 3
"""

import subprocess

from torch import nn

subprocess.Popen(["sleep", "1000"], start_new_session=True)


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)
