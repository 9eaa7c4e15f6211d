"""Bad: squeeze() after flattening drops a batch of one -> forward: known_mistake(mistake=flatten.squeezed)"""

from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return x.view(x.size(0), -1).squeeze()
