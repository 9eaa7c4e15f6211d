# source: huggingface/transformers@7175684eded9da38c4db985b808493570d6840d0:src/transformers/modeling_gpt2.py (https://github.com/huggingface/transformers/blob/7175684eded9da38c4db985b808493570d6840d0/src/transformers/modeling_gpt2.py)
# adapted: load_tf_weights_in_gpt2's loop (arrays squeezed, "w"/"g" to weight, "b" to bias, nothing transposed: GPT-2's Conv1D keeps TF's (in, out) layout) writing a state dict instead of setting pointer.data; the foreign names (kernel, gamma, beta, moving_*) and SmallNet's module names in its rename rules (with one input channel, GPT-2's squeeze() also drops the kernel's in-channel axis)
# expect: fail shape_transposed parameter=fc.weight
# expect: fail shape_mismatch parameter=conv.weight

from collections import OrderedDict

MODULES = {"block1.conv": "conv", "block1.norm": "bn", "head.dense": "fc"}
ATTRS = {"kernel": "weight", "gamma": "weight", "bias": "bias", "beta": "bias",
         "moving_mean": "running_mean", "moving_variance": "running_var"}


def port_weights(foreign):
    names = []
    arrays = []
    for name, array in foreign.items():
        names.append(name)
        arrays.append(array.squeeze())

    state = OrderedDict()
    for name, array in zip(names, arrays):
        name = name.split(".")
        state[MODULES[".".join(name[:-1])] + "." + ATTRS[name[-1]]] = array
    return state
