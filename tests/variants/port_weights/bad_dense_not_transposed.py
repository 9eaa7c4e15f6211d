"""Bad: the dense kernel kept as (in, out) -> shapes: shape_transposed(parameter=fc.weight)"""

from collections import OrderedDict

import torch


def port_weights(foreign):
    return OrderedDict(
        [
            ("conv.weight", foreign["block1.conv.kernel"].permute(3, 2, 0, 1)),
            ("conv.bias", foreign["block1.conv.bias"]),
            ("bn.weight", foreign["block1.norm.gamma"]),
            ("bn.bias", foreign["block1.norm.beta"]),
            ("bn.running_mean", foreign["block1.norm.moving_mean"]),
            ("bn.running_var", foreign["block1.norm.moving_variance"]),
            ("bn.num_batches_tracked", torch.tensor(0)),
            ("fc.weight", foreign["head.dense.kernel"]),
            ("fc.bias", foreign["head.dense.bias"]),
        ]
    )
