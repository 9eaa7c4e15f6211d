"""Chapter 2: Sequential, ModuleList, ModuleDict. Exercises `sequential_names`, `vgg_features`, `my_sequential`
and `multi_head`."""

from collections import OrderedDict

import torch
from torch import nn


class MyModel(nn.Module):
    """Two Sequential containers with the same layers, one named by index and one by OrderedDict keys.

    Shape:
        - Input: (N, 1, H, W) with H, W >= 9
        - Output: (N, 64, H - 8, W - 8)

    Attributes:
        layer1.0.weight: (20, 1, 5, 5), layer1.0.bias: (20,)
        layer1.2.weight: (64, 20, 5, 5), layer1.2.bias: (64,)
        layer2.convolution_layer_1.weight: (20, 1, 5, 5), layer2.convolution_layer_1.bias: (20,)
        layer2.convolution_layer_2.weight: (64, 20, 5, 5), layer2.convolution_layer_2.bias: (64,)
    """

    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        self.layer1 = nn.Sequential(
            nn.Conv2d(1, 20, 5),
            nn.ReLU(),
            nn.Conv2d(20, 64, 5),
            nn.ReLU(),
        )
        self.layer2 = nn.Sequential(
            OrderedDict(
                [
                    ("convolution_layer_1", nn.Conv2d(1, 20, 5)),
                    ("activation_1", nn.ReLU()),
                    ("convolution_layer_2", nn.Conv2d(20, 64, 5)),
                    ("activation_2", nn.ReLU()),
                ]
            )
        )
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        return self.layer1(x) + self.layer2(x)  # (N, 64, H - 8, W - 8)
        ### END SOLUTION


def make_vgg_layers(cfg: list, in_channels: int = 3, batch_norm: bool = False) -> list[nn.Module]:
    """Turns a VGG configuration into a flat list of layers.

    Args:
        cfg: an int is a 3x3 convolution (padding 1) with that many output channels, followed by
            BatchNorm2d when `batch_norm`, then ReLU; 'M' is MaxPool2d(2, 2); 'C' is MaxPool2d(2, 2, ceil_mode=True).
        in_channels: channels of the input image. Default: 3.
        batch_norm: insert BatchNorm2d after each convolution. Default: False.

    Returns:
        The layers, in order, as a plain Python list (wrap it in nn.ModuleList or nn.Sequential).
    """
    ### BEGIN SOLUTION
    layers: list[nn.Module] = []
    for v in cfg:
        if v == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        elif v == "C":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True))
        else:
            layers.append(nn.Conv2d(in_channels, v, kernel_size=3, padding=1))
            if batch_norm:
                layers.append(nn.BatchNorm2d(v))
            layers.append(nn.ReLU(inplace=True))
            in_channels = v
    return layers
    ### END SOLUTION


class VGGFeatures(nn.Module):
    """The convolutional part of VGG, built from a configuration list.

    Args:
        cfg: the configuration, as for `make_vgg_layers`.
        in_channels: channels of the input image. Default: 3.
        batch_norm: insert BatchNorm2d after each convolution. Default: False.

    Shape:
        - Input: (N, in_channels, H, W)
        - Output: (N, C, H', W'): C is the last int in cfg; each 'M' halves H and W rounding down, each 'C'
          rounding up.

    Attributes:
        vgg: nn.ModuleList of the layers, so parameters are named vgg.<index>.weight / vgg.<index>.bias.
    """

    def __init__(self, cfg: list, in_channels: int = 3, batch_norm: bool = False):
        super().__init__()
        ### BEGIN SOLUTION
        self.vgg = nn.ModuleList(make_vgg_layers(cfg, in_channels, batch_norm))
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        for layer in self.vgg:
            x = layer(x)
        return x
        ### END SOLUTION


class MySequential(nn.Module):
    """A container that applies its modules in order, as nn.Sequential does, written with add_module.

    Args:
        *modules: the layers, in the order forward applies them.

    Shape:
        - Input: what the first module takes
        - Output: what the last module returns

    Attributes:
        <i>: the i-th module, registered under its position as a string ("0", "1", ...), so its parameters
            are named "<i>.weight", "<i>.bias": the state_dict keys of nn.Sequential(*modules).

    Examples:
        >>> model = MySequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
        >>> list(model.state_dict())
        ['0.weight', '0.bias', '2.weight', '2.bias']
        >>> len(model), model[-1]
        (3, Linear(in_features=8, out_features=3, bias=True))
    """

    def __init__(self, *modules: nn.Module):
        super().__init__()
        ### BEGIN SOLUTION
        for index, module in enumerate(modules):
            self.add_module(str(index), module)
        ### END SOLUTION

    def __len__(self) -> int:
        ### BEGIN SOLUTION
        return len(self._modules)
        ### END SOLUTION

    def __getitem__(self, index: int) -> nn.Module:
        ### BEGIN SOLUTION
        if not -len(self) <= index < len(self):
            raise IndexError(f"index {index} is out of range for {len(self)} modules")
        return self._modules[str(index % len(self))]
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        for module in self._modules.values():
            x = module(x)  # each module's output is the next one's input
        return x
        ### END SOLUTION


class MultiHead(nn.Module):
    """A shared trunk and one head per task, each head as deep as its task needs; forward runs every head on the
    trunk's features.

    Args:
        in_features: size of each input sample.
        hidden_features: size of the trunk's output, the input of every head.
        heads: by task name, the output sizes of that head's linear layers, in order: [n] is one
            nn.Linear(hidden_features, n); [h, n] is Linear(hidden_features, h), ReLU, Linear(h, n); and so on.
            A ReLU between two linear layers, none after the last. forward returns the heads in this order.

    Shape:
        - Input: (N, in_features)
        - Output: a dict {name: (N, heads[name][-1])}, its keys in the order of `heads`

    Attributes:
        trunk.0.weight: (hidden_features, in_features), trunk.0.bias: (hidden_features,)
        heads.<name>.<i>.weight, heads.<name>.<i>.bias: each head is an nn.Sequential of its layers, ReLUs
            included, so for heads[name] == [h, n]: heads.<name>.0.weight (h, hidden_features),
            heads.<name>.2.weight (n, h)
    """

    def __init__(self, in_features: int, hidden_features: int, heads: dict[str, list[int]]):
        super().__init__()
        ### BEGIN SOLUTION
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
        self.heads = nn.ModuleDict()
        for name, sizes in heads.items():
            layers, width = [], hidden_features
            for size in sizes:
                layers += [nn.Linear(width, size), nn.ReLU()]
                width = size
            self.heads[name] = nn.Sequential(*layers[:-1])  # no ReLU after the last layer: raw outputs
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        ### BEGIN SOLUTION
        features = self.trunk(x)  # (N, hidden_features)
        return {name: head(features) for name, head in self.heads.items()}  # {name: (N, heads[name][-1])}
        ### END SOLUTION
