# source: d2l-ai/d2l-en@903e460c2a2fafd2d9be43ad85d68223f79dd218:chapter_builders-guide/model-construction.md (https://github.com/d2l-ai/d2l-en/blob/903e460c2a2fafd2d9be43ad85d68223f79dd218/chapter_builders-guide/model-construction.md)
# adapted: d2l's MySequential idea (add_module per layer) used to name layer2's layers
# expect: pass

import torch.nn as nn


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.Conv2d(20, 64, 5), nn.ReLU())
        self.layer2 = nn.Sequential()
        for name, module in [
            ("convolution_layer_1", nn.Conv2d(1, 20, 5)),
            ("activation_1", nn.ReLU()),
            ("convolution_layer_2", nn.Conv2d(20, 64, 5)),
            ("activation_2", nn.ReLU()),
        ]:
            self.layer2.add_module(name, module)

    def forward(self, x):
        return self.layer1(x) + self.layer2(x)
