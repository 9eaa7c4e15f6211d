# source: Lightning-AI/pytorch-lightning@d10e0054f01f5fa92e5d102d55b53f29e6600853:src/lightning/pytorch/callbacks/finetuning.py (https://github.com/Lightning-AI/pytorch-lightning/blob/d10e0054f01f5fa92e5d102d55b53f29e6600853/src/lightning/pytorch/callbacks/finetuning.py)
# adapted: BaseFinetuning's freeze loop narrowed to parameters under the prefixes, names collected
# expect: pass

def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + "."):
                param.requires_grad = False
                frozen.append(name)
                break
    return frozen
