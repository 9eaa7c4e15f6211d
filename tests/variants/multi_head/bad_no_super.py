"""Bad: super().__init__() never called -> constructs: super_init_missing"""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
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
