"""Good: F.scaled_dot_product_attention given the mask buffer, the heads split with unflatten"""

import torch
import torch.nn.functional as F
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
        self.register_buffer(
            "mask", torch.tril(torch.ones(max_len, max_len, dtype=torch.bool)), persistent=False
        )

    def forward(self, x):
        n, t, c = x.shape
        q, k, v = (
            self.qkv(self.ln1(x)).unflatten(-1, (3, self.n_heads, c // self.n_heads)).permute(2, 0, 3, 1, 4)
        )
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=self.mask[:t, :t])
        x = x + self.proj(y.transpose(1, 2).flatten(2))
        return x + self.mlp(self.ln2(x))
