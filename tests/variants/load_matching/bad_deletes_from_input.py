"""Bad: deletes the unusable keys from the caller's dict -> leaves_input_alone: input_modified(case=load_matching.0)"""


def load_matching(model, state_dict):
    own = model.state_dict()
    for key in list(state_dict):
        if key not in own or state_dict[key].shape != own[key].shape:
            del state_dict[key]
    model.load_state_dict(state_dict, strict=False)
    return list(state_dict)
