"""Bad: Down's forward forgets to return -> forward_train: forward_not_tensor(config=Down(4, 8))"""

from torch import nn


class Down(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.maxpool_conv = nn.Sequential(nn.MaxPool2d(2), DoubleConv(in_channels, out_channels))

    def forward(self, x):
        x = self.maxpool_conv(x)
