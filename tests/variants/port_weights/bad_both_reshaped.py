"""Bad: both kernels reshaped to SmallNet's shapes, neither permuted nor transposed -> outputs_match: known_mistake(mistake=port_weights.both_reshaped)"""

from collections import OrderedDict

import torch


def port_weights(foreign):
    kernel, dense = foreign["block1.conv.kernel"], foreign["head.dense.kernel"]
    return OrderedDict(
        [
            ("conv.weight", kernel.reshape(8, -1, 3, 3)),
            ("conv.bias", foreign["block1.conv.bias"]),
            ("bn.weight", foreign["block1.norm.gamma"]),
            ("bn.bias", foreign["block1.norm.beta"]),
            ("bn.running_mean", foreign["block1.norm.moving_mean"]),
            ("bn.running_var", foreign["block1.norm.moving_variance"]),
            ("bn.num_batches_tracked", torch.tensor(0)),
            ("fc.weight", dense.reshape(dense.shape[1], dense.shape[0])),
            ("fc.bias", foreign["head.dense.bias"]),
        ]
    )
