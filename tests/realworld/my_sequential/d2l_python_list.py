# source: d2l-ai/d2l-en@903e460c2a2fafd2d9be43ad85d68223f79dd218:chapter_builders-guide/model-construction.md (https://github.com/d2l-ai/d2l-en/blob/903e460c2a2fafd2d9be43ad85d68223f79dd218/chapter_builders-guide/model-construction.md)
# adapted: the layers kept in a Python list attribute, as students first try before add_module
# expect: fail modules_in_python_container attribute=layers

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        self.layers = list(args)

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, idx):
        return self.layers[idx]

    def forward(self, X):
        for layer in self.layers:
            X = layer(X)
        return X
