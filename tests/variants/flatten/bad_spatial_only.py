"""Bad: flattens only the spatial dimensions (H, W) -> forward: known_mistake(mistake=flatten.spatial)"""

from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return x.flatten(2)
