# source: Lightning-AI/pytorch-lightning@d10e0054f01f5fa92e5d102d55b53f29e6600853:src/lightning/pytorch/callbacks/finetuning.py (https://github.com/Lightning-AI/pytorch-lightning/blob/d10e0054f01f5fa92e5d102d55b53f29e6600853/src/lightning/pytorch/callbacks/finetuning.py)
# adapted: the common `name.startswith(prefix)` test without the dot
# expect: fail known_mistake mistake=freeze.startswith

def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        if any(name.startswith(p) for p in prefixes):
            param.requires_grad = False
            frozen.append(name)
    return frozen
