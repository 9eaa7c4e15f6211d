"""Bad: every head has a trunk of its own, with its own weights -> parameter_names: parameters_differ"""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.heads = nn.ModuleDict(
            {
                name: nn.Sequential(
                    nn.Linear(in_features, hidden_features), nn.ReLU(), *_head(hidden_features, sizes)
                )
                for name, sizes in heads.items()
            }
        )

    def forward(self, x):
        return {name: head(x) for name, head in self.heads.items()}


def _head(width, sizes):
    layers = []
    for size in sizes:
        layers += [nn.Linear(width, size), nn.ReLU()]
        width = size
    return nn.Sequential(*layers[:-1])
