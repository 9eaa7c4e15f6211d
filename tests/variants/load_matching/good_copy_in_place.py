"""Good: copies each fitting tensor in place under no_grad (state_dict() tensors share the model's storage)."""

import torch


def load_matching(model, state_dict):
    own = model.state_dict()
    loaded = []
    with torch.no_grad():
        for key, value in state_dict.items():
            if key not in own or own[key].shape != value.shape:
                continue
            own[key].copy_(value)
            loaded.append(key)
    return loaded
