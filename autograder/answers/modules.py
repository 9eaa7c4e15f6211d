"""Chapter 1: a module is a tree of layers. Exercise `lenet`."""

import torch
import torch.nn.functional as F
from torch import nn


class LeNet(nn.Module):
    """LeNet-5 for 32x32 images, as built in chapter 1.

    Args:
        in_channels: number of channels of the input image (3 for RGB). Default: 3.
        num_classes: number of output logits. Default: 10.

    Shape:
        - Input: (N, in_channels, 32, 32)
        - Output: (N, num_classes), raw logits (no softmax)

    Attributes:
        conv1.weight: (6, in_channels, 5, 5), conv1.bias: (6,)
        conv2.weight: (16, 6, 5, 5), conv2.bias: (16,)
        fc1.weight: (120, 400), fc1.bias: (120,)
        fc2.weight: (84, 120), fc2.bias: (84,)
        fc3.weight: (num_classes, 84), fc3.bias: (num_classes,)

    Examples:
        >>> LeNet()(torch.randn(2, 3, 32, 32)).shape
        torch.Size([2, 10])
    """

    def __init__(self, in_channels: int = 3, num_classes: int = 10):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv1 = nn.Conv2d(in_channels, 6, kernel_size=5)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)  # (N, 6, 28, 28) -> (N, 6, 14, 14)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)  # (N, 16, 10, 10) -> (N, 16, 5, 5)
        x = torch.flatten(x, 1)  # (N, 400)
        x = F.relu(self.fc1(x))  # (N, 120)
        x = F.relu(self.fc2(x))  # (N, 84)
        return self.fc3(x)  # (N, num_classes)
        ### END SOLUTION
