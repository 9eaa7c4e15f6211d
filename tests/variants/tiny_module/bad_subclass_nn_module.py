"""Bad: TinyModule derived from nn.Module, nothing built from scratch -> registers: tiny_is_nn_module"""

from torch import nn


class TinyModule(nn.Module):
    def __init__(self):
        nn.Module.__init__(self)
