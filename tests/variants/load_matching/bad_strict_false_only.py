"""Bad: load_state_dict(strict=False) on the whole dict -> never_raises: strict_false_still_checks_shapes"""


def load_matching(model, state_dict):
    model.load_state_dict(state_dict, strict=False)
    return [k for k in state_dict if k in model.state_dict()]
