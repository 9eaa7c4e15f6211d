"""Good: statistics with torch.var_mean, running statistics moved with lerp_ under no_grad, the counter with add_(1)."""

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
        if not self.training:
            return (x - self.running_mean) / (self.running_var + self.eps).sqrt()
        var, mean = torch.var_mean(x, dim=0, correction=0)
        with torch.no_grad():
            unbiased = x.var(dim=0, correction=1)
            self.running_mean.lerp_(mean, self.momentum)
            self.running_var.lerp_(unbiased, self.momentum)
            self.num_batches_tracked.add_(1)
        return (x - mean) / (var + self.eps).sqrt()
