"""Bad: save draws from the generator after reading its state, so the uninterrupted run is one draw ahead of the resumed one -> restores_rng: rng_not_restored"""

import torch


def save_training(path, model, optimizer, step):
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "step": step,
        "rng": torch.get_rng_state(),
    }
    torch.save(state, path)
    torch.randint(0, 10**6, ())  # a random name for the next file, drawn after the state was read


def resume_training(path, model, optimizer):
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["rng"])
    return state["step"]
