# source: pytorch/tutorials@6af540eeb9a49b3b1ef6f04c6b6b728cb5448ac6:beginner_source/saving_loading_models.py (https://github.com/pytorch/tutorials/blob/6af540eeb9a49b3b1ef6f04c6b6b728cb5448ac6/beginner_source/saving_loading_models.py)
# adapted: the tutorial's 'load_state_dict(..., strict=False)' advice for partial loading
# expect: fail strict_false_still_checks_shapes

def load_matching(model, state_dict):
    own = model.state_dict()
    model.load_state_dict(state_dict, strict=False)
    return [k for k in state_dict if k in own]
