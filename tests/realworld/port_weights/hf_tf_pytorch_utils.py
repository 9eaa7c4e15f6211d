# source: huggingface/transformers@0e5b57e7673f58a8689d9f5f1e96c7007fdb5b13:src/transformers/modeling_tf_pytorch_utils.py (https://github.com/huggingface/transformers/blob/0e5b57e7673f58a8689d9f5f1e96c7007fdb5b13/src/transformers/modeling_tf_pytorch_utils.py)
# adapted: convert_tf_weight_name_to_pt_weight_name and apply_transpose(pt_to_tf=False) on each foreign key ('.' for '/', no prefix or name scope), torch's permute for transpose_func, SmallNet's module names for the foreign groups, and the moving_mean / moving_variance renames HF does the other way round
# expect: pass

from collections import OrderedDict

import torch

MODULES = {"block1.conv": "conv", "block1.norm": "bn", "head.dense": "fc"}


def convert_tf_weight_name_to_pt_weight_name(tf_name, tf_weight_shape=None):
    tf_name = tf_name.split(".")
    tf_weight_shape = list(tf_weight_shape)

    # When should we transpose the weights
    if tf_name[-1] == "kernel" and tf_weight_shape is not None and len(tf_weight_shape) == 4:
        transpose = "conv2d"
    elif tf_name[-1] == "kernel" and tf_weight_shape is not None and len(tf_weight_shape) == 3:
        transpose = "conv1d"
    elif tf_name[-1] in ["kernel", "pointwise_kernel", "depthwise_kernel"]:
        transpose = "simple"
    else:
        transpose = "no"

    # Convert standard TF2.0 names in PyTorch names
    if tf_name[-1] == "kernel" or tf_name[-1] == "embeddings" or tf_name[-1] == "gamma":
        tf_name[-1] = "weight"
    if tf_name[-1] == "beta":
        tf_name[-1] = "bias"
    if tf_name[-1] == "moving_variance":
        tf_name[-1] = "running_var"
    if tf_name[-1] == "moving_mean":
        tf_name[-1] = "running_mean"

    module = MODULES[".".join(tf_name[:-1])]
    return f"{module}.{tf_name[-1]}", transpose


def apply_transpose(transpose, weight):
    if transpose == "conv2d":
        # Conv2D weight:
        #    PT: (num_out_channel, num_in_channel, kernel[0], kernel[1])
        # -> TF: (kernel[0], kernel[1], num_in_channel, num_out_channel)
        weight = weight.permute(3, 2, 0, 1)
    elif transpose == "conv1d":
        weight = weight.permute(2, 1, 0)
    elif transpose == "simple":
        weight = weight.t()
    return weight


def port_weights(foreign):
    state = OrderedDict()
    for key, array in foreign.items():
        name, transpose = convert_tf_weight_name_to_pt_weight_name(key, tf_weight_shape=array.shape)
        state[name] = apply_transpose(transpose, array)
    return state
