# source: huggingface/pytorch-image-models@021a5239603ebff2156fd9b09a1706bd6bdd06bf:timm/utils/checkpoint_saver.py (https://github.com/huggingface/pytorch-image-models/blob/021a5239603ebff2156fd9b09a1706bd6bdd06bf/timm/utils/checkpoint_saver.py)
# source: huggingface/pytorch-image-models@2e74c68649d066d8a21ea92fdbebdc069b6c9205:timm/models/_helpers.py (https://github.com/huggingface/pytorch-image-models/blob/2e74c68649d066d8a21ea92fdbebdc069b6c9205/timm/models/_helpers.py)
# adapted: CheckpointSaver._save as save_training (no args, EMA or scaler), resume_checkpoint as resume_training (no logging, weights_only left at its default); timm's "version 2" checkpoint makes it return the next epoch
# expect: fail step_wrong
# expect: fail known_mistake mistake=resume_training.no_rng

import os

import torch


def save_training(path, model, optimizer, step):
    save_state = {
        'epoch': step,
        'arch': type(model).__name__.lower(),
        'optimizer': optimizer.state_dict(),
        'version': 2,  # version < 2 increments epoch before save
    }
    save_state['state_dict'] = model.state_dict()
    torch.save(save_state, path)


def resume_training(path, model, optimizer):
    resume_epoch = None
    if os.path.isfile(path):
        checkpoint = torch.load(path, map_location='cpu')
        if isinstance(checkpoint, dict) and 'state_dict' in checkpoint:
            model.load_state_dict(checkpoint['state_dict'])

            if optimizer is not None and 'optimizer' in checkpoint:
                optimizer.load_state_dict(checkpoint['optimizer'])

            if 'epoch' in checkpoint:
                resume_epoch = checkpoint['epoch']
                if 'version' in checkpoint and checkpoint['version'] > 1:
                    resume_epoch += 1  # start at the next epoch, old checkpoints incremented before save
        else:
            model.load_state_dict(checkpoint)
        return resume_epoch
    else:
        raise FileNotFoundError()
