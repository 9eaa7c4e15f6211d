# source: pytorch/tutorials@c53e7d4efc0e39e455c531d21ec7db28ba220214:beginner_source/blitz/cifar10_tutorial.py (https://github.com/pytorch/tutorials/blob/c53e7d4efc0e39e455c531d21ec7db28ba220214/beginner_source/blitz/cifar10_tutorial.py)
# adapted: the tutorial's evaluation lines in a function: eval() and no_grad(), nothing put back
# expect: fail left_in_eval_mode
# expect: fail known_mistake mistake=predict.stays_eval

import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        outputs = model(x)
    return outputs
