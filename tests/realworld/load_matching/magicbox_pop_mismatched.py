# source: fuhao7i/Magic-box@fba1923a5ec9231a70705d221510a75da1ba6934:common_modules/load_pretrained_weights.py (https://github.com/fuhao7i/Magic-box/blob/fba1923a5ec9231a70705d221510a75da1ba6934/common_modules/load_pretrained_weights.py)
# adapted: the script's filter written as deleting the entries that do not fit from the dict it was given
# expect: fail input_modified

def load_matching(model, state_dict):
    own = model.state_dict()
    for k in list(state_dict.keys()):
        if k not in own or state_dict[k].shape != own[k].shape:
            del state_dict[k]
    model.load_state_dict(state_dict, strict=False)
    return list(state_dict)
