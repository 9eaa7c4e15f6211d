"""Bad: forward applies the modules last to first -> forward: known_mistake(mistake=my_sequential.reversed)"""

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *modules):
        super().__init__()
        for index, module in enumerate(modules):
            self.add_module(str(index), module)

    def __len__(self):
        return len(self._modules)

    def __getitem__(self, index):
        return list(self._modules.values())[index]

    def forward(self, x):
        for index in range(len(self) - 1, -1, -1):
            x = self[index](x)
        return x
