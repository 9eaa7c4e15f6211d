# source: pytorch/tutorials@c53e7d4efc0e39e455c531d21ec7db28ba220214:beginner_source/blitz/cifar10_tutorial.py (https://github.com/pytorch/tutorials/blob/c53e7d4efc0e39e455c531d21ec7db28ba220214/beginner_source/blitz/cifar10_tutorial.py)
# adapted: the tutorial's `net.eval(); with torch.no_grad(): outputs = net(images)` in a function, every flag put back afterwards but without finally
# expect: fail modes_not_restored_on_error

import torch


def predict(model, x):
    modes = {m: m.training for m in model.modules()}
    model.eval()
    with torch.no_grad():
        outputs = model(x)
    for m, mode in modes.items():
        m.train(mode)
    return outputs
