"""Bad: the popular one-liner, always counting only requires_grad parameters -> counts_all: count the frozen ones too"""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
