"""Bad: the pool after conv1 is forgotten and fc1 sized to match -> parameter_shapes: exercise_hint(parameter=fc1.weight)"""

import torch
import torch.nn.functional as F
from torch import nn


class LeNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 12 * 12, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = F.relu(self.conv1(x))  # (N, 6, 28, 28): no pool
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)  # (N, 16, 24, 24) -> (N, 16, 12, 12)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)
