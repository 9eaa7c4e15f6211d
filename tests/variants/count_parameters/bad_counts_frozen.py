"""Bad: the requires_grad test inverted -> trainable_only: known_mistake(mistake=count_parameters.counts_frozen)"""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if not p.requires_grad or not trainable_only)
