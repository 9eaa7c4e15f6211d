# source: stoneMo/CST-VGAE@3ce2c32707de1b3e2e1342b6056515ef7f584e33:transfer_model.py (https://github.com/stoneMo/CST-VGAE/blob/3ce2c32707de1b3e2e1342b6056515ef7f584e33/transfer_model.py)
# adapted: transfer_model + transfer_state_dict as one function returning the keys it kept (the print dropped); keys filtered, shapes not
# expect: fail load_error

def load_matching(model, state_dict):
    model_dict = model.state_dict()
    # 1. filter out unnecessary keys
    pretrained_dict = {k: v for k, v in state_dict.items() if k in model_dict}
    # 2. overwrite entries in the existing state dict
    model_dict.update(pretrained_dict)
    # 3. load the new state dict
    model.load_state_dict(model_dict)
    return list(pretrained_dict)
