"""Small, deterministic models and data that the function exercises are tried on.

Both sides build them from the same seed: the grader for the reference, the child for the student's code.
Each one hides a trap a real solution must handle (tied weights, buffers, frozen parameters, names that are
prefixes of other names, keys with the prefix in the middle).
"""

from collections import OrderedDict

import torch
from torch import nn


class TiedNet(nn.Module):
    """An embedding and a decoder that share one weight (10 x 4), a BatchNorm (buffers) and a frozen layer."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 4)
        self.norm = nn.BatchNorm1d(4)
        self.hidden = nn.Linear(4, 4)
        self.decoder = nn.Linear(4, 10, bias=False)
        self.decoder.weight = self.embed.weight
        self.hidden.bias.requires_grad_(False)


class LayeredNet(nn.Module):
    """`layer1` and `layer10`, `head` and `subhead` (prefix traps), a Sequential `layer2` with a BatchNorm."""

    def __init__(self):
        super().__init__()
        self.layer1 = nn.Linear(4, 4)
        self.layer10 = nn.Linear(4, 4)
        self.layer2 = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.Linear(6, 4))
        self.head = nn.Linear(4, 2)
        self.subhead = nn.Linear(2, 2)
        self.layer10.bias.requires_grad_(False)


class TinyNet(nn.Module):
    """A convolutional feature extractor and a classifier, for fine-tuning from a different head."""

    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU())
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, num_classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.features(x)), 1))


class PredictNet(nn.Module):
    """A model whose output depends on the mode: Dropout and BatchNorm."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.norm = nn.BatchNorm1d(8)
        self.drop = nn.Dropout(0.5)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(self.drop(torch.relu(self.norm(self.fc1(x)))))


class FeatureNet(nn.Module):
    """Nested blocks to hook: `stem` (Linear, BatchNorm), one `act` ReLU that forward runs twice, in place (as
    the course's BasicBlock does: a hook that keeps `stem`'s or `block`'s output without a copy sees it
    overwritten), `block` (Linear, Dropout) and `head`; `forward_calls` counts the calls of forward."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8))
        self.act = nn.ReLU(inplace=True)
        self.block = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.5))
        self.head = nn.Linear(8, 3)
        self.forward_calls = 0

    def forward(self, x):
        self.forward_calls += 1
        x = self.act(self.stem(x))  # (N, 8)
        x = self.act(self.block(x))  # (N, 8): `act` runs a second time
        return self.head(x)  # (N, 3)


class ResumeNet(nn.Module):
    """A small regression model trained with Adam to test checkpoints."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 1))

    def forward(self, x):
        return self.net(x)


class TrainedLeNet(nn.Module):
    """Stands in for a LeNet trained on 3x32x32 images (conv1, conv2, fc1, fc2, fc3: the `lenet` exercise's modules,
    names and shapes, and no others; tests/test_course_claims.py holds them equal), for model surgery: its weights are drawn as training might have left them, N(0, 2 / fan_in) and
    small biases, from the global generator (see `seeded`). Only its layers are used, never its forward."""

    def __init__(self):
        super().__init__()
        layers = {
            "conv1": nn.Conv2d(3, 6, 5),
            "conv2": nn.Conv2d(6, 16, 5),
            "fc1": nn.Linear(400, 120),
            "fc2": nn.Linear(120, 84),
            "fc3": nn.Linear(84, 10),
        }
        for name, layer in layers.items():
            fan_in = layer.weight[0].numel()
            with torch.no_grad():
                layer.weight.normal_(0.0, (2.0 / fan_in) ** 0.5)
                layer.bias.normal_(0.0, 0.1)
            self.add_module(name, layer)


def seeded(factory, seed: int, *args):
    """Builds `factory(*args)` with torch's global generator seeded, then randomises BatchNorm statistics."""
    torch.manual_seed(seed)
    model = factory(*args)
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            module.running_mean.normal_(0, 0.5)
            module.running_var.uniform_(0.5, 2.0)
    return model


MODELS = {
    "TiedNet": TiedNet,
    "LayeredNet": LayeredNet,
    "TinyNet": TinyNet,
    "PredictNet": PredictNet,
    "FeatureNet": FeatureNet,
    "TrainedLeNet": TrainedLeNet,
}


def build(name: str, seed: int = 0, *args) -> nn.Module:
    return seeded(MODELS[name], seed, *args)


def prefixed_state_dict(seed: int) -> OrderedDict:
    """Keys as nn.DataParallel writes them, plus keys that contain the prefix elsewhere or not at all, twice at
    the start, or at the start and again inside (only the first goes: `replace` after `startswith` removes both)."""
    g = torch.Generator().manual_seed(seed)
    keys = [
        "module.conv.weight",
        "module.embedding.weight",
        "module.bn.running_mean",
        "fc.weight",
        "head.module.bias",
        "module.module.extra",
        "module.encoder.module.weight",
    ]
    return OrderedDict((key, torch.randn(3, generator=g)) for key in keys)


class SmallNet(nn.Module):
    """Chapter 5's SmallNet, as the chapter writes it: the model a foreign checkpoint is ported into."""

    def __init__(self, in_channels: int = 1, num_classes: int = 10):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, 8, kernel_size=3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8 * 4 * 4, num_classes)

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))  # (N, 8, 8, 8)
        x = torch.nn.functional.max_pool2d(x, 2)  # (N, 8, 4, 4)
        return self.fc(x.flatten(1))  # (N, num_classes)


def foreign_smallnet(in_channels: int, num_classes: int, generator: torch.Generator) -> OrderedDict:
    """A SmallNet's weights as another library saves them: its own names and grouping, kernels input-first
    ((kh, kw, in, out) for the convolution, (in, out) for the dense layer), no batch counter. Values are drawn
    so that every mix-up shows: no kernel is symmetric, and the statistics are far from 0 and 1."""

    def draw(*shape, scale=0.3):
        return torch.randn(shape, generator=generator) * scale

    return OrderedDict(
        [
            ("block1.conv.kernel", draw(3, 3, in_channels, 8)),
            ("block1.conv.bias", draw(8, scale=0.1)),
            ("block1.norm.gamma", 1.0 + draw(8)),
            ("block1.norm.beta", draw(8)),
            ("block1.norm.moving_mean", draw(8, scale=0.5)),
            ("block1.norm.moving_variance", 0.5 + torch.rand(8, generator=generator) * 1.5),
            ("head.dense.kernel", draw(128, num_classes, scale=0.1)),
            ("head.dense.bias", draw(num_classes, scale=0.1)),
        ]
    )
