"""Bad: __init__ without super().__init__() -> constructs: super_init_missing"""

from torch import nn


class Flatten(nn.Module):
    def __init__(self):
        self.start_dim = 1

    def forward(self, x):
        return x.flatten(self.start_dim)
