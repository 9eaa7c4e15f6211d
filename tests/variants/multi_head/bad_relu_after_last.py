"""Bad: a ReLU after every linear layer of a head, the last one included -> forward: known_mistake(mistake=multi_head.relu_after_heads)"""

from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.ModuleDict()
        for name, sizes in heads.items():
            layers, width = [], hidden_features
            for size in sizes:
                layers += [nn.Linear(width, size), nn.ReLU()]
                width = size
            self.heads[name] = nn.Sequential(*layers)

    def forward(self, x):
        features = self.trunk(x)
        return {name: head(features) for name, head in self.heads.items()}
