# source: pytorch/pytorch@67de33e9c168ad1e804ba5abaad5284ddf698d71:torch/nn/modules/container.py (https://github.com/pytorch/pytorch/blob/67de33e9c168ad1e804ba5abaad5284ddf698d71/torch/nn/modules/container.py)
# adapted: nn.Sequential's own __init__, __len__ and __getitem__ (int indices only), renamed MySequential
# expect: pass

import operator
from itertools import islice

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self.add_module(str(idx), module)

    def _get_item_by_idx(self, iterator, idx):
        """Get the idx-th item of the iterator."""
        size = len(self)
        idx = operator.index(idx)
        if not -size <= idx < size:
            raise IndexError(f"index {idx} is out of range")
        idx %= size
        return next(islice(iterator, idx, None))

    def __getitem__(self, idx):
        return self._get_item_by_idx(self._modules.values(), idx)

    def __len__(self):
        return len(self._modules)

    def forward(self, input):
        for module in self:
            input = module(input)
        return input

    def __iter__(self):
        return iter(self._modules.values())
