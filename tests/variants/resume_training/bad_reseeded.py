"""Bad: the generator seeded again with the step instead of restored -> restores_rng: known_mistake(mistake=resume_training.reseeded)"""

import torch


def save_training(path, model, optimizer, step):
    state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step}
    torch.save(state, path)


def resume_training(path, model, optimizer):
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    torch.manual_seed(state["step"])
    return state["step"]
