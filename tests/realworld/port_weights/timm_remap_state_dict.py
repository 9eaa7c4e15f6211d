# source: huggingface/pytorch-image-models@2e74c68649d066d8a21ea92fdbebdc069b6c9205:timm/models/_helpers.py (https://github.com/huggingface/pytorch-image-models/blob/2e74c68649d066d8a21ea92fdbebdc069b6c9205/timm/models/_helpers.py)
# adapted: remap_state_dict(state_dict, model, allow_reshape=True), matching the foreign entries by order with SmallNet's keys and shapes (written out from the exercise's table, the sizes read off the foreign kernels) in place of model.state_dict()
# expect: fail known_mistake mistake=port_weights.both_reshaped

import torch


def port_weights(foreign):
    kernel, dense = foreign["block1.conv.kernel"], foreign["head.dense.kernel"]
    in_channels, num_classes = kernel.shape[2], dense.shape[1]
    model_shapes = {
        "conv.weight": (8, in_channels, 3, 3), "conv.bias": (8,),
        "bn.weight": (8,), "bn.bias": (8,), "bn.running_mean": (8,), "bn.running_var": (8,),
        "fc.weight": (num_classes, 128), "fc.bias": (num_classes,),
    }
    allow_reshape = True
    out_dict = {}
    for (ka, va), (kb, vb) in zip(model_shapes.items(), foreign.items()):
        assert torch.Size(va).numel() == vb.numel(), f'Tensor size mismatch {ka}: {va} vs {kb}: {vb.shape}. Remap failed.'
        if tuple(va) != tuple(vb.shape):
            if allow_reshape:
                vb = vb.reshape(va)
            else:
                assert False, f'Tensor shape mismatch {ka}: {va} vs {kb}: {vb.shape}. Remap failed.'
        out_dict[ka] = vb
    return out_dict
