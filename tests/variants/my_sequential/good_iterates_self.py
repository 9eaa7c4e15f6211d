"""Good: forward iterates over self, which works through __getitem__ because it raises IndexError at the end."""

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *modules):
        super().__init__()
        for index, module in enumerate(modules):
            self.add_module(str(index), module)

    def __len__(self):
        return len(self._modules)

    def __getitem__(self, index):
        modules = list(self._modules.values())
        return modules[index]

    def forward(self, x):
        for module in self:
            x = module(x)
        return x
