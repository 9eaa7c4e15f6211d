# source: d2l-ai/d2l-en@903e460c2a2fafd2d9be43ad85d68223f79dd218:chapter_builders-guide/model-construction.md (https://github.com/d2l-ai/d2l-en/blob/903e460c2a2fafd2d9be43ad85d68223f79dd218/chapter_builders-guide/model-construction.md)
# adapted: d2l's MySequential as it is: add_module in __init__, forward over children(); no __len__ or __getitem__
# expect: fail len_error
# expect: fail index_raised index=0

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self.add_module(str(idx), module)

    def forward(self, X):
        for module in self.children():
            X = module(X)
        return X
