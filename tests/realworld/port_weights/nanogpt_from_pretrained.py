# source: karpathy/nanoGPT@93a43d9a5c22450bbf06e78da2cb6eeef084b717:model.py (https://github.com/karpathy/nanoGPT/blob/93a43d9a5c22450bbf06e78da2cb6eeef084b717/model.py)
# adapted: GPT.from_pretrained's copy loop: a list of keys whose weights "we have to transpose" with .t(), the others copied as they are; a rename table from the foreign keys to SmallNet's in place of the identical HF names
# expect: fail function_error

from collections import OrderedDict

import torch

RENAMES = {
    "block1.conv.kernel": "conv.weight",
    "block1.conv.bias": "conv.bias",
    "block1.norm.gamma": "bn.weight",
    "block1.norm.beta": "bn.bias",
    "block1.norm.moving_mean": "bn.running_mean",
    "block1.norm.moving_variance": "bn.running_var",
    "head.dense.kernel": "fc.weight",
    "head.dense.bias": "fc.bias",
}


def port_weights(foreign):
    sd = OrderedDict()
    transposed = ['conv.kernel', 'dense.kernel']
    # basically the foreign checkpoints store kernels input-first, but we only want to use a vanilla Conv2d / Linear
    # this means that we have to transpose these weights when we import them
    for k in foreign:
        if any(k.endswith(w) for w in transposed):
            # special treatment for the weights we need to transpose
            with torch.no_grad():
                sd[RENAMES[k]] = foreign[k].t()
        else:
            # vanilla copy over the other parameters
            with torch.no_grad():
                sd[RENAMES[k]] = foreign[k]
    return sd
