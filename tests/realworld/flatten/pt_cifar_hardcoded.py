# source: pytorch/tutorials@c53e7d4efc0e39e455c531d21ec7db28ba220214:beginner_source/blitz/cifar10_tutorial.py (https://github.com/pytorch/tutorials/blob/c53e7d4efc0e39e455c531d21ec7db28ba220214/beginner_source/blitz/cifar10_tutorial.py)
# adapted: the tutorial's older `x.view(-1, 16 * 5 * 5)` line as a module
# expect: fail forward_mismatch

import torch.nn as nn


class Flatten(nn.Module):
    def forward(self, x):
        return x.view(-1, 16 * 5 * 5)
