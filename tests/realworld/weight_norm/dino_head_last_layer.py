# source: facebookresearch/dino@58aabc09e056689228e5cfff27c2c20e6d19c945:vision_transformer.py (https://github.com/facebookresearch/dino/blob/58aabc09e056689228e5cfff27c2c20e6d19c945/vision_transformer.py)
# adapted: DINOHead's last layer (norm_last_layer=True) on the given layer, with parametrizations.weight_norm for the deprecated nn.utils.weight_norm, so weight_g is parametrizations.weight.original0: g filled with 1 and frozen
# expect: fail weight_changed_by_registration
# expect: fail norm_parameter_frozen parameter=parametrizations.weight.original0

import torch.nn as nn


def weight_normalize(linear, norm_last_layer=True):
    last_layer = nn.utils.parametrizations.weight_norm(linear)
    last_layer.parametrizations.weight.original0.data.fill_(1)
    if norm_last_layer:
        last_layer.parametrizations.weight.original0.requires_grad = False
    return last_layer
