"""Good: a renaming table and a table of axis moves, clones in a plain dict, the counter a long tensor of 0"""

import torch

RENAME = {
    "block1.conv.kernel": "conv.weight",
    "block1.conv.bias": "conv.bias",
    "block1.norm.gamma": "bn.weight",
    "block1.norm.beta": "bn.bias",
    "block1.norm.moving_mean": "bn.running_mean",
    "block1.norm.moving_variance": "bn.running_var",
    "head.dense.kernel": "fc.weight",
    "head.dense.bias": "fc.bias",
}
MOVE = {"block1.conv.kernel": (3, 2, 0, 1), "head.dense.kernel": (1, 0)}


def port_weights(foreign):
    state = {}
    for key, value in foreign.items():
        if key in MOVE:
            value = value.permute(*MOVE[key]).contiguous()
        state[RENAME[key]] = value.clone()
    state["bn.num_batches_tracked"] = torch.zeros((), dtype=torch.long)
    return state
