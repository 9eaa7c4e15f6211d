"""Forges the child's first reply with a 4 MB cell name, error and defined name, then ends its process: the
grader refuses a message over its size limits (its memory stays bounded whatever a child sends).
expect: interfered with the grader's channel
score: 0
"""

import json
import os
import socket
import stat
import struct

from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)  # (N, prod(*))


_reply = {
    "cells": [{"name": "n" * 4_000_000, "error": "E" * 4_000_000}],
    "names": ["Flatten", "MyLinear", "y" * 4_000_000],
}
_header = json.dumps(_reply).encode()
for fd in range(3, 64):
    try:
        if stat.S_ISSOCK(os.fstat(fd).st_mode):
            socket.socket(fileno=os.dup(fd)).sendall(struct.pack("<QI", len(_header), len(_header)) + _header)
    except OSError:
        pass
os._exit(0)
