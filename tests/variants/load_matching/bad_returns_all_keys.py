"""Bad: returns every key of the given dict, not the loaded ones -> returns_keys: returned_not_loadable"""


def load_matching(model, state_dict):
    own = model.state_dict()
    matching = {k: v for k, v in state_dict.items() if k in own and v.shape == own[k].shape}
    model.load_state_dict(matching, strict=False)
    return list(state_dict)
