"""Good: save draws from the generator (a random tag) before reading its state; the uninterrupted run goes on from the same place"""

import torch


def save_training(path, model, optimizer, step):
    tag = torch.randint(0, 10**6, ()).item()
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "step": step,
        "tag": tag,
        "rng": torch.get_rng_state(),
    }
    torch.save(state, path)


def resume_training(path, model, optimizer):
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["rng"])
    return state["step"]
