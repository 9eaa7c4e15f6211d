# source: pytorch/tutorials@6af540eeb9a49b3b1ef6f04c6b6b728cb5448ac6:beginner_source/saving_loading_models.py (https://github.com/pytorch/tutorials/blob/6af540eeb9a49b3b1ef6f04c6b6b728cb5448ac6/beginner_source/saving_loading_models.py)
# adapted: the layers reused and frozen with requires_grad_(False), as in the transfer-learning tutorial
# expect: pass

import torch
import torch.nn.functional as F
from torch import nn


class LeNetWithMeta(nn.Module):
    def __init__(self, lenet, meta_features, num_classes):
        super().__init__()
        self.conv1 = lenet.conv1
        self.conv2 = lenet.conv2
        self.fc1 = lenet.fc1
        self.fc2 = lenet.fc2
        for layer in (self.conv1, self.conv2, self.fc1, self.fc2):
            layer.requires_grad_(False)
        self.head = nn.Linear(84 + meta_features, num_classes)

    def forward(self, x, meta):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(torch.flatten(x, 1)))
        x = F.relu(self.fc2(x))
        return self.head(torch.cat([x, meta], dim=1))
