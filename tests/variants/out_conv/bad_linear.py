"""Bad: nn.Linear instead of a 1x1 convolution -> parameter_shapes: exercise_hint(parameter=conv.weight)"""

from torch import nn


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Linear(in_channels, out_channels)

    def forward(self, x):
        return self.conv(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
