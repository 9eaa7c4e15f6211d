"""Bad: returns what load_state_dict returns -> returns_keys: load_returned_not_list(case=load_matching.0)"""


def load_matching(model, state_dict):
    own = model.state_dict()
    matching = {k: v for k, v in state_dict.items() if k in own and v.shape == own[k].shape}
    return model.load_state_dict(matching, strict=False)
