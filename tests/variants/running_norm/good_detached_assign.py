"""Good: the buffers reassigned with new tensors computed from detached statistics (assigning to a buffer's name keeps it a buffer)."""

import torch
from torch import nn


class RunningNorm(nn.Module):
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        super().__init__()
        self.momentum = momentum
        self.eps = eps
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))
        self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))

    def forward(self, x):
        if self.training:
            mean = x.mean(dim=0)
            centred = x - mean
            var = (centred**2).mean(dim=0)
            n = x.shape[0]
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean.detach()
            self.running_var = (1 - m) * self.running_var + m * var.detach() * n / (n - 1)
            self.num_batches_tracked = self.num_batches_tracked + 1
            return centred / torch.sqrt(var + self.eps)
        return (x - self.running_mean) / torch.sqrt(self.running_var + self.eps)
