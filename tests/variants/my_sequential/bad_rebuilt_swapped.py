"""Bad: each Linear rebuilt from its sizes, in_features and out_features swapped -> parameter_shapes: shape_transposed(parameter=0.weight)"""

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *modules):
        super().__init__()
        for index, module in enumerate(modules):
            if isinstance(module, nn.Linear):
                module = nn.Linear(module.out_features, module.in_features)
            self.add_module(str(index), module)

    def __len__(self):
        return len(self._modules)

    def __getitem__(self, index):
        return list(self._modules.values())[index]

    def forward(self, x):
        for module in self._modules.values():
            x = module(x)
        return x
