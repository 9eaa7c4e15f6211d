# source: pytorch/pytorch@67de33e9c168ad1e804ba5abaad5284ddf698d71:torch/nn/modules/container.py (https://github.com/pytorch/pytorch/blob/67de33e9c168ad1e804ba5abaad5284ddf698d71/torch/nn/modules/container.py)
# adapted: the docstring's two examples as layer1 and layer2, keys renamed to the contract's
# expect: pass

from collections import OrderedDict

import torch.nn as nn


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        # Using Sequential to create a small model. When `model` is run,
        # input will first be passed to `Conv2d(1,20,5)`.
        self.layer1 = nn.Sequential(
                  nn.Conv2d(1,20,5),
                  nn.ReLU(),
                  nn.Conv2d(20,64,5),
                  nn.ReLU()
                )
        # Using Sequential with OrderedDict. This is functionally the
        # same as the above code
        self.layer2 = nn.Sequential(OrderedDict([
                  ('convolution_layer_1', nn.Conv2d(1,20,5)),
                  ('activation_1', nn.ReLU()),
                  ('convolution_layer_2', nn.Conv2d(20,64,5)),
                  ('activation_2', nn.ReLU())
                ]))

    def forward(self, x):
        return self.layer1(x) + self.layer2(x)
