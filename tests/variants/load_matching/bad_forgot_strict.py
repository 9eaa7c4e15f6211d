"""Bad: the filtered dict loaded with the default strict=True -> never_raises: load_error(case=load_matching.0)"""


def load_matching(model, state_dict):
    own = model.state_dict()
    matching = {k: v for k, v in state_dict.items() if k in own and v.shape == own[k].shape}
    model.load_state_dict(matching)
    return list(matching)
