# source: pytorch/tutorials@6af540eeb9a49b3b1ef6f04c6b6b728cb5448ac6:beginner_source/saving_loading_models.py (https://github.com/pytorch/tutorials/blob/6af540eeb9a49b3b1ef6f04c6b6b728cb5448ac6/beginner_source/saving_loading_models.py)
# adapted: the tutorial's 'save/load entire model' section: torch.save(model, PATH)
# expect: fail model_object_saved

import torch


def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"model": model, "optimizer": optimizer.state_dict(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"].state_dict())
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
