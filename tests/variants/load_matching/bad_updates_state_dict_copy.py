"""Bad: model.state_dict().update(...) updates a new dict, never the model -> loads_matching: should_have_loaded"""


def load_matching(model, state_dict):
    own = model.state_dict()
    matching = {k: v for k, v in state_dict.items() if k in own and v.shape == own[k].shape}
    model.state_dict().update(matching)
    return list(matching)
