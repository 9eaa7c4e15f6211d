"""Bad: torch.flatten(x) without start_dim=1 flattens the batch too -> forward: batch dimension was flattened too"""

import torch
from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return torch.flatten(x)
