"""Bad: len() of the parameter list counts tensors, not scalars -> counts_all: the number of parameter tensors"""


def count_parameters(model, trainable_only=False):
    return len([p for p in model.parameters() if p.requires_grad or not trainable_only])
