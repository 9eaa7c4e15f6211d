"""Bad: a Linear layer built into Flatten, so it has parameters -> parameter_names: names_unexpected"""

from torch import nn


class Flatten(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(60, 10)

    def forward(self, x):
        return self.fc(x.flatten(1))
