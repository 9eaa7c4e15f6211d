# source: pytorch/pytorch@67de33e9c168ad1e804ba5abaad5284ddf698d71:torch/nn/modules/container.py (https://github.com/pytorch/pytorch/blob/67de33e9c168ad1e804ba5abaad5284ddf698d71/torch/nn/modules/container.py)
# adapted: the trunk and each head built with add_module, the heads kept in an nn.ModuleDict
# expect: pass

import torch.nn as nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__()
        self.trunk = nn.Sequential()
        self.trunk.add_module("0", nn.Linear(in_features, hidden_features))
        self.trunk.add_module("1", nn.ReLU())
        self.heads = nn.ModuleDict()
        for name, sizes in heads.items():
            head = nn.Sequential()
            width = hidden_features
            for size in sizes:
                if len(head) > 0:
                    head.add_module(str(len(head)), nn.ReLU())
                head.add_module(str(len(head)), nn.Linear(width, size))
                width = size
            self.heads[name] = head

    def forward(self, x):
        h = self.trunk(x)
        out = {}
        for name in self.heads:
            out[name] = self.heads[name](h)
        return out
