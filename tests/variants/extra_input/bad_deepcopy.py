"""Bad: copy.deepcopy of LeNet's layers, new objects -> reuses_layers: known_mistake(mistake=extra_input.copied)"""

import copy

import torch
import torch.nn.functional as F
from torch import nn


class LeNetWithMeta(nn.Module):
    def __init__(self, lenet, meta_features, num_classes):
        super().__init__()
        self.conv1 = copy.deepcopy(lenet.conv1)
        self.conv2 = copy.deepcopy(lenet.conv2)
        self.fc1 = copy.deepcopy(lenet.fc1)
        self.fc2 = copy.deepcopy(lenet.fc2)
        for p in self.parameters():
            p.requires_grad = False
        self.head = nn.Linear(84 + meta_features, num_classes)

    def forward(self, x, meta):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(torch.flatten(x, 1)))
        x = F.relu(self.fc2(x))
        return self.head(torch.cat([x, meta], dim=1))
