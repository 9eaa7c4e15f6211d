# source: bzcheeseman/pytorch-EMM@9f2bf283cadee0070d95a0131c2e1bef0b7ae952:Utils/flatfeatures.py (https://github.com/bzcheeseman/pytorch-EMM/blob/9f2bf283cadee0070d95a0131c2e1bef0b7ae952/Utils/flatfeatures.py)
# adapted: num_flat_features (copied there from the PyTorch tutorial) used in a Flatten module's forward, as the tutorial's Net used it
# expect: pass

import torch.nn as nn


class Flatten(nn.Module):
    def forward(self, x):
        return x.view(-1, self.num_flat_features(x))

    def num_flat_features(self, x):
        size = x.size()[1:]  # all dimensions except the batch dimension
        num_features = 1
        for s in size:
            num_features *= s
        return num_features
