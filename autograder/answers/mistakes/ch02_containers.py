"""Known mistakes in Sequential names, VGG features, MySequential and MultiHead (assignment 02_containers)."""

import torch
from torch import nn

from autograder.answers.containers import MultiHead, MyModel, MySequential, VGGFeatures


class OnlyLayer1(MyModel):
    def forward(self, x):
        return self.layer1(x)


class OnlyLayer2(MyModel):
    def forward(self, x):
        return self.layer2(x)


class Product(MyModel):
    def forward(self, x):
        return self.layer1(x) * self.layer2(x)


class Concatenated(MyModel):
    def forward(self, x):
        return torch.cat([self.layer1(x), self.layer2(x)], dim=1)


class Chained(MyModel):
    def forward(self, x):
        return self.layer2(self.layer1(x))


class CeilAsFloor(VGGFeatures):
    def __init__(self, cfg, in_channels=3, batch_norm=False):
        super().__init__(["M" if v == "C" else v for v in cfg], in_channels, batch_norm)


class NamesFromOne(MySequential):
    def __init__(self, *modules):
        nn.Module.__init__(self)
        for index, module in enumerate(modules, start=1):
            self.add_module(str(index), module)

    def __getitem__(self, index):
        return list(self._modules.values())[index]


class Reversed(MySequential):
    def forward(self, x):
        for module in reversed(self._modules.values()):
            x = module(x)
        return x


class GetitemByName(MySequential):
    def __getitem__(self, index):
        return self._modules[str(index)]


class NoIndexError(MySequential):
    def __getitem__(self, index):
        return self._modules[str(index % len(self))]


class ReturnsList(MultiHead):
    def forward(self, x):
        features = self.trunk(x)
        return [head(features) for head in self.heads.values()]


class SortedHeads(MultiHead):
    def __init__(self, in_features, hidden_features, heads):
        super().__init__(in_features, hidden_features, dict(sorted(heads.items())))


class ReluAfterHeads(MultiHead):
    def forward(self, x):
        features = self.trunk(x)
        return {name: torch.relu(head(features)) for name, head in self.heads.items()}


class NoTrunkRelu(MultiHead):
    def forward(self, x):
        features = self.trunk[0](x)
        return {name: head(features) for name, head in self.heads.items()}


MISTAKES = {
    "sequential_names": {
        "sequential_names.only_layer1": {"MyModel": OnlyLayer1},
        "sequential_names.only_layer2": {"MyModel": OnlyLayer2},
        "sequential_names.product": {"MyModel": Product},
        "sequential_names.concatenated": {"MyModel": Concatenated},
        "sequential_names.chained": {"MyModel": Chained},
    },
    "vgg_features": {
        "vgg_features.ceil_as_floor": {"VGGFeatures": CeilAsFloor},
    },
    "my_sequential": {
        "my_sequential.names_from_one": {"MySequential": NamesFromOne},
        "my_sequential.reversed": {"MySequential": Reversed},
        "my_sequential.getitem_by_name": {"MySequential": GetitemByName},
        "my_sequential.no_index_error": {"MySequential": NoIndexError},
    },
    "multi_head": {
        "multi_head.returns_list": {"MultiHead": ReturnsList},
        "multi_head.sorted_heads": {"MultiHead": SortedHeads},
        "multi_head.relu_after_heads": {"MultiHead": ReluAfterHeads},
        "multi_head.no_trunk_relu": {"MultiHead": NoTrunkRelu},
    },
}
