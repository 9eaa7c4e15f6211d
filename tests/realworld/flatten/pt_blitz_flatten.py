# source: pytorch/tutorials@7a017bba463ba73cfd9d48aabc7e05827a680906:beginner_source/blitz/neural_networks_tutorial.py (https://github.com/pytorch/tutorials/blob/7a017bba463ba73cfd9d48aabc7e05827a680906/beginner_source/blitz/neural_networks_tutorial.py)
# adapted: the tutorial's torch.flatten(x, 1) as a module
# expect: pass

import torch
import torch.nn as nn


class Flatten(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.flatten(x, 1)  # flatten all dimensions except the batch dimension
