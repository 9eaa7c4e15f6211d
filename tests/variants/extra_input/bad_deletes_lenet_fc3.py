"""Bad: del lenet.fc3, removing the classifier from the trained model passed in -> leaves_lenet_alone: trained_model_changed(config=LeNetWithMeta(lenet, 4, 10))"""

import torch
import torch.nn.functional as F
from torch import nn


class LeNetWithMeta(nn.Module):
    def __init__(self, lenet, meta_features, num_classes):
        super().__init__()
        del lenet.fc3
        self.conv1 = lenet.conv1
        self.conv2 = lenet.conv2
        self.fc1 = lenet.fc1
        self.fc2 = lenet.fc2
        self.requires_grad_(False)
        self.head = nn.Linear(84 + meta_features, num_classes)

    def forward(self, x, meta):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(torch.flatten(x, 1)))
        x = F.relu(self.fc2(x))
        return self.head(torch.cat([x, meta], dim=1))
