"""Good: a tuple instead of a dict, unpacked on load."""

import torch


def save_checkpoint(path, model, optimizer, epoch):
    torch.save((epoch, model.state_dict(), optimizer.state_dict()), path)


def load_checkpoint(path, model, optimizer):
    epoch, model_state, optimizer_state = torch.load(path, weights_only=True)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(optimizer_state)
    return epoch
