"""Bad: the filtered dict loaded with the default strict=True -> never_raises: Missing key(s) in state_dict"""


def load_matching(model, state_dict):
    own = model.state_dict()
    matching = {k: v for k, v in state_dict.items() if k in own and v.shape == own[k].shape}
    model.load_state_dict(matching)
    return list(matching)
