# source: pytorch/tutorials@6af540eeb9a49b3b1ef6f04c6b6b728cb5448ac6:beginner_source/saving_loading_models.py (https://github.com/pytorch/tutorials/blob/6af540eeb9a49b3b1ef6f04c6b6b728cb5448ac6/beginner_source/saving_loading_models.py)
# adapted: the whole LeNet kept as one attribute, so every key gains `lenet.`
# expect: fail extra_prefix_some prefix=lenet.

import torch
import torch.nn.functional as F
from torch import nn


class LeNetWithMeta(nn.Module):
    def __init__(self, lenet, meta_features, num_classes):
        super().__init__()
        self.lenet = lenet
        for p in self.lenet.parameters():
            p.requires_grad = False
        self.head = nn.Linear(84 + meta_features, num_classes)

    def forward(self, x, meta):
        m = self.lenet
        x = F.max_pool2d(F.relu(m.conv1(x)), 2)
        x = F.max_pool2d(F.relu(m.conv2(x)), 2)
        x = F.relu(m.fc1(torch.flatten(x, 1)))
        x = F.relu(m.fc2(x))
        return self.head(torch.cat([x, meta], dim=1))
