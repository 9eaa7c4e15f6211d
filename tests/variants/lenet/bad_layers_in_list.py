"""Bad: the fully connected layers kept in a Python list -> parameter_names: modules_in_python_container(attribute=fcs)"""

import torch
from torch import nn


class LeNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fcs = [nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, num_classes)]

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2).flatten(1)
        for i, fc in enumerate(self.fcs):
            x = fc(x) if i == 2 else torch.relu(fc(x))
        return x
