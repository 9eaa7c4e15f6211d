# source: huggingface/transformers@8ec58104181bfb34d824d89bccc009b4f6be6e0e:src/transformers/models/bert/modeling_bert.py (https://github.com/huggingface/transformers/blob/8ec58104181bfb34d824d89bccc009b4f6be6e0e/src/transformers/models/bert/modeling_bert.py)
# adapted: load_tf_weights_in_bert's renaming (kernel and gamma to weight, beta to bias) and its np.transpose of every kernel, writing a state dict instead of setting pointer.data; SmallNet's module names for the foreign groups and the moving_* statistics added
# expect: fail known_mistake mistake=port_weights.kernel_flipped

from collections import OrderedDict

import numpy as np
import torch

MODULES = {"block1.conv": "conv", "block1.norm": "bn", "head.dense": "fc"}
STATISTICS = {"moving_mean": "running_mean", "moving_variance": "running_var"}


def port_weights(foreign):
    state = OrderedDict()
    for name, array in foreign.items():
        array = array.numpy()
        name = name.split(".")
        m_name = name[-1]
        if m_name == "kernel" or m_name == "gamma":
            attr = "weight"
        elif m_name == "output_bias" or m_name == "beta":
            attr = "bias"
        else:
            attr = STATISTICS.get(m_name, m_name)
        if m_name == "kernel":
            array = np.transpose(array)
        state[MODULES[".".join(name[:-1])] + "." + attr] = torch.from_numpy(array)
    return state
