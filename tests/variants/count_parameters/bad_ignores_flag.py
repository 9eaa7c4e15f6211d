"""Bad: trainable_only accepted but never used -> trainable_only: known_mistake(mistake=count_parameters.ignores_flag)"""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters())
