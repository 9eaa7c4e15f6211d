# source: d2l-ai/d2l-en@21c4049fb3a54ee798369db68585c028ce22fb8e:chapter_builders-guide/custom-layer.md (https://github.com/d2l-ai/d2l-en/blob/21c4049fb3a54ee798369db68585c028ce22fb8e/chapter_builders-guide/custom-layer.md)
# adapted: d2l's MyLinear(in_units, units) renamed arguments; weight (in, out) and .data in forward kept
# expect: fail shape_transposed parameter=weight
# expect: fail known_mistake mistake=mylinear.not_transposed

import torch
from torch import nn
from torch.nn import functional as F


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_features, out_features))
        self.bias = nn.Parameter(torch.randn(out_features,))

    def forward(self, X):
        linear = torch.matmul(X, self.weight.data) + self.bias.data
        return linear
