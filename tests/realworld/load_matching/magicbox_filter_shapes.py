# source: fuhao7i/Magic-box@fba1923a5ec9231a70705d221510a75da1ba6934:common_modules/load_pretrained_weights.py (https://github.com/fuhao7i/Magic-box/blob/fba1923a5ec9231a70705d221510a75da1ba6934/common_modules/load_pretrained_weights.py)
# adapted: the script's filter (key in model_dict, same size) as a function returning the keys it loaded (the prints dropped)
# expect: pass

def load_matching(model, state_dict):
    model_dict = model.state_dict()
    pretrained_dict = {k: v for k, v in state_dict.items() if k in model_dict and v.shape == model_dict[k].shape}
    model_dict.update(pretrained_dict)
    model.load_state_dict(model_dict)
    return list(pretrained_dict.keys())
