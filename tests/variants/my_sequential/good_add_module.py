"""Good: add_module by position, len of _modules, a range check, then the position of a negative index."""

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *modules):
        super().__init__()
        for index, module in enumerate(modules):
            self.add_module(str(index), module)

    def __len__(self):
        return len(self._modules)

    def __getitem__(self, index):
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"index {index} is out of range")
        return self._modules[str(index)]

    def forward(self, x):
        for module in self._modules.values():
            x = module(x)
        return x
