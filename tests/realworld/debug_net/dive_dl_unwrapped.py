# source: masknugget/mypyqt@517c781a5d745e44bfb6c09b876e2caf3047fd54:torch_day2day/Dive-into-DL-PyTorch/code/chapter08_computational-performance/8_3.py (https://github.com/masknugget/mypyqt/blob/517c781a5d745e44bfb6c09b876e2caf3047fd54/torch_day2day/Dive-into-DL-PyTorch/code/chapter08_computational-performance/8_3.py)
# adapted: the cell the book marks "加载失败" (load fails): the "module." checkpoint loaded straight into the unwrapped net, as load_trained; DebugNet the task's other two bugs fixed
# expect: fail debug_load_error config=DebugNet(10)

import torch
import torch.nn.functional as F
from torch import nn

class DebugNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(3, 6, 5), nn.Conv2d(6, 16, 5)])
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, num_classes)
        self.act = nn.ReLU()

    def forward(self, x):
        for conv in self.convs:
            x = F.max_pool2d(self.act(conv(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc2(self.act(self.fc1(x)))

def load_trained(model, path):
    model.load_state_dict(torch.load(path, weights_only=True)) # 加载失败
