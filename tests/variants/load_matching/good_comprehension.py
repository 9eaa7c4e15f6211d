"""Good: a filtered dict comprehension, then load_state_dict(strict=False)."""


def load_matching(model, state_dict):
    own = model.state_dict()
    matching = {k: v for k, v in state_dict.items() if k in own and v.shape == own[k].shape}
    model.load_state_dict(matching, strict=False)
    return list(matching)
