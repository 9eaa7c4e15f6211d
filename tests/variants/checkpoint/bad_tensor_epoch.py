"""Bad: the epoch saved and returned as a tensor -> returns_epoch: epoch_is_tensor"""

import torch


def save_checkpoint(path, model, optimizer, epoch):
    torch.save(
        {"epoch": torch.tensor(epoch), "model": model.state_dict(), "optimizer": optimizer.state_dict()}, path
    )


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
