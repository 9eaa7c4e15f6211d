"""Bad: the heads registered on a bare nn.Module, not an nn.ModuleDict -> module_dict: submodule_type(attribute=heads)"""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.Module()
        for name, sizes in heads.items():
            self.heads.add_module(name, _head(hidden_features, sizes))

    def forward(self, x):
        features = self.trunk(x)
        return {name: head(features) for name, head in self.heads.named_children()}


def _head(width, sizes):
    layers = []
    for size in sizes:
        layers += [nn.Linear(width, size), nn.ReLU()]
        width = size
    return nn.Sequential(*layers[:-1])
