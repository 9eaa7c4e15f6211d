"""Good: the forum recipe: update a copy of the model's own state_dict, then load it strictly."""


def load_matching(model, state_dict):
    model_dict = model.state_dict()
    pretrained_dict = {
        k: v for k, v in state_dict.items() if k in model_dict and v.size() == model_dict[k].size()
    }
    model_dict.update(pretrained_dict)
    model.load_state_dict(model_dict)
    return list(pretrained_dict.keys())
