"""Bad: the conv kernel moved with a 2-D habit, permute(3, 2, 1, 0) of the wrong axes: (8, C, 3, 3) read as (out, kw, in, kh) -> shapes: shape_mismatch_dims(parameter=conv.weight)"""

from collections import OrderedDict

import torch


def port_weights(foreign):
    return OrderedDict(
        [
            ("conv.weight", foreign["block1.conv.kernel"].permute(3, 1, 2, 0)),
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
