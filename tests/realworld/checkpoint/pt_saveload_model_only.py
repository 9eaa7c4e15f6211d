# source: pytorch/tutorials@6af540eeb9a49b3b1ef6f04c6b6b728cb5448ac6:beginner_source/saving_loading_models.py (https://github.com/pytorch/tutorials/blob/6af540eeb9a49b3b1ef6f04c6b6b728cb5448ac6/beginner_source/saving_loading_models.py)
# adapted: the tutorial's state_dict save and load for inference, the optimizer's state not saved
# expect: fail known_mistake mistake=checkpoint.no_optimizer

import torch


def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model": model.state_dict()}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    return checkpoint["epoch"]
