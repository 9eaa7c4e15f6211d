# source: d2l-ai/d2l-en@21c4049fb3a54ee798369db68585c028ce22fb8e:chapter_builders-guide/custom-layer.md (https://github.com/d2l-ai/d2l-en/blob/21c4049fb3a54ee798369db68585c028ce22fb8e/chapter_builders-guide/custom-layer.md)
# adapted: d2l's MyLinear with the weight as (out, in) and no .data
# expect: pass

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features))
        self.bias = nn.Parameter(torch.randn(out_features,))

    def forward(self, X):
        return torch.matmul(X, self.weight.T) + self.bias
