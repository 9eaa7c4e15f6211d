"""Good: the mask kept as an additive float buffer (0 on and below the diagonal, -inf above), not saved"""

import math

import torch
from torch import nn


class CausalBlock(nn.Module):
    def __init__(self, d_model, n_heads, max_len):
        super().__init__()
        self.n_heads = n_heads
        self.ln1 = nn.LayerNorm(d_model)
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.ln2 = nn.LayerNorm(d_model)
        self.mlp = nn.Sequential(nn.Linear(d_model, 4 * d_model), nn.GELU(), nn.Linear(4 * d_model, d_model))
        self.register_buffer("mask", torch.full((max_len, max_len), float("-inf")).triu(1), persistent=False)

    def forward(self, x):
        n, t, c = x.shape
        h = c // self.n_heads
        q, k, v = self.qkv(self.ln1(x)).chunk(3, dim=-1)
        q, k, v = (z.reshape(n, t, self.n_heads, h).permute(0, 2, 1, 3) for z in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(h) + self.mask[:t, :t]
        y = (scores.softmax(-1) @ v).permute(0, 2, 1, 3).reshape(n, t, c)
        x = x + self.proj(y)
        return x + self.mlp(self.ln2(x))
