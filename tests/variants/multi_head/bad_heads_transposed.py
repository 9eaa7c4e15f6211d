"""Bad: each head's Linear with its sizes swapped -> parameter_shapes: shape_transposed(parameter=heads.parity.0.weight)"""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.ModuleDict(
            {name: _head_transposed(hidden_features, sizes) for name, sizes in heads.items()}
        )

    def forward(self, x):
        features = self.trunk(x)
        return {name: head(features) for name, head in self.heads.items()}


def _head_transposed(width, sizes):
    layers = []
    for size in sizes:
        layers += [nn.Linear(size, width), nn.ReLU()]
        width = size
    return nn.Sequential(*layers[:-1])
