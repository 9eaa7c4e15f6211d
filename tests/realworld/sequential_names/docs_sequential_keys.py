# source: pytorch/pytorch@67de33e9c168ad1e804ba5abaad5284ddf698d71:torch/nn/modules/container.py (https://github.com/pytorch/pytorch/blob/67de33e9c168ad1e804ba5abaad5284ddf698d71/torch/nn/modules/container.py)
# adapted: the docstring's two examples pasted with their own keys (conv1, relu1, ...)
# expect: fail rename_same_shape name=layer2.conv1.weight

from collections import OrderedDict

import torch.nn as nn


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Sequential(
                  nn.Conv2d(1,20,5),
                  nn.ReLU(),
                  nn.Conv2d(20,64,5),
                  nn.ReLU()
                )
        self.layer2 = nn.Sequential(OrderedDict([
                  ('conv1', nn.Conv2d(1,20,5)),
                  ('relu1', nn.ReLU()),
                  ('conv2', nn.Conv2d(20,64,5)),
                  ('relu2', nn.ReLU())
                ]))

    def forward(self, x):
        return self.layer1(x) + self.layer2(x)
