"""Bad: the modules kept in a plain Python list, never registered -> parameter_names: modules_in_python_container(attribute=layers)"""

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *modules):
        super().__init__()
        self.layers = list(modules)

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, index):
        return self.layers[index]

    def forward(self, x):
        for module in self.layers:
            x = module(x)
        return x
