"""Known mistakes in predicting in eval mode, in debugging a model, in a causal transformer block and in resuming
a run (assignment 08_train_eval)."""

import math

import torch
from torch import nn

from autograder.answers.train_eval import CausalBlock, DebugNet


def predict_in_train_mode(model, x):
    with torch.no_grad():
        return model(x)


def predict_top_level_flag(model, x):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.train(was_training)
    return out


def predict_stays_eval(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)


class CausalBlockNoMask(CausalBlock):
    """Every position attends to the whole sequence, the future included."""

    def forward(self, x):
        n, t, c = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(c, dim=2)
        q, k, v = (z.view(n, t, self.n_heads, c // self.n_heads).transpose(1, 2) for z in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(c // self.n_heads)
        y = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(n, t, c)
        x = x + self.proj(y)
        return x + self.mlp(self.ln2(x))


class CausalBlockNoScale(CausalBlock):
    """Scores not divided by sqrt(head_dim): the softmax saturates as head_dim grows."""

    def forward(self, x):
        n, t, c = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(c, dim=2)
        q, k, v = (z.view(n, t, self.n_heads, c // self.n_heads).transpose(1, 2) for z in (q, k, v))
        scores = (q @ k.transpose(-2, -1)).masked_fill(~self.mask[:t, :t], float("-inf"))
        y = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(n, t, c)
        x = x + self.proj(y)
        return x + self.mlp(self.ln2(x))


class CausalBlockHeadsMixed(CausalBlock):
    """view(N, H, T, head_dim) straight from (N, T, C): the memory is reinterpreted, positions and heads mix."""

    def forward(self, x):
        n, t, c = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(c, dim=2)
        q, k, v = (z.reshape(n, self.n_heads, t, c // self.n_heads) for z in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(c // self.n_heads)
        scores = scores.masked_fill(~self.mask[:t, :t], float("-inf"))
        y = (torch.softmax(scores, dim=-1) @ v).reshape(n, t, c)
        x = x + self.proj(y)
        return x + self.mlp(self.ln2(x))


class CausalBlockPostNorm(CausalBlock):
    """The original Transformer's order, LayerNorm after each shortcut, where the contract asks for pre-norm."""

    def forward(self, x):
        n, t, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=2)
        q, k, v = (z.view(n, t, self.n_heads, c // self.n_heads).transpose(1, 2) for z in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(c // self.n_heads)
        scores = scores.masked_fill(~self.mask[:t, :t], float("-inf"))
        y = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(n, t, c)
        x = self.ln1(x + self.proj(y))
        return self.ln2(x + self.mlp(x))


def save_without_rng(path, model, optimizer, step):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step}, path)


def resume_without_rng(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["step"]


def resume_reseeded(path, model, optimizer):
    """Seeds the generator again (with the step) instead of restoring its state: a new sequence of batches."""
    step = resume_without_rng(path, model, optimizer)
    torch.manual_seed(step)
    return step


class DebugNetInplaceRelu(DebugNet):
    """One ReLU(inplace=True) after each convolution: it overwrites the tensor the convolution returned."""

    def __init__(self, num_classes=10):
        super().__init__(num_classes)
        self.act = nn.ReLU(inplace=True)


def load_trained_strict_false(model, path):
    """The prefixed keys match nothing, and strict=False says nothing about it."""
    model.load_state_dict(torch.load(path, weights_only=True), strict=False)


MISTAKES = {
    "predict": {
        "predict.train_mode": {"predict": predict_in_train_mode},
        "predict.top_level_flag": {"predict": predict_top_level_flag},
        "predict.stays_eval": {"predict": predict_stays_eval},
    },
    "causal_block": {
        "causal_block.no_mask": {"CausalBlock": CausalBlockNoMask},
        "causal_block.no_scale": {"CausalBlock": CausalBlockNoScale},
        "causal_block.heads_mixed": {"CausalBlock": CausalBlockHeadsMixed},
        "causal_block.post_norm": {"CausalBlock": CausalBlockPostNorm},
    },
    "resume_training": {
        "resume_training.no_rng": {"save_training": save_without_rng, "resume_training": resume_without_rng},
        "resume_training.reseeded": {"save_training": save_without_rng, "resume_training": resume_reseeded},
    },
    "debug_net": {
        "debug_net.inplace_relu": {"DebugNet": DebugNetInplaceRelu},
        "debug_net.strict_false": {"load_trained": load_trained_strict_false},
    },
}
