"""Bad: torch.flatten(x) without start_dim=1 flattens the batch too -> forward: known_mistake(mistake=flatten.flatten_all)"""

import torch
from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return torch.flatten(x)
