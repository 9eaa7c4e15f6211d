"""Writes a well-formed commit to the grader's channel whose observation has strings where shapes and lists
belong, hoping to break the grader's checks (a grader fault, never a zero) instead of failing them.
expect: observation the grader cannot read
score: 0
"""

import json
import os
import stat
import struct

from torch import nn


def forge(tree) -> None:
    header = json.dumps(tree).encode()
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack("<QI", len(header), len(header)) + header)
        except OSError:
            pass
    os._exit(0)


class Flatten(nn.Module):
    def __init__(self):
        super().__init__()
        structure = {
            "parameters": "x",
            "buffers": 5,
            "state_dict": [["w", "abc"]],
            "modules": {},
            "hidden": 1,
        }
        forge({"commit": {"type": "Flatten", "structure": structure}})
