"""Raises the recursion limit and recurses in C (repr of a deeply nested list) until the C stack overflows:
the process dies of SIGSEGV.
expect: signal SIGSEGV
score: 0
"""

import sys

from torch import nn

sys.setrecursionlimit(10**8)


class Flatten(nn.Module):
    def forward(self, x):
        nested = []
        for _ in range(10**6):
            nested = [nested]
        return repr(nested)
