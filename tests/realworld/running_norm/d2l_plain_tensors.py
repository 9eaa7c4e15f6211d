# source: d2l-ai/d2l-en@65e8a2389e441b0cb071188dd321d3e7550fa918:chapter_convolutional-modern/batch-norm.md (https://github.com/d2l-ai/d2l-en/blob/65e8a2389e441b0cb071188dd321d3e7550fa918/chapter_convolutional-modern/batch-norm.md)
# adapted: d2l's BatchNorm without gamma and beta, renamed RunningNorm, moving_* renamed running_*; the statistics stay plain tensors
# expect: fail plain_tensor_buffer buffer=running_mean

import torch
from torch import nn


class RunningNorm(nn.Module):
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        super().__init__()
        self.momentum = momentum
        self.eps = eps
        # The variables that are not model parameters are initialized to 0 and 1
        self.running_mean = torch.zeros(num_features)
        self.running_var = torch.ones(num_features)
        self.num_batches_tracked = torch.tensor(0, dtype=torch.long)

    def forward(self, X):
        if not torch.is_grad_enabled() or not self.training:
            # In prediction mode, use mean and variance obtained by moving average
            return (X - self.running_mean) / torch.sqrt(self.running_var + self.eps)
        mean = X.mean(dim=0)
        var = ((X - mean) ** 2).mean(dim=0)
        n = X.shape[0]
        # Update the mean and variance using moving average
        self.running_mean = (1.0 - self.momentum) * self.running_mean + self.momentum * mean.detach()
        self.running_var = (1.0 - self.momentum) * self.running_var + self.momentum * var.detach() * n / (n - 1)
        self.num_batches_tracked += 1
        return (X - mean) / torch.sqrt(var + self.eps)
