"""Bad: LeNet's layers wrapped in a Sequential `features` -> reuses_layers: layer_not_kept(layer=conv1)"""

import torch
from torch import nn


class LeNetWithMeta(nn.Module):
    def __init__(self, lenet, meta_features, num_classes):
        super().__init__()
        self.features = nn.Sequential(
            lenet.conv1,
            nn.ReLU(),
            nn.MaxPool2d(2),
            lenet.conv2,
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            lenet.fc1,
            nn.ReLU(),
            lenet.fc2,
            nn.ReLU(),
        )
        self.features.requires_grad_(False)
        self.head = nn.Linear(84 + meta_features, num_classes)

    def forward(self, x, meta):
        return self.head(torch.cat([self.features(x), meta], dim=1))
