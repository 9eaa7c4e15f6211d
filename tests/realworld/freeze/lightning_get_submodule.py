# source: Lightning-AI/pytorch-lightning@d10e0054f01f5fa92e5d102d55b53f29e6600853:src/lightning/pytorch/callbacks/finetuning.py (https://github.com/Lightning-AI/pytorch-lightning/blob/d10e0054f01f5fa92e5d102d55b53f29e6600853/src/lightning/pytorch/callbacks/finetuning.py)
# adapted: BaseFinetuning.freeze(modules) applied to model.get_submodule(prefix), names built from the prefix
# expect: fail call_error

def freeze(model, prefixes):
    frozen = []
    for prefix in prefixes:
        module = model.get_submodule(prefix)
        for name, param in module.named_parameters():
            param.requires_grad = False
            frozen.append(prefix + "." + name)
    return frozen
