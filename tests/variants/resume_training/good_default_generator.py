"""Good: the generator's state read from torch.random.default_generator, restored first, the step as .item()"""

import torch


def save_training(path, model, optimizer, step):
    torch.save(
        {
            "rng_state": torch.random.default_generator.get_state(),
            "model_state_dict": model.state_dict(),
            "optimizer_state_dict": optimizer.state_dict(),
            "step": torch.tensor(step),
        },
        path,
    )


def resume_training(path, model, optimizer):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    torch.random.default_generator.set_state(checkpoint["rng_state"])
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    return int(checkpoint["step"].item())
