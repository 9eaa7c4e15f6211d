# source: PengBoXiangShang/torchsketch@b0e04c1d321818693d7b8a056add070c26a5f683:torchsketch/utils/general_utils/count_parameters.py (https://github.com/PengBoXiangShang/torchsketch/blob/b0e04c1d321818693d7b8a056add070c26a5f683/torchsketch/utils/general_utils/count_parameters.py)
# adapted: pasted as it is, trainable_only added to the signature and never read
# expect: fail known_mistake mistake=count_parameters.always_trainable

def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
