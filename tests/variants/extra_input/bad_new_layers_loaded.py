"""Bad: fresh layers with LeNet's weights loaded into them -> reuses_layers: layer_not_reused(layer=fc1)"""

import torch
import torch.nn.functional as F
from torch import nn


class LeNetWithMeta(nn.Module):
    def __init__(self, lenet, meta_features, num_classes):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.load_state_dict(lenet.state_dict(), strict=False)
        for p in self.parameters():
            p.requires_grad = False
        self.head = nn.Linear(84 + meta_features, num_classes)

    def forward(self, x, meta):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(torch.flatten(x, 1)))
        x = F.relu(self.fc2(x))
        return self.head(torch.cat([x, meta], dim=1))
