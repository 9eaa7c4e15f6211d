"""Bad: the generator object itself saved, which weights_only=True refuses to load -> loads_with_weights_only: run_checkpoint_unreadable"""

import torch


def save_training(path, model, optimizer, step):
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "step": step,
        "rng": torch.random.default_generator,
    }
    torch.save(state, path)


def resume_training(path, model, optimizer):
    state = torch.load(path, weights_only=False)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["rng"].get_state())
    return state["step"]
