"""Bad: the running statistics updated on every call, eval mode included, after normalising -> running_stats: stats_changed_in_eval(buffer=running_mean)"""

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
            mean, var = x.mean(0), x.var(0, unbiased=False)
        else:
            mean, var = self.running_mean.clone(), self.running_var.clone()
        out = (x - mean) / torch.sqrt(var + self.eps)
        if x.shape[0] > 1:
            with torch.no_grad():
                m = self.momentum
                self.running_mean.mul_(1 - m).add_(m * x.mean(0))
                self.running_var.mul_(1 - m).add_(m * x.var(0))
        if self.training:
            self.num_batches_tracked += 1
        return out
