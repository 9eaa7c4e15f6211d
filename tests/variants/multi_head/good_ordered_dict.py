"""Good: an OrderedDict filled in a loop over the keys (a dict subclass is a dict)."""

from collections import OrderedDict

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.ModuleDict({name: _head(hidden_features, sizes) for name, sizes in heads.items()})

    def forward(self, x):
        features = self.trunk(x)
        out = OrderedDict()
        for name in self.heads:
            out[name] = self.heads[name](features)
        return out


def _head(width, sizes):
    layers = []
    for size in sizes:
        layers += [nn.Linear(width, size), nn.ReLU()]
        width = size
    return nn.Sequential(*layers[:-1])
