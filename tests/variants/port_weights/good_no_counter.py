"""Good: no bn.num_batches_tracked: BatchNorm fills in a missing counter when it loads a dict without metadata"""

from collections import OrderedDict


def port_weights(foreign):
    return OrderedDict(
        [
            ("conv.weight", foreign["block1.conv.kernel"].permute(3, 2, 0, 1)),
            ("conv.bias", foreign["block1.conv.bias"]),
            ("bn.weight", foreign["block1.norm.gamma"]),
            ("bn.bias", foreign["block1.norm.beta"]),
            ("bn.running_mean", foreign["block1.norm.moving_mean"]),
            ("bn.running_var", foreign["block1.norm.moving_variance"]),
            ("fc.weight", foreign["head.dense.kernel"].t()),
            ("fc.bias", foreign["head.dense.bias"]),
        ]
    )
