"""Bad: the trunk without its ReLU -> forward: known_mistake(mistake=multi_head.no_trunk_relu)"""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features))
        self.heads = nn.ModuleDict({name: nn.Linear(hidden_features, n) for name, n in heads.items()})

    def forward(self, x):
        features = self.trunk(x)
        return {name: head(features) for name, head in self.heads.items()}
