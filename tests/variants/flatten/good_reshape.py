"""Good: reshape keeping the batch dimension, no __init__ at all."""

from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)  # (N, prod(*))
