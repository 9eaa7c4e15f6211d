"""Bad: the popular one-liner, always counting only requires_grad parameters -> counts_all: known_mistake(mistake=count_parameters.always_trainable)"""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
