# source: d2l-ai/d2l-en@67346cc63831106eaa2fb5b3f12582909820c747:chapter_builders-guide/read-write.md (https://github.com/d2l-ai/d2l-en/blob/67346cc63831106eaa2fb5b3f12582909820c747/chapter_builders-guide/read-write.md)
# adapted: the layers taken from a copy.deepcopy of the loaded LeNet, as students do to 'keep the original safe'
# expect: fail known_mistake mistake=extra_input.copied

import copy

import torch
import torch.nn.functional as F
from torch import nn


class LeNetWithMeta(nn.Module):
    def __init__(self, lenet, meta_features, num_classes):
        super().__init__()
        clone = copy.deepcopy(lenet)
        self.conv1, self.conv2, self.fc1, self.fc2 = clone.conv1, clone.conv2, clone.fc1, clone.fc2
        for p in self.parameters():
            p.requires_grad = False
        self.head = nn.Linear(84 + meta_features, num_classes)

    def forward(self, x, meta):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(torch.flatten(x, 1)))
        x = F.relu(self.fc2(x))
        return self.head(torch.cat([x, meta], dim=1))
