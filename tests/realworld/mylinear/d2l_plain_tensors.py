# source: d2l-ai/d2l-en@21c4049fb3a54ee798369db68585c028ce22fb8e:chapter_builders-guide/custom-layer.md (https://github.com/d2l-ai/d2l-en/blob/21c4049fb3a54ee798369db68585c028ce22fb8e/chapter_builders-guide/custom-layer.md)
# adapted: d2l's MyLinear without nn.Parameter, as from the from-scratch chapters
# expect: fail param_not_registered parameter=weight

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = torch.randn(out_features, in_features, requires_grad=True)
        self.bias = torch.zeros(out_features, requires_grad=True)

    def forward(self, X):
        return X @ self.weight.T + self.bias
