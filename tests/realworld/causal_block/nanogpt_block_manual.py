# source: karpathy/nanoGPT@93a43d9a5c22450bbf06e78da2cb6eeef084b717:model.py (https://github.com/karpathy/nanoGPT/blob/93a43d9a5c22450bbf06e78da2cb6eeef084b717/model.py)
# adapted: nanoGPT's Block, CausalSelfAttention and MLP folded into CausalBlock(d_model, n_heads, max_len) with the contract's names (ln1, qkv, proj, ln2, mlp); the manual (non-flash) attention, its causal mask registered as nanoGPT registers "bias" (persistent), under the name mask; no dropout
# expect: fail buffer_saved buffer=mask
# expect: fail shape_mismatch parameter=mask

import math

import torch
import torch.nn as nn
from torch.nn import functional as F


class CausalBlock(nn.Module):

    def __init__(self, d_model, n_heads, max_len):
        super().__init__()
        assert d_model % n_heads == 0
        self.ln1 = nn.LayerNorm(d_model)
        # key, query, value projections for all heads, but in a batch
        self.qkv = nn.Linear(d_model, 3 * d_model)
        # output projection
        self.proj = nn.Linear(d_model, d_model)
        self.n_head = n_heads
        self.n_embd = d_model
        # causal mask to ensure that attention is only applied to the left in the input sequence
        self.register_buffer("mask", torch.tril(torch.ones(max_len, max_len))
                                    .view(1, 1, max_len, max_len))
        self.ln2 = nn.LayerNorm(d_model)
        self.mlp = nn.Sequential(nn.Linear(d_model, 4 * d_model), nn.GELU(), nn.Linear(4 * d_model, d_model))

    def attn(self, x):
        B, T, C = x.size() # batch size, sequence length, embedding dimensionality (n_embd)

        # calculate query, key, values for all heads in batch and move head forward to be the batch dim
        q, k, v  = self.qkv(x).split(self.n_embd, dim=2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) # (B, nh, T, hs)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) # (B, nh, T, hs)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) # (B, nh, T, hs)

        # manual implementation of attention
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.mask[:,:,:T,:T] == 0, float('-inf'))
        att = F.softmax(att, dim=-1)
        y = att @ v # (B, nh, T, T) x (B, nh, T, hs) -> (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C) # re-assemble all head outputs side by side

        # output projection
        return self.proj(y)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        x = x + self.mlp(self.ln2(x))
        return x
