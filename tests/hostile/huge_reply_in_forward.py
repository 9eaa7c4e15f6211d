"""Forges the child's reply from forward with a student's error of 1 MB (under the limit on a message), then
ends its process: the grader refuses an error longer than the child ever sends (an observation it cannot read,
never megabytes kept or repeated), and later exercises fail with the process's end.
expect: observation the grader cannot read
score: 0
"""

import json
import os
import socket
import stat
import struct

import torch
from torch import nn


def _forge(reply: dict) -> None:
    header = json.dumps(reply).encode()
    frame = struct.pack("<QI", len(header), len(header)) + header
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                socket.socket(fileno=os.dup(fd)).sendall(frame)
        except OSError:
            pass


class Flatten(nn.Module):
    def forward(self, x):
        error = {"type": "ValueError", "message": "E" * 1_000_000, "frames": [], "cause": None}
        _forge({"result": {"error": error, "structure": {"y" * 1_000_000: "z" * 1_000_000}}})
        os._exit(0)


class MyLinear(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_features))

    def forward(self, x):
        return x @ self.weight.t() + self.bias  # (N, out_features)
