"""Assignment 01_modules: LeNet."""

import torch
import torch.nn.functional as F

from autograder.exercises.module_exercise import Config, module_exercise
from autograder.reference import modules as ref


class _Softmax(ref.LeNet):
    def forward(self, x):
        return F.softmax(super().forward(x), dim=1)


class _LogSoftmax(ref.LeNet):
    def forward(self, x):
        return F.log_softmax(super().forward(x), dim=1)


class _ReluOnLogits(ref.LeNet):
    def forward(self, x):
        return F.relu(super().forward(x))


class _NoHiddenRelu(ref.LeNet):
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc3(self.fc2(self.fc1(torch.flatten(x, 1))))


class _AvgPool(ref.LeNet):
    def forward(self, x):
        x = F.avg_pool2d(F.relu(self.conv1(x)), 2)
        x = F.avg_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))))


LENET = module_exercise(
    "lenet",
    "01_modules",
    "LeNet",
    "LeNet",
    ref.LeNet,
    (
        Config(inputs=(((2, 3, 32, 32),), ((1, 3, 32, 32),), ((5, 3, 32, 32),))),
        Config(kwargs={"in_channels": 1, "num_classes": 5}, inputs=(((3, 1, 32, 32),), ((1, 1, 32, 32),))),
    ),
    mistakes=(
        ("softmax", _Softmax),
        ("log_softmax", _LogSoftmax),
        ("relu_on_logits", _ReluOnLogits),
        ("no_hidden_relu", _NoHiddenRelu),
        ("avg_pool", _AvgPool),
    ),
    hints=("fc1.weight",),
)

EXERCISES = (LENET,)
