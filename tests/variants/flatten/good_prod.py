"""Good: computes the feature count with math.prod and lets view infer the batch size."""

import math

from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return x.view(-1, math.prod(x.shape[1:]))
