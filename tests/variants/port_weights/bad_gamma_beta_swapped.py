"""Bad: gamma taken as the shift and beta as the scale -> outputs_match: known_mistake(mistake=port_weights.gamma_beta_swapped)"""

from collections import OrderedDict

import torch


def port_weights(foreign):
    return OrderedDict(
        [
            ("conv.weight", foreign["block1.conv.kernel"].permute(3, 2, 0, 1)),
            ("conv.bias", foreign["block1.conv.bias"]),
            ("bn.weight", foreign["block1.norm.beta"]),
            ("bn.bias", foreign["block1.norm.gamma"]),
            ("bn.running_mean", foreign["block1.norm.moving_mean"]),
            ("bn.running_var", foreign["block1.norm.moving_variance"]),
            ("bn.num_batches_tracked", torch.tensor(0)),
            ("fc.weight", foreign["head.dense.kernel"].t()),
            ("fc.bias", foreign["head.dense.bias"]),
        ]
    )
