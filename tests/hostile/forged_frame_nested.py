"""Writes a hand-made message to the grader's channel: 200,000 nested lists, deeper than any parser recurses.
expect: channel
score: 0
"""

import os
import stat
import struct

from torch import nn


def forge(payload: bytes) -> None:
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack("<QI", len(payload), len(payload)) + payload)
        except OSError:
            pass
    os._exit(0)


class Flatten(nn.Module):
    def __init__(self):
        super().__init__()
        forge(b"[" * 200_000 + b"]" * 200_000)
