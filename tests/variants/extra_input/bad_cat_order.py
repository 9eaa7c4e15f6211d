"""Bad: meta concatenated before the image features -> forward: known_mistake(mistake=extra_input.cat_order)"""

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
        self.requires_grad_(False)
        self.head = nn.Linear(84 + meta_features, num_classes)

    def forward(self, x, meta):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc2(F.relu(self.fc1(torch.flatten(x, 1)))))
        return self.head(torch.cat([meta, x], dim=1))
