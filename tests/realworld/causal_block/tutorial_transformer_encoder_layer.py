# source: pytorch/tutorials@e5f60c64367b2ff3c19e5b73a2c7eac4bf1269f1:beginner_source/transformer_tutorial.py (https://github.com/pytorch/tutorials/blob/e5f60c64367b2ff3c19e5b73a2c7eac4bf1269f1/beginner_source/transformer_tutorial.py)
# adapted: the tutorial's TransformerEncoderLayer and generate_square_subsequent_mask inside CausalBlock(d_model, n_heads, max_len): one layer, 4 * d_model feed-forward, no dropout, GELU, batch_first and norm_first (GPT-2's pre-norm); the mask made in forward, as the tutorial makes src_mask for each batch
# expect: fail parameters_differ
# expect: fail rename_same_shape name=layer.self_attn.in_proj_weight
# expect: fail buffers_differ

import torch
import torch.nn as nn
from torch.nn import TransformerEncoderLayer


class CausalBlock(nn.Module):

    def __init__(self, d_model, n_heads, max_len):
        super(CausalBlock, self).__init__()
        self.max_len = max_len
        self.layer = TransformerEncoderLayer(d_model, n_heads, 4 * d_model, dropout=0.0, activation="gelu",
                                             batch_first=True, norm_first=True)

    def generate_square_subsequent_mask(self, sz):
        mask = (torch.triu(torch.ones(sz, sz)) == 1).transpose(0, 1)
        mask = mask.float().masked_fill(mask == 0, float('-inf')).masked_fill(mask == 1, float(0.0))
        return mask

    def forward(self, src):
        src_mask = self.generate_square_subsequent_mask(src.size(1)).to(src.device)
        return self.layer(src, src_mask)
