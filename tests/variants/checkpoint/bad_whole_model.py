"""Bad: the model object itself is saved -> loads_with_weights_only: model_object_saved"""

import torch


def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model": model, "optimizer": optimizer.state_dict()}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=False)
    model.load_state_dict(checkpoint["model"].state_dict())
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
