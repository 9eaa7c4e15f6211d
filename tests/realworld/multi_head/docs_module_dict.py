# source: pytorch/pytorch@67de33e9c168ad1e804ba5abaad5284ddf698d71:torch/nn/modules/container.py (https://github.com/pytorch/pytorch/blob/67de33e9c168ad1e804ba5abaad5284ddf698d71/torch/nn/modules/container.py)
# adapted: nn.ModuleDict's docstring pattern (self.choices = nn.ModuleDict({...})) used for the heads, each head an nn.Sequential built from its sizes
# expect: pass

import torch.nn as nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.ModuleDict({name: self._head(hidden_features, sizes) for name, sizes in heads.items()})

    def _head(self, width, sizes):
        layers = []
        for i, size in enumerate(sizes):
            layers.append(nn.Linear(width, size))
            if i < len(sizes) - 1:
                layers.append(nn.ReLU())
            width = size
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.trunk(x)
        return {name: head(x) for name, head in self.heads.items()}
