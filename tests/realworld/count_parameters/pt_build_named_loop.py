# source: pytorch/tutorials@c53e7d4efc0e39e455c531d21ec7db28ba220214:beginner_source/basics/buildmodel_tutorial.py (https://github.com/pytorch/tutorials/blob/c53e7d4efc0e39e455c531d21ec7db28ba220214/beginner_source/basics/buildmodel_tutorial.py)
# adapted: the tutorial's loop over named_parameters(), summing numel instead of printing
# expect: pass

def count_parameters(model, trainable_only=False):
    total = 0
    for name, param in model.named_parameters():
        if trainable_only and not param.requires_grad:
            continue
        total += param.numel()
    return total
