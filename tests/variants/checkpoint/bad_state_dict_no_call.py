"""Bad: model.state_dict without the parentheses -> loads_with_weights_only: checkpoint_unreadable"""

import torch


def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model": model.state_dict, "optimizer": optimizer.state_dict()}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=False)
    model.load_state_dict(checkpoint["model"]())
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
