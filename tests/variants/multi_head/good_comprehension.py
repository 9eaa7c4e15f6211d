"""Good: each head built from the pairs of its widths, the ReLU before every layer but the first."""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.ModuleDict({name: head(hidden_features, sizes) for name, sizes in heads.items()})

    def forward(self, x):
        features = self.trunk(x)
        return {name: head(features) for name, head in self.heads.items()}


def head(hidden_features, sizes):
    widths = [hidden_features, *sizes]
    layers = []
    for i in range(len(sizes)):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(widths[i], widths[i + 1]))
    return nn.Sequential(*layers)
