"""Bad: matches against named_parameters() only, so BatchNorm's buffers are never loaded -> loads_matching: should_have_loaded"""


def load_matching(model, state_dict):
    own = dict(model.named_parameters())
    matching = {k: v for k, v in state_dict.items() if k in own and v.shape == own[k].shape}
    model.load_state_dict(matching, strict=False)
    return list(matching)
