"""Bad: indices counted from 1, self._modules[str(index - 1)] -> indexing: index_wrong_module(index=1)"""

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *modules):
        super().__init__()
        for index, module in enumerate(modules):
            self.add_module(str(index), module)

    def __len__(self):
        return len(self._modules)

    def __getitem__(self, index):
        return list(self._modules.values())[index - 1]

    def forward(self, x):
        for module in self._modules.values():
            x = module(x)
        return x
