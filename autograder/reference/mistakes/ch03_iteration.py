"""Known mistakes in counting and freezing parameters (assignment 03_iteration)."""


def count_from_state_dict(model, trainable_only=False):
    return sum(v.numel() for v in model.state_dict().values())


def count_per_module(model, trainable_only=False):
    return sum(
        p.numel()
        for m in model.modules()
        for p in m.parameters(recurse=False)
        if p.requires_grad or not trainable_only
    )


def count_tensors(model, trainable_only=False):
    return len([p for p in model.parameters() if p.requires_grad or not trainable_only])


def count_ignoring_flag(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters())


def count_always_trainable(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def count_frozen(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if not p.requires_grad or not trainable_only)


def freeze_startswith(model, prefixes):
    frozen = [n for n, p in model.named_parameters() if any(n.startswith(x) for x in prefixes)]
    for n, p in model.named_parameters():
        if n in frozen:
            p.requires_grad = False
    return frozen


def freeze_substring(model, prefixes):
    frozen = [n for n, p in model.named_parameters() if any(x in n for x in prefixes)]
    for n, p in model.named_parameters():
        if n in frozen:
            p.requires_grad = False
    return frozen


def freeze_resets_others(model, prefixes):
    frozen = []
    for n, p in model.named_parameters():
        p.requires_grad = not any(n == x or n.startswith(x + ".") for x in prefixes)
        if not p.requires_grad:
            frozen.append(n)
    return frozen


MISTAKES = {
    "count_parameters": {
        "count_parameters.from_state_dict": {"count_parameters": count_from_state_dict},
        "count_parameters.per_module": {"count_parameters": count_per_module},
        "count_parameters.tensors": {"count_parameters": count_tensors},
        "count_parameters.ignores_flag": {"count_parameters": count_ignoring_flag},
        "count_parameters.counts_frozen": {"count_parameters": count_frozen},
        "count_parameters.always_trainable": {"count_parameters": count_always_trainable},
    },
    "freeze": {
        "freeze.startswith": {"freeze": freeze_startswith},
        "freeze.substring": {"freeze": freeze_substring},
        "freeze.resets_others": {"freeze": freeze_resets_others},
    },
}
