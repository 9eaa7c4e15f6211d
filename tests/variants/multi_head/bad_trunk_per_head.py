"""Bad: every head has a trunk of its own, with its own weights -> parameter_names: parameters_differ"""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.heads = nn.ModuleDict(
            {
                name: nn.Sequential(
                    nn.Linear(in_features, hidden_features), nn.ReLU(), nn.Linear(hidden_features, n)
                )
                for name, n in heads.items()
            }
        )

    def forward(self, x):
        return {name: head(x) for name, head in self.heads.items()}
