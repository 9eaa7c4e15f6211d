"""Good: an OrderedDict filled in a loop over the keys (a dict subclass is a dict)."""

from collections import OrderedDict

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.ModuleDict({name: nn.Linear(hidden_features, n) for name, n in heads.items()})

    def forward(self, x):
        features = self.trunk(x)
        out = OrderedDict()
        for name in self.heads:
            out[name] = self.heads[name](features)
        return out
