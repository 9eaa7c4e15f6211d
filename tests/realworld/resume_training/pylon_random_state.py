# source: cmb-chula/pylon@83a71d7fddc893c681bc5e0fdc7bed04dcc6055d:trainer/seed.py (https://github.com/cmb-chula/pylon/blob/83a71d7fddc893c681bc5e0fdc7bed04dcc6055d/trainer/seed.py)
# adapted: pylon's get_random_state() / set_random_state() saved and restored in one checkpoint with the model, the optimizer and the step (save_training / resume_training); torch.load(weights_only=False) in resume, since numpy's state will not load otherwise
# expect: fail run_checkpoint_unreadable

import random

import numpy as np
import torch


def get_random_state():
    return {
        'python': random.getstate(),
        'numpy': np.random.get_state(),
        'pytorch': torch.get_rng_state(),
        'pytorch_cuda': torch.cuda.get_rng_state_all(),
    }

def set_random_state(state):
    random.setstate(state['python'])
    np.random.set_state(state['numpy'])
    torch.set_rng_state(state['pytorch'])
    try: 
        torch.cuda.set_rng_state_all(state['pytorch_cuda'])
    except IndexError:
        print('cannot load the cuda random state') 


def save_training(path, model, optimizer, step):
    torch.save({
        'model': model.state_dict(),
        'optimizer': optimizer.state_dict(),
        'step': step,
        'random_state': get_random_state(),
    }, path)


def resume_training(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=False)
    model.load_state_dict(checkpoint['model'])
    optimizer.load_state_dict(checkpoint['optimizer'])
    set_random_state(checkpoint['random_state'])
    return checkpoint['step']
