"""Bad: permute(3, 2, 1, 0), each 3x3 kernel transposed -> outputs_match: known_mistake(mistake=port_weights.kernel_flipped)"""

from collections import OrderedDict

import torch


def port_weights(foreign):
    return OrderedDict(
        [
            ("conv.weight", foreign["block1.conv.kernel"].permute(3, 2, 1, 0)),
            ("conv.bias", foreign["block1.conv.bias"]),
            ("bn.weight", foreign["block1.norm.gamma"]),
            ("bn.bias", foreign["block1.norm.beta"]),
            ("bn.running_mean", foreign["block1.norm.moving_mean"]),
            ("bn.running_var", foreign["block1.norm.moving_variance"]),
            ("bn.num_batches_tracked", torch.tensor(0)),
            ("fc.weight", foreign["head.dense.kernel"].t()),
            ("fc.bias", foreign["head.dense.bias"]),
        ]
    )
