"""Bad: trainable_only accepted but never used -> trainable_only: trainable_only is ignored"""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters())
