# source: pytorch/pytorch@9457fcf98d74285b60d498b0669cec01b5d23bbb:docs/source/notes/extending.rst (https://github.com/pytorch/pytorch/blob/9457fcf98d74285b60d498b0669cec01b5d23bbb/docs/source/notes/extending.rst)
# adapted: the `Linear` module of the 'Extending torch.nn' notes, with F.linear for its custom LinearFunction
# expect: pass

import torch
import torch.nn as nn
import torch.nn.functional as F


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        # nn.Parameter is a special kind of Tensor, that will get
        # automatically registered as Module's parameter once it's assigned
        # as an attribute.
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.bias = nn.Parameter(torch.empty(out_features))
        # Not a very smart way to initialize weights
        nn.init.uniform_(self.weight, -0.1, 0.1)
        nn.init.uniform_(self.bias, -0.1, 0.1)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)
