# source: pytorch/tutorials@0a7e68666de5faceafa90276ad2b7874cd32c5e0:recipes_source/recipes/saving_and_loading_a_general_checkpoint.py (https://github.com/pytorch/tutorials/blob/0a7e68666de5faceafa90276ad2b7874cd32c5e0/recipes_source/recipes/saving_and_loading_a_general_checkpoint.py)
# adapted: the recipe's save and load steps as save_training(path, model, optimizer, step) and resume_training(path, model, optimizer), the step stored under 'epoch', the loss left out
# expect: fail known_mistake mistake=resume_training.no_rng

import torch


def save_training(path, model, optimizer, step):
    torch.save({
                'epoch': step,
                'model_state_dict': model.state_dict(),
                'optimizer_state_dict': optimizer.state_dict(),
                }, path)


def resume_training(path, model, optimizer):
    checkpoint = torch.load(path)
    model.load_state_dict(checkpoint['model_state_dict'])
    optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
    epoch = checkpoint['epoch']
    model.train()
    return epoch
