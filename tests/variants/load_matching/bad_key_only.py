"""Bad: filters by key but forgets the shape -> never_raises: strict_false_still_checks_shapes"""


def load_matching(model, state_dict):
    own = model.state_dict()
    matching = {k: v for k, v in state_dict.items() if k in own}
    model.load_state_dict(matching, strict=False)
    return list(matching)
