"""Bad: counts the state_dict's entries -> counts_all: known_mistake(mistake=count_parameters.from_state_dict)"""


def count_parameters(model, trainable_only=False):
    return sum(v.numel() for v in model.state_dict().values())
