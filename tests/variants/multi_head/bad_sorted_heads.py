"""Bad: the heads built in sorted order -> forward: known_mistake(mistake=multi_head.sorted_heads)"""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.ModuleDict({name: nn.Linear(hidden_features, heads[name]) for name in sorted(heads)})

    def forward(self, x):
        features = self.trunk(x)
        return {name: head(features) for name, head in self.heads.items()}
