"""Returns a view of a billion elements.
expect: far too large
score: 2
"""

import torch
from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return torch.zeros(1).expand(x.shape[0], 1_000_000_000)
