"""Chapter 8: train and eval modes. Exercises `predict`, `debug_net`, `causal_block` and
`resume_training`."""

import math

import torch
from torch import nn


def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The output of `model(x)` in eval mode, without building an autograd graph.

    Every submodule's `training` flag is put back as it was, even when the submodules did not all agree,
    and even when `model(x)` raises (the error still reaches the caller). Autograd is on again afterwards.

    Args:
        model: the model.
        x: its input.
    """
    ### BEGIN SOLUTION
    was_training = {module: module.training for module in model.modules()}
    model.eval()
    try:
        with torch.no_grad():
            return model(x)
    finally:
        for module, flag in was_training.items():
            module.training = flag
    ### END SOLUTION


class DebugNet(nn.Module):
    """A small convolutional classifier, debugged: the fixed version of the task's `BuggyNet`.

    Args:
        num_classes: number of output logits.

    Shape:
        - Input: (N, 3, 32, 32)
        - Output: (N, num_classes)

    Attributes:
        convs: nn.ModuleList of nn.Conv2d(3, 6, 5) and nn.Conv2d(6, 16, 5): convs.0.weight (6, 3, 5, 5),
            convs.0.bias (6,), convs.1.weight (16, 6, 5, 5), convs.1.bias (16,)
        fc1.weight: (120, 400), fc1.bias: (120,); fc2.weight: (num_classes, 120), fc2.bias: (num_classes,)
        act: one nn.ReLU, not in place, so a forward hook on a convolution keeps what the convolution returned
    """

    def __init__(self, num_classes: int = 10):
        super().__init__()
        ### BEGIN SOLUTION
        self.convs = nn.ModuleList([nn.Conv2d(3, 6, 5), nn.Conv2d(6, 16, 5)])
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, num_classes)
        self.act = nn.ReLU()
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        for conv in self.convs:
            x = nn.functional.max_pool2d(self.act(conv(x)), 2)  # (N, 6, 14, 14), then (N, 16, 5, 5)
        x = torch.flatten(x, 1)  # (N, 400)
        return self.fc2(self.act(self.fc1(x)))  # (N, num_classes)
        ### END SOLUTION


def load_trained(model: nn.Module, path) -> None:
    """Loads into `model` a checkpoint saved from `nn.DataParallel(model)`: every key starts with "module.".

    Every entry must load: strip the prefix, then load with strict=True, so that a key that still does not fit
    raises instead of being skipped.

    Args:
        model: a DebugNet.
        path: the checkpoint, a state dict saved with torch.save.
    """
    ### BEGIN SOLUTION
    state = torch.load(path, weights_only=True)
    model.load_state_dict({key.removeprefix("module."): value for key, value in state.items()})
    ### END SOLUTION


class CausalBlock(nn.Module):
    """A transformer block (pre-norm, as in GPT-2): causal self-attention, then an MLP, each around a shortcut.

    Position t attends only to positions 0..t. The causal mask is a buffer, so it follows the block to another
    device or dtype, but it is not saved: the block rebuilds it from `max_len`, and a checkpoint holds only what
    training changed.

    Args:
        d_model: size of each position's features.
        n_heads: number of attention heads; d_model must be divisible by it (head_dim = d_model // n_heads).
        max_len: the longest sequence the block accepts.

    Shape:
        - Input: (N, T, d_model), T <= max_len
        - Output: (N, T, d_model)

    Attributes:
        ln1.weight, ln1.bias: (d_model,)
        qkv.weight: (3 * d_model, d_model), qkv.bias: (3 * d_model,): queries, keys and values, in that order
        proj.weight: (d_model, d_model), proj.bias: (d_model,)
        ln2.weight, ln2.bias: (d_model,)
        mlp.0.weight: (4 * d_model, d_model), mlp.0.bias: (4 * d_model,), then nn.GELU() as mlp.1
        mlp.2.weight: (d_model, 4 * d_model), mlp.2.bias: (d_model,)
        mask: (max_len, max_len) bool buffer, True on and below the diagonal, registered with
            persistent=False (so not in state_dict())
    """

    def __init__(self, d_model: int, n_heads: int, max_len: int):
        super().__init__()
        ### BEGIN SOLUTION
        self.n_heads = n_heads
        self.ln1 = nn.LayerNorm(d_model)
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.ln2 = nn.LayerNorm(d_model)
        self.mlp = nn.Sequential(nn.Linear(d_model, 4 * d_model), nn.GELU(), nn.Linear(4 * d_model, d_model))
        mask = torch.tril(torch.ones(max_len, max_len, dtype=torch.bool))
        self.register_buffer("mask", mask, persistent=False)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        n, t, c = x.shape
        head_dim = c // self.n_heads
        q, k, v = self.qkv(self.ln1(x)).split(c, dim=2)  # each (N, T, C)
        q = q.view(n, t, self.n_heads, head_dim).transpose(1, 2)  # (N, H, T, head_dim)
        k = k.view(n, t, self.n_heads, head_dim).transpose(1, 2)  # (N, H, T, head_dim)
        v = v.view(n, t, self.n_heads, head_dim).transpose(1, 2)  # (N, H, T, head_dim)
        scores = q @ k.transpose(-2, -1) / math.sqrt(head_dim)  # (N, H, T, T)
        scores = scores.masked_fill(~self.mask[:t, :t], float("-inf"))
        y = torch.softmax(scores, dim=-1) @ v  # (N, H, T, head_dim)
        y = y.transpose(1, 2).reshape(n, t, c)  # (N, T, C)
        x = x + self.proj(y)
        return x + self.mlp(self.ln2(x))  # (N, T, C)
        ### END SOLUTION


def save_training(path, model: nn.Module, optimizer: torch.optim.Optimizer, step: int) -> None:
    """Saves everything a run needs to go on exactly as if it had never stopped.

    That is the model's weights, the optimizer's state, the step, and the state of torch's global random number
    generator (the training loop draws its batches from it). The file holds only tensors and plain Python
    values, so `torch.load(path, weights_only=True)` reads it.

    Args:
        path: where to write the checkpoint.
        model: the model being trained.
        optimizer: its optimizer.
        step: the number of steps done.
    """
    ### BEGIN SOLUTION
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "step": step,
            "rng": torch.get_rng_state(),
        },
        path,
    )
    ### END SOLUTION


def resume_training(path, model: nn.Module, optimizer: torch.optim.Optimizer) -> int:
    """Restores a checkpoint written by `save_training`: the model, the optimizer and torch's global random
    number generator, so that the next steps draw the same batches as the uninterrupted run.

    Args:
        path: the checkpoint file.
        model: a freshly built model of the same architecture.
        optimizer: a fresh optimizer over `model`'s parameters, of the same type and settings.

    Returns:
        The step stored in the checkpoint.
    """
    ### BEGIN SOLUTION
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["step"]
    ### END SOLUTION
