# source: d2l-ai/d2l-en@65e8a2389e441b0cb071188dd321d3e7550fa918:chapter_convolutional-modern/batch-norm.md (https://github.com/d2l-ai/d2l-en/blob/65e8a2389e441b0cb071188dd321d3e7550fa918/chapter_convolutional-modern/batch-norm.md)
# adapted: d2l's BatchNorm(num_features, num_dims=2) as it is: gamma and beta kept, moving_mean and moving_var plain tensors
# expect: fail plain_tensor_buffer buffer=moving_mean
# expect: fail names_unexpected

import torch
from torch import nn


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        mean = X.mean(dim=0)
        var = ((X - mean) ** 2).mean(dim=0)
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = (1.0 - momentum) * moving_mean + momentum * mean
        moving_var = (1.0 - momentum) * moving_var + momentum * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.data, moving_var.data


class RunningNorm(nn.Module):
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        super().__init__()
        shape = (1, num_features)
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        self.moving_mean = torch.zeros(shape)
        self.moving_var = torch.ones(shape)
        self.momentum, self.eps = momentum, eps

    def forward(self, X):
        Y, self.moving_mean, self.moving_var = batch_norm(
            X, self.gamma, self.beta, self.moving_mean,
            self.moving_var, eps=self.eps, momentum=self.momentum)
        return Y
