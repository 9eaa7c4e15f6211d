"""Writes a hand-made message to the grader's channel: a tensor whose shape is negative, a float offset, a
bytes marker that is not a pair.
expect: channel
score: 0
"""

import json
import os
import stat
import struct

from torch import nn


def forge(tree) -> None:
    header = json.dumps(tree).encode()
    body = b"\0" * 16
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                frame = header + body
                os.write(fd, struct.pack("<QI", len(frame), len(header)) + frame)
        except OSError:
            pass
    os._exit(0)


class Flatten(nn.Module):
    def __init__(self):
        super().__init__()
        forge(
            {
                "result": {
                    "a": {"__tensor__": ["float32", [-2, -2], 0, 16]},
                    "b": {"__tensor__": ["float32", [2], 0.5, 8]},
                    "c": {"__bytes__": 7},
                }
            }
        )
