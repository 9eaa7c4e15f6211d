"""Known mistakes in LeNet (assignment 01_modules)."""

import torch
import torch.nn.functional as F

from autograder.answers.modules import LeNet


class Softmax(LeNet):
    def forward(self, x):
        return F.softmax(super().forward(x), dim=1)


class LogSoftmax(LeNet):
    def forward(self, x):
        return F.log_softmax(super().forward(x), dim=1)


class ReluOnLogits(LeNet):
    def forward(self, x):
        return F.relu(super().forward(x))


class NoHiddenRelu(LeNet):
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc3(self.fc2(self.fc1(torch.flatten(x, 1))))


class AvgPool(LeNet):
    def forward(self, x):
        x = F.avg_pool2d(F.relu(self.conv1(x)), 2)
        x = F.avg_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))))


MISTAKES = {
    "lenet": {
        "lenet.softmax": {"LeNet": Softmax},
        "lenet.log_softmax": {"LeNet": LogSoftmax},
        "lenet.relu_on_logits": {"LeNet": ReluOnLogits},
        "lenet.no_hidden_relu": {"LeNet": NoHiddenRelu},
        "lenet.avg_pool": {"LeNet": AvgPool},
    },
}
