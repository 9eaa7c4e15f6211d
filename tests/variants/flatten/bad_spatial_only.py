"""Bad: flattens only the spatial dimensions (H, W) -> forward: only the dimensions after the second were flattened"""

from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return x.flatten(2)
