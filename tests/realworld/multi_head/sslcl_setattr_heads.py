# source: rkassana/ssl-cl@4d085afa329355986e5d5c80c1eb5a2590e1ff2c:models/multi_head_classifier.py (https://github.com/rkassana/ssl-cl/blob/4d085afa329355986e5d5c80c1eb5a2590e1ff2c/models/multi_head_classifier.py)
# adapted: Multi_head's one attribute per head (out1 ... out5) made from the heads dict with setattr; the projection replaced by the contract's trunk
# expect: fail submodule_missing attribute=heads

import torch
import torch.nn as nn


class MultiHead(nn.Module):
    def __init__(self, in_features, hidden_features, heads):
        super(MultiHead, self).__init__()

        self.projection = nn.Sequential(
            nn.Linear(in_features, hidden_features),
            nn.ReLU(inplace=True),
        )
        self.names = list(heads)
        for name, sizes in heads.items():
            layers, width = [], hidden_features
            for size in sizes:
                layers += [nn.Linear(width, size), nn.ReLU()]
                width = size
            setattr(self, "out_" + name, nn.Sequential(*layers[:-1]))

    def forward(self, x):
        x = self.projection(x)
        return {name: getattr(self, "out_" + name)(x) for name in self.names}
