"""Bad: the requires_grad test inverted -> trainable_only: counts the frozen parameters instead of the trainable ones"""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if not p.requires_grad or not trainable_only)
