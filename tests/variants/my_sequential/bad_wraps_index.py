"""Bad: index % len(self) never raises IndexError -> indexing: known_mistake(mistake=my_sequential.no_index_error)"""

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *modules):
        super().__init__()
        for index, module in enumerate(modules):
            self.add_module(str(index), module)

    def __len__(self):
        return len(self._modules)

    def __getitem__(self, index):
        return self._modules[str(index % len(self))]

    def forward(self, x):
        for module in self._modules.values():
            x = module(x)
        return x
