# source: pytorch/examples@493da9304e56ff5160f78d01a54992db35df2a98:imagenet/main.py (https://github.com/pytorch/examples/blob/493da9304e56ff5160f78d01a54992db35df2a98/imagenet/main.py)
# adapted: the ImageNet example's resume code: start_epoch = checkpoint['epoch'] with epoch + 1 saved
# expect: fail epoch_wrong

import torch


def save_checkpoint(path, model, optimizer, epoch):
    torch.save({
        'epoch': epoch + 1,
        'state_dict': model.state_dict(),
        'optimizer': optimizer.state_dict(),
    }, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    start_epoch = checkpoint['epoch']
    model.load_state_dict(checkpoint['state_dict'])
    optimizer.load_state_dict(checkpoint['optimizer'])
    return start_epoch
