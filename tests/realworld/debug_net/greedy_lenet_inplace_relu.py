# source: Toory465/Greedy-Filter-Pruning@a038bf0aab5960e1eefad82254773b855621586c:my_lenet.py (https://github.com/Toory465/Greedy-Filter-Pruning/blob/a038bf0aab5960e1eefad82254773b855621586c/my_lenet.py)
# adapted: the LeNet's two convolutions as the contract's convs ModuleList and its nn.ReLU(inplace=True) kept as act; classifier cut to fc1 and fc2, dropout dropped; the prefix stripped
# expect: fail known_mistake mistake=debug_net.inplace_relu

import torch
import torch.nn as nn


class DebugNet(nn.Module):
    def __init__(self, num_classes=10):
        super(DebugNet, self).__init__()
        self.convs = nn.ModuleList([nn.Conv2d(3, 6, 5),
                                    nn.Conv2d(6, 16, 5),
                                    ])
        self.act = nn.ReLU(inplace=True)
        self.pool = nn.MaxPool2d(kernel_size=2)

        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, num_classes)

    def forward(self, x):
        for conv in self.convs:
            x = self.pool(self.act(conv(x)))
        x = x.view(x.size(0), -1)
        x = self.fc2(self.act(self.fc1(x)))
        return x


def load_trained(model, path):
    state = torch.load(path, weights_only=True)
    model.load_state_dict({k.replace('module.', '', 1): v for k, v in state.items()})
