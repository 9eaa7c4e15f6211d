"""Known mistakes in Flatten, MyLinear and RunningNorm (assignment 04_custom_layers)."""

import torch

from autograder.answers.custom_layers import Flatten, MyLinear, RunningNorm


class FlattenAll(Flatten):
    def forward(self, x):
        return x.reshape(-1)


class FlattenSqueezed(Flatten):
    def forward(self, x):
        return x.reshape(x.shape[0], -1).squeeze()


class FlattenLastTwo(Flatten):
    def forward(self, x):
        return x.flatten(-2)


class FlattenSpatial(Flatten):
    def forward(self, x):
        return x.flatten(2)


class NoBias(MyLinear):
    def forward(self, x):
        return x @ self.weight.t()


class Relu(MyLinear):
    def forward(self, x):
        return torch.relu(super().forward(x))


class NotTransposed(MyLinear):
    def forward(self, x):
        return x @ self.weight + self.bias


class _Norm(RunningNorm):
    """RunningNorm with its steps as methods, so that each known mistake changes one of them."""

    def forward(self, x):
        if self.training:
            mean, var = x.mean(dim=0), self.normalising_var(x)
            self.update(x)
        else:
            mean, var = self.eval_stats(x)
            self.eval_update(x)
        return (x - mean) / torch.sqrt(var + self.eps)

    def normalising_var(self, x):
        return x.var(dim=0, unbiased=False)

    def running_var_of(self, x):
        return x.var(dim=0, unbiased=True)

    def update(self, x):
        with torch.no_grad():
            m = self.momentum
            self.running_mean.mul_(1 - m).add_(m * x.mean(dim=0))
            self.running_var.mul_(1 - m).add_(m * self.running_var_of(x))
            self.num_batches_tracked += 1

    def eval_stats(self, x):
        return self.running_mean, self.running_var

    def eval_update(self, x):
        pass


class NormUnbiasedNormalise(_Norm):
    def normalising_var(self, x):
        return x.var(dim=0, unbiased=True)


class NormBiasedRunningVar(_Norm):
    def running_var_of(self, x):
        return x.var(dim=0, unbiased=False)


class NormMomentumReversed(_Norm):
    def update(self, x):
        with torch.no_grad():
            m = self.momentum
            self.running_mean.mul_(m).add_((1 - m) * x.mean(dim=0))
            self.running_var.mul_(m).add_((1 - m) * x.var(dim=0, unbiased=True))
            self.num_batches_tracked += 1


class NormEvalBatchStats(_Norm):
    def eval_stats(self, x):
        return x.mean(dim=0), x.var(dim=0, unbiased=False)


class NormUpdatesInEval(_Norm):
    def eval_update(self, x):
        if x.shape[0] > 1:
            self.update(x)


class NormCounterNotPersistent(_Norm):
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        super().__init__(num_features, momentum, eps)
        self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long), persistent=False)


class NormStatsWithoutGrad(_Norm):
    def forward(self, x):
        if not self.training:
            return super().forward(x)
        with torch.no_grad():
            mean, var = x.mean(dim=0), x.var(dim=0, unbiased=False)
            self.update(x)
        return (x - mean) / torch.sqrt(var + self.eps)


MISTAKES = {
    "flatten": {
        "flatten.flatten_all": {"Flatten": FlattenAll},
        "flatten.squeezed": {"Flatten": FlattenSqueezed},
        "flatten.spatial": {"Flatten": FlattenSpatial},
        "flatten.last_two": {"Flatten": FlattenLastTwo},
    },
    "mylinear": {
        "mylinear.no_bias": {"MyLinear": NoBias},
        "mylinear.relu": {"MyLinear": Relu},
        "mylinear.not_transposed": {"MyLinear": NotTransposed},
    },
    "running_norm": {
        "running_norm.unbiased_normalise": {"RunningNorm": NormUnbiasedNormalise},
        "running_norm.biased_running_var": {"RunningNorm": NormBiasedRunningVar},
        "running_norm.momentum_reversed": {"RunningNorm": NormMomentumReversed},
        "running_norm.eval_batch_stats": {"RunningNorm": NormEvalBatchStats},
        "running_norm.updates_in_eval": {"RunningNorm": NormUpdatesInEval},
        "running_norm.counter_not_persistent": {"RunningNorm": NormCounterNotPersistent},
        "running_norm.stats_without_grad": {"RunningNorm": NormStatsWithoutGrad},
    },
}
