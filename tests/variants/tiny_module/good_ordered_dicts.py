"""Good: OrderedDict registries set through object.__setattr__, a generator walk with an explicit memo, and
load_state_dict going through named parameters by path"""

from collections import OrderedDict

from torch import nn


class TinyModule:
    def __init__(self):
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())
        self.training = True

    def __setattr__(self, name, value):
        params, modules = self.__dict__["_parameters"], self.__dict__["_modules"]
        if isinstance(value, nn.Parameter):
            modules.pop(name, None)
            self.__dict__.pop(name, None)
            params[name] = value
        elif isinstance(value, TinyModule):
            params.pop(name, None)
            self.__dict__.pop(name, None)
            modules[name] = value
        else:
            params.pop(name, None)
            modules.pop(name, None)
            self.__dict__[name] = value

    def __getattr__(self, name):
        params = self.__dict__.get("_parameters", {})
        modules = self.__dict__.get("_modules", {})
        if name in params:
            return params[name]
        if name in modules:
            return modules[name]
        raise AttributeError(f"no attribute {name!r}")

    def named_modules(self, memo=None, prefix=""):
        if memo is None:
            memo = set()
        if self not in memo:
            memo.add(self)
            yield prefix, self
            for name, module in self._modules.items():
                yield from module.named_modules(memo, prefix + ("." if prefix else "") + name)

    def named_parameters(self):
        memo = set()
        for prefix, module in self.named_modules():
            for name, p in module._parameters.items():
                if p in memo:
                    continue
                memo.add(p)
                yield prefix + ("." if prefix else "") + name, p

    def parameters(self):
        for _, p in self.named_parameters():
            yield p

    def train(self, mode=True):
        for _, module in self.named_modules():
            module.training = mode
        return self

    def eval(self):
        return self.train(False)

    def state_dict(self):
        out = OrderedDict()

        def walk(module, prefix):
            for name, p in module._parameters.items():
                out[prefix + name] = p.data
            for name, child in module._modules.items():
                walk(child, prefix + name + ".")

        walk(self, "")
        return out

    def load_state_dict(self, state_dict):
        own = self.state_dict()
        missing = own.keys() - state_dict.keys()
        unexpected = state_dict.keys() - own.keys()
        if missing or unexpected:
            raise KeyError(f"missing {sorted(missing)}, unexpected {sorted(unexpected)}")
        for key, value in state_dict.items():
            own[key].copy_(value)
