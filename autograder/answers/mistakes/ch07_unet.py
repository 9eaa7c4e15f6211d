"""Known mistakes in U-Net's Up block, alone (exercise `up`) and inside a whole UNet (exercise `unet`)."""

import torch
import torch.nn.functional as F

from autograder.answers.unet import UNet, Up


class CatOrder(Up):
    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy, dx = x2.size(2) - x1.size(2), x2.size(3) - x1.size(3)
        x1 = F.pad(x1, [dx // 2, dx - dx // 2, dy // 2, dy - dy // 2])
        return self.conv(torch.cat([x1, x2], dim=1))


class NoPad(Up):
    """No padding: the upsampled x1 is assumed to have x2's size, so torch.cat fails when the sizes are odd."""

    def forward(self, x1, x2):
        x1 = self.up(x1)
        return self.conv(torch.cat([x2, x1], dim=1))


class PadLeft(Up):
    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy, dx = x2.size(2) - x1.size(2), x2.size(3) - x1.size(3)
        x1 = F.pad(x1, [dx - dx // 2, dx // 2, dy - dy // 2, dy // 2])
        return self.conv(torch.cat([x2, x1], dim=1))


class PadHalves(Up):
    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy, dx = x2.size(2) - x1.size(2), x2.size(3) - x1.size(3)
        x1 = F.pad(x1, [dx // 2, dx // 2, dy // 2, dy // 2])
        return self.conv(torch.cat([x2, x1], dim=1))


class PadSwapped(Up):
    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy, dx = x2.size(2) - x1.size(2), x2.size(3) - x1.size(3)
        x1 = F.pad(x1, [dy // 2, dy - dy // 2, dx // 2, dx - dx // 2])
        return self.conv(torch.cat([x2, x1], dim=1))


class AlignCornersFalse(Up):
    def __init__(self, in_channels, out_channels, bilinear=False):
        super().__init__(in_channels, out_channels, bilinear)
        if bilinear:
            self.up = torch.nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)


UP_VARIANTS = {
    "up.cat_order": CatOrder,
    "up.no_pad": NoPad,
    "up.pad_left": PadLeft,
    "up.pad_halves": PadHalves,
    "up.pad_swapped": PadSwapped,
    "up.align_corners_false": AlignCornersFalse,
}


def unet_with(up_variant):
    """The reference UNet whose Up blocks behave like `up_variant` (a known mistake in Up)."""

    class Variant(UNet):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for module in self.modules():
                if type(module) is Up:
                    module.__class__ = up_variant

    return Variant


# The same ids for both exercises: in `unet` they are reported as a mistake in its Up part.
MISTAKES = {
    "up": {key: {"Up": variant} for key, variant in UP_VARIANTS.items()},
    # Not up.no_pad: in a UNet the skip is at most one pixel larger than the upsampled map, where no padding and
    # up.pad_halves (diff // 2 on both sides: 0) do the same, so no probe of the whole UNet tells them apart.
    "unet": {key: {"UNet": unet_with(variant)} for key, variant in UP_VARIANTS.items() if key != "up.no_pad"},
}
