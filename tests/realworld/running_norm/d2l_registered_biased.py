# source: d2l-ai/d2l-en@65e8a2389e441b0cb071188dd321d3e7550fa918:chapter_convolutional-modern/batch-norm.md (https://github.com/d2l-ai/d2l-en/blob/65e8a2389e441b0cb071188dd321d3e7550fa918/chapter_convolutional-modern/batch-norm.md)
# adapted: d2l's update with the statistics registered as buffers, but the biased batch variance moved into running_var
# expect: fail known_mistake mistake=running_norm.biased_running_var

import torch
from torch import nn


class RunningNorm(nn.Module):
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        super().__init__()
        self.momentum, self.eps = momentum, eps
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))
        self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))

    def forward(self, X):
        if not self.training:
            return (X - self.running_mean) / torch.sqrt(self.running_var + self.eps)
        mean = X.mean(dim=0)
        var = ((X - mean) ** 2).mean(dim=0)
        with torch.no_grad():
            self.running_mean.mul_(1.0 - self.momentum).add_(self.momentum * mean)
            self.running_var.mul_(1.0 - self.momentum).add_(self.momentum * var)
            self.num_batches_tracked += 1
        return (X - mean) / torch.sqrt(var + self.eps)
