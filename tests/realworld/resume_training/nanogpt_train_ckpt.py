# source: karpathy/nanoGPT@93a43d9a5c22450bbf06e78da2cb6eeef084b717:train.py (https://github.com/karpathy/nanoGPT/blob/93a43d9a5c22450bbf06e78da2cb6eeef084b717/train.py)
# adapted: train.py's checkpoint dict and its init_from == 'resume' branch as save_training / resume_training: the model and optimizer given rather than built from model_args (and no best_val_loss or config to save); its batches come from torch.randint on the global generator, which the checkpoint does not hold
# expect: fail known_mistake mistake=resume_training.no_rng

import torch


def save_training(path, model, optimizer, step):
    iter_num = step
    checkpoint = {
        'model': model.state_dict(),
        'optimizer': optimizer.state_dict(),
        'iter_num': iter_num,
    }
    print(f"saving checkpoint to {path}")
    torch.save(checkpoint, path)


def resume_training(path, model, optimizer):
    print(f"Resuming training from {path}")
    # resume training from a checkpoint.
    checkpoint = torch.load(path, map_location='cpu')
    state_dict = checkpoint['model']
    # fix the keys of the state dictionary :(
    # honestly no idea how checkpoints sometimes get this prefix, have to debug more
    unwanted_prefix = '_orig_mod.'
    for k,v in list(state_dict.items()):
        if k.startswith(unwanted_prefix):
            state_dict[k[len(unwanted_prefix):]] = state_dict.pop(k)
    model.load_state_dict(state_dict)
    iter_num = checkpoint['iter_num']
    optimizer.load_state_dict(checkpoint['optimizer'])
    checkpoint = None # free up memory
    return iter_num
