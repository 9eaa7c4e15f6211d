"""Good: setattr with the position as the name registers each module; indexing a list of the children."""

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *modules):
        super().__init__()
        for index, module in enumerate(modules):
            setattr(self, str(index), module)

    def __len__(self):
        return len(list(self.children()))

    def __getitem__(self, index):
        return list(self.children())[index]  # a list raises IndexError itself

    def forward(self, x):
        for module in self.children():
            x = module(x)
        return x
