# source: d2l-ai/d2l-en@903e460c2a2fafd2d9be43ad85d68223f79dd218:chapter_builders-guide/model-construction.md (https://github.com/d2l-ai/d2l-en/blob/903e460c2a2fafd2d9be43ad85d68223f79dd218/chapter_builders-guide/model-construction.md)
# adapted: d2l's earlier MySequential writing self._modules directly, with len and indexing added
# expect: pass

from torch import nn


class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            # Here, `module` is an instance of a `Module` subclass. We save it
            # in the member variable `_modules` of the `Module` class, and its
            # type is OrderedDict
            self._modules[str(idx)] = module

    def __len__(self):
        return len(self._modules)

    def __getitem__(self, idx):
        return list(self._modules.values())[idx]

    def forward(self, X):
        # OrderedDict guarantees that members will be traversed in the order
        # they were added
        for block in self._modules.values():
            X = block(X)
        return X
