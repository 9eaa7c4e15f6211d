"""Good: one generator expression over model.parameters(), the condition folded into the filter."""


def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
