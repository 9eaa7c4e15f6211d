# source: huggingface/transformers@7175684eded9da38c4db985b808493570d6840d0:src/transformers/modeling_gpt2.py (https://github.com/huggingface/transformers/blob/7175684eded9da38c4db985b808493570d6840d0/src/transformers/modeling_gpt2.py)
# source: huggingface/transformers@3009a8a4b92d0d63b18d11575a413a4b78a55776:src/transformers/pytorch_utils.py (https://github.com/huggingface/transformers/blob/3009a8a4b92d0d63b18d11575a413a4b78a55776/src/transformers/pytorch_utils.py)
# adapted: GPT-2's Block, Attention and MLP folded into CausalBlock(d_model, n_heads, max_len) with the contract's names, HF's Conv1D kept for qkv, proj and the MLP's layers; the mask registered as the contract asks ((max_len, max_len) bool, persistent=False) and made float for GPT-2's w * b - 1e4 * (1 - b); nn.GELU() for ACT2FN; no dropout, past or head mask
# expect: fail shape_transposed parameter=qkv.weight

import math

import torch
import torch.nn as nn


class Conv1D(nn.Module):
    """
    1D-convolutional layer as defined by Radford et al. for OpenAI GPT (and also used in GPT-2).

    Basically works like a linear layer but the weights are transposed.

    Args:
        nf (`int`): The number of output features.
        nx (`int`): The number of input features.
    """

    def __init__(self, nf, nx):
        super().__init__()
        self.nf = nf
        self.weight = nn.Parameter(torch.empty(nx, nf))
        self.bias = nn.Parameter(torch.zeros(nf))
        nn.init.normal_(self.weight, std=0.02)

    def forward(self, x):
        size_out = x.size()[:-1] + (self.nf,)
        x = torch.addmm(self.bias, x.view(-1, x.size(-1)), self.weight)
        x = x.view(size_out)
        return x


class CausalBlock(nn.Module):
    def __init__(self, d_model, n_heads, max_len):
        super().__init__()
        nx = d_model
        n_state = nx  # in Attention: n_state=768 (nx=n_embd)
        assert n_state % n_heads == 0
        self.ln1 = nn.LayerNorm(nx)
        self.register_buffer("mask", torch.tril(torch.ones(max_len, max_len, dtype=torch.bool)), persistent=False)
        self.n_head = n_heads
        self.split_size = n_state
        self.qkv = Conv1D(n_state * 3, nx)
        self.proj = Conv1D(n_state, nx)
        self.ln2 = nn.LayerNorm(nx)
        self.mlp = nn.Sequential(Conv1D(4 * nx, nx), nn.GELU(), Conv1D(nx, 4 * nx))

    def _attn(self, q, k, v):
        w = torch.matmul(q, k)
        w = w / math.sqrt(v.size(-1))
        nd, ns = w.size(-2), w.size(-1)
        b = self.mask[ns - nd : ns, :ns].to(w.dtype)
        w = w * b - 1e4 * (1 - b)
        w = nn.Softmax(dim=-1)(w)
        return torch.matmul(w, v)

    def merge_heads(self, x):
        x = x.permute(0, 2, 1, 3).contiguous()
        new_x_shape = x.size()[:-2] + (x.size(-2) * x.size(-1),)
        return x.view(*new_x_shape)  # in Tensorflow implem: fct merge_states

    def split_heads(self, x, k=False):
        new_x_shape = x.size()[:-1] + (self.n_head, x.size(-1) // self.n_head)
        x = x.view(*new_x_shape)  # in Tensorflow implem: fct split_states
        if k:
            return x.permute(0, 2, 3, 1)  # (batch, head, head_features, seq_length)
        else:
            return x.permute(0, 2, 1, 3)  # (batch, head, seq_length, head_features)

    def attn(self, x):
        x = self.qkv(x)
        query, key, value = x.split(self.split_size, dim=2)
        query = self.split_heads(query)
        key = self.split_heads(key, k=True)
        value = self.split_heads(value)
        a = self._attn(query, key, value)
        a = self.merge_heads(a)
        return self.proj(a)

    def forward(self, x):
        a = self.attn(self.ln1(x))
        x = x + a
        m = self.mlp(self.ln2(x))
        x = x + m
        return x
