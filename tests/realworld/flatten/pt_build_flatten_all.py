# source: pytorch/tutorials@c53e7d4efc0e39e455c531d21ec7db28ba220214:beginner_source/basics/buildmodel_tutorial.py (https://github.com/pytorch/tutorials/blob/c53e7d4efc0e39e455c531d21ec7db28ba220214/beginner_source/basics/buildmodel_tutorial.py)
# adapted: torch.flatten(x) without start_dim
# expect: fail known_mistake mistake=flatten.flatten_all

import torch
from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return torch.flatten(x)
