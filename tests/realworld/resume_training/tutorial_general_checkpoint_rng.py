# source: pytorch/tutorials@0a7e68666de5faceafa90276ad2b7874cd32c5e0:recipes_source/recipes/saving_and_loading_a_general_checkpoint.py (https://github.com/pytorch/tutorials/blob/0a7e68666de5faceafa90276ad2b7874cd32c5e0/recipes_source/recipes/saving_and_loading_a_general_checkpoint.py)
# adapted: the recipe's save and load steps as save_training / resume_training, the step under 'epoch', and torch.get_rng_state() saved and set back, as the exercise asks ("other items that you may want to save")
# expect: pass

import torch


def save_training(path, model, optimizer, step):
    torch.save({
                'epoch': step,
                'model_state_dict': model.state_dict(),
                'optimizer_state_dict': optimizer.state_dict(),
                'rng_state': torch.get_rng_state(),
                }, path)


def resume_training(path, model, optimizer):
    checkpoint = torch.load(path)
    model.load_state_dict(checkpoint['model_state_dict'])
    optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
    torch.set_rng_state(checkpoint['rng_state'])
    epoch = checkpoint['epoch']
    model.train()
    return epoch
