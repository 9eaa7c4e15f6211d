# source: fastai/fastai@917603737cbd5c438ce90d9b96385d6556835c2c:fastai/torch_core.py (https://github.com/fastai/fastai/blob/917603737cbd5c438ce90d9b96385d6556835c2c/fastai/torch_core.py)
# adapted: fastai's trainable_params filter used for both counts
# expect: pass

def count_parameters(model, trainable_only=False):
    params = [p for p in model.parameters() if p.requires_grad] if trainable_only else list(model.parameters())
    return sum(p.numel() for p in params)
