"""Bad: the foreign names kept, only the values moved -> state_dict_keys: state_dict_differ(config=SmallNet(1, 10))"""

from collections import OrderedDict

import torch


def port_weights(foreign):
    return OrderedDict(
        [
            ("block1.conv.kernel", foreign["block1.conv.kernel"].permute(3, 2, 0, 1)),
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
