# source: pytorch/tutorials@7a017bba463ba73cfd9d48aabc7e05827a680906:beginner_source/blitz/neural_networks_tutorial.py (https://github.com/pytorch/tutorials/blob/7a017bba463ba73cfd9d48aabc7e05827a680906/beginner_source/blitz/neural_networks_tutorial.py)
# adapted: class renamed LeNet, arguments added, but conv1 keeps the tutorial's single input channel
# expect: fail shape_mismatch_dims parameter=conv1.weight

import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=10):
        super(LeNet, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, input):
        c1 = F.relu(self.conv1(input))
        s2 = F.max_pool2d(c1, (2, 2))
        c3 = F.relu(self.conv2(s2))
        s4 = F.max_pool2d(c3, 2)
        s4 = torch.flatten(s4, 1)
        f5 = F.relu(self.fc1(s4))
        f6 = F.relu(self.fc2(f5))
        return self.fc3(f6)
