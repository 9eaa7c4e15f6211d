# source: pytorch/tutorials@68067f2f60ec60ae243dde00d68164cdea53c755:recipes_source/recipes/saving_and_loading_a_general_checkpoint.py (https://github.com/pytorch/tutorials/blob/68067f2f60ec60ae243dde00d68164cdea53c755/recipes_source/recipes/saving_and_loading_a_general_checkpoint.py)
# adapted: the recipe's save and load steps as two functions, the loss left out
# expect: pass

import torch


def save_checkpoint(path, model, optimizer, epoch):
    torch.save({
                'epoch': epoch,
                'model_state_dict': model.state_dict(),
                'optimizer_state_dict': optimizer.state_dict(),
                }, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint['model_state_dict'])
    optimizer.load_state_dict(checkpoint['optimizer_state_dict'])
    epoch = checkpoint['epoch']
    return epoch
