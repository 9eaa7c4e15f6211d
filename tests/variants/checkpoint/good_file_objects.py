"""Good: explicit file objects and pathlib, the epoch stored as a tensor and turned back into an int."""

from pathlib import Path

import torch


def save_checkpoint(path, model, optimizer, epoch):
    state = {"model": model.state_dict(), "optim": optimizer.state_dict(), "epoch": torch.tensor(epoch)}
    with Path(path).open("wb") as f:
        torch.save(state, f)


def load_checkpoint(path, model, optimizer):
    with Path(path).open("rb") as f:
        state = torch.load(f, weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optim"])
    return int(state["epoch"])
