# source: huggingface/transformers@1484ad89e052a50e1e002f75f700110c7ca5a145:src/transformers/models/encodec/modeling_encodec.py (https://github.com/huggingface/transformers/blob/1484ad89e052a50e1e002f75f700110c7ca5a145/src/transformers/models/encodec/modeling_encodec.py)
# adapted: EncodecConv1d's choice of weight_norm (parametrizations when torch has it, else the deprecated hook) applied to the given layer in place of its nn.Conv1d
# expect: pass

from torch import nn


def weight_normalize(linear):
    weight_norm = nn.utils.weight_norm
    if hasattr(nn.utils.parametrizations, "weight_norm"):
        weight_norm = nn.utils.parametrizations.weight_norm
    return weight_norm(linear)
