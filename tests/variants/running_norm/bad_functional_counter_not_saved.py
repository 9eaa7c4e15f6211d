"""Bad: F.batch_norm does the work, but the counter is registered with persistent=False, as a count that is "not a statistic", so BatchNorm1d's checkpoints, which hold it, do not load strictly -> loads_batchnorm_state_dict: batchnorm_state_dict_does_not_load(config=RunningNorm(4))"""

import torch
import torch.nn.functional as F
from torch import nn


class RunningNorm(nn.Module):
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        super().__init__()
        self.momentum = momentum
        self.eps = eps
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))
        self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long), persistent=False)

    def forward(self, x):
        if self.training:
            self.num_batches_tracked += 1
        return F.batch_norm(
            x, self.running_mean, self.running_var, None, None, self.training, self.momentum, self.eps
        )
