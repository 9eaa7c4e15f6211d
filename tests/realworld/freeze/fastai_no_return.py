# source: fastai/fastai@917603737cbd5c438ce90d9b96385d6556835c2c:fastai/torch_core.py (https://github.com/fastai/fastai/blob/917603737cbd5c438ce90d9b96385d6556835c2c/fastai/torch_core.py)
# adapted: fastai-style freeze that sets the flags and returns nothing
# expect: fail freeze_returned_not_list

def freeze(model, prefixes):
    for name, p in model.named_parameters():
        if any(name == x or name.startswith(x + ".") for x in prefixes):
            p.requires_grad_(False)
