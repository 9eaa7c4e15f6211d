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


FC1_HINT = (
    "fc1 takes the 16 x 5 x 5 = 400 features left after the second 2x2 max-pool (32 -> 28 -> 14 -> 10 -> 5). "
    "1600 = 16 x 10 x 10 means the pool after conv2 is missing; 2704 = 16 x 13 x 13 means the pool after conv1 is."
)

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
        (
            "the output went through softmax. Return raw logits: nn.CrossEntropyLoss applies log-softmax itself.",
            _Softmax,
        ),
        ("the output went through log_softmax. Return raw logits (no softmax of any kind).", _LogSoftmax),
        (
            "there is a ReLU after fc3. Logits must be able to be negative: no activation after the last layer.",
            _ReluOnLogits,
        ),
        ("the ReLUs after fc1 and fc2 are missing.", _NoHiddenRelu),
        (
            "average pooling was used; LeNet here uses 2x2 max-pooling (F.max_pool2d or nn.MaxPool2d).",
            _AvgPool,
        ),
    ),
    hints={"fc1.weight": FC1_HINT},
)

EXERCISES = (LENET,)
