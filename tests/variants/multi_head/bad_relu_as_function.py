"""Bad: each head a ModuleList of its Linear layers with F.relu between them in forward, so the layers are named 0, 1, 2 -> parameter_names: parameters_differ"""

import torch.nn.functional as F
from torch import nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.ModuleDict()
        for name, sizes in heads.items():
            widths = [hidden_features, *sizes]
            self.heads[name] = nn.ModuleList(
                nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:], strict=True)
            )

    def forward(self, x):
        features = self.trunk(x)
        out = {}
        for name, layers in self.heads.items():
            h = features
            for i, layer in enumerate(layers):
                h = layer(F.relu(h) if i > 0 else h)
            out[name] = h
        return out
