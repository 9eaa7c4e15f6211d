# source: zhangyang1997/Machine-Learing@0ff678aa49db7e85316bf18f5e4b069dd73e66f6:深度学习/动手学深度学习/4.深度学习计算/4.1.2.2-2.py (https://github.com/zhangyang1997/Machine-Learing/blob/0ff678aa49db7e85316bf18f5e4b069dd73e66f6/%E6%B7%B1%E5%BA%A6%E5%AD%A6%E4%B9%A0/%E5%8A%A8%E6%89%8B%E5%AD%A6%E6%B7%B1%E5%BA%A6%E5%AD%A6%E4%B9%A0/4.%E6%B7%B1%E5%BA%A6%E5%AD%A6%E4%B9%A0%E8%AE%A1%E7%AE%97/4.1.2.2-2.py)
# adapted: Module_List's plain Python list of layers kept for the two convolutions; ReLU not in place and the prefix stripped, as the task asks
# expect: fail modules_in_python_container attribute=convs

import torch
import torch.nn.functional as F
from torch import nn


class DebugNet(nn.Module):
    def __init__(self, num_classes=10):
        super(DebugNet, self).__init__()
        self.convs = [nn.Conv2d(3, 6, 5), nn.Conv2d(6, 16, 5)]
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, num_classes)
        self.act = nn.ReLU()

    def forward(self, x):
        for conv in self.convs:
            x = F.max_pool2d(self.act(conv(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc2(self.act(self.fc1(x)))


def load_trained(model, path):
    state = torch.load(path, weights_only=True)
    model.load_state_dict({k[len('module.'):]: v for k, v in state.items()})
