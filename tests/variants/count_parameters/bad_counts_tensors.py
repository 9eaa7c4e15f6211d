"""Bad: len() of the parameter list counts tensors, not scalars -> counts_all: known_mistake(mistake=count_parameters.tensors)"""


def count_parameters(model, trainable_only=False):
    return len([p for p in model.parameters() if p.requires_grad or not trainable_only])
