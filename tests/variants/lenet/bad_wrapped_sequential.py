"""Bad: every layer wrapped in an extra container -> parameter_names: extra_prefix(prefix=model.)"""

import torch
from torch import nn


class LeNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=10):
        super().__init__()
        self.model = nn.ModuleDict(
            {
                "conv1": nn.Conv2d(in_channels, 6, 5),
                "conv2": nn.Conv2d(6, 16, 5),
                "fc1": nn.Linear(400, 120),
                "fc2": nn.Linear(120, 84),
                "fc3": nn.Linear(84, num_classes),
            }
        )

    def forward(self, x):
        m = self.model
        x = torch.max_pool2d(torch.relu(m["conv1"](x)), 2)
        x = torch.max_pool2d(torch.relu(m["conv2"](x)), 2).flatten(1)
        return m["fc3"](torch.relu(m["fc2"](torch.relu(m["fc1"](x)))))
