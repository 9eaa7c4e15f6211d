"""Bad: the trunk without its ReLU -> forward: known_mistake(mistake=multi_head.no_trunk_relu)"""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features))
        self.heads = nn.ModuleDict({name: _head(hidden_features, sizes) for name, sizes in heads.items()})

    def forward(self, x):
        features = self.trunk(x)
        return {name: head(features) for name, head in self.heads.items()}


def _head(width, sizes):
    layers = []
    for size in sizes:
        layers += [nn.Linear(width, size), nn.ReLU()]
        width = size
    return nn.Sequential(*layers[:-1])
