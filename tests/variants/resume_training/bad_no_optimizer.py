"""Bad: the optimizer state not restored -> restores_model_and_optimizer: optimizer_not_restored"""

import torch


def save_training(path, model, optimizer, step):
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "step": step,
        "rng": torch.get_rng_state(),
    }
    torch.save(state, path)


def resume_training(path, model, optimizer):
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state["model"])
    torch.set_rng_state(state["rng"])
    return state["step"]
