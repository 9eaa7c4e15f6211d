"""Bad: returns what load_state_dict returns -> returns_keys: it should return the list of loaded keys"""


def load_matching(model, state_dict):
    own = model.state_dict()
    matching = {k: v for k, v in state_dict.items() if k in own and v.shape == own[k].shape}
    return model.load_state_dict(matching, strict=False)
