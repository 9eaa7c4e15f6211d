"""Bad: the outputs keyed by position, not by name -> forward: output_keys_differ"""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.ModuleDict({name: _head(hidden_features, sizes) for name, sizes in heads.items()})

    def forward(self, x):
        features = self.trunk(x)
        return {i: head(features) for i, head in enumerate(self.heads.values())}


def _head(width, sizes):
    layers = []
    for size in sizes:
        layers += [nn.Linear(width, size), nn.ReLU()]
        width = size
    return nn.Sequential(*layers[:-1])
