"""Bad: flattens only the last two dimensions -> forward: known_mistake(mistake=flatten.last_two)"""

from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return x.flatten(-2)
