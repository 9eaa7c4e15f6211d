# source: ML4GLand/EUGENe@278fafa53ec8f4905c673943e6988052f0def67a:eugene/models/base/_layers.py (https://github.com/ML4GLand/EUGENe/blob/278fafa53ec8f4905c673943e6988052f0def67a/eugene/models/base/_layers.py)
# adapted: EUGENe's Flatten pasted as it is
# expect: pass

import torch


class Flatten(torch.nn.Module):
    def forward(self, x):
        batch_size = x.shape[0]
        return x.view(batch_size, -1)
