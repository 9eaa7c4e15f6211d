"""Bad: train() returns nothing, so Model().eval() is None -> train_eval: tiny_train_not_self"""

import torch
from torch import nn


class TinyModule:
    def __init__(self):
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "training", True)

    def __setattr__(self, name, value):
        if isinstance(value, nn.Parameter):
            self._modules.pop(name, None)
            self.__dict__.pop(name, None)
            self._parameters[name] = value
        elif isinstance(value, TinyModule):
            self._parameters.pop(name, None)
            self.__dict__.pop(name, None)
            self._modules[name] = value
        else:
            self._parameters.pop(name, None)
            self._modules.pop(name, None)
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        for registry in ("_parameters", "_modules"):
            if name in self.__dict__.get(registry, {}):
                return self.__dict__[registry][name]
        raise AttributeError(name)

    def named_modules(self, prefix="", seen=None):
        seen = set() if seen is None else seen
        if id(self) in seen:
            return
        seen.add(id(self))
        yield prefix, self
        for name, child in self._modules.items():
            yield from child.named_modules(f"{prefix}.{name}" if prefix else name, seen)

    def named_parameters(self):
        seen = set()
        for path, module in self.named_modules():
            for name, p in module._parameters.items():
                if id(p) not in seen:
                    seen.add(id(p))
                    yield (f"{path}.{name}" if path else name), p

    def parameters(self):
        return (p for _, p in self.named_parameters())

    def train(self, mode=True):
        self.training = mode
        for child in self._modules.values():
            child.train(mode)

    def eval(self):
        return self.train(False)

    def state_dict(self, prefix=""):
        state = {prefix + name: p.detach() for name, p in self._parameters.items()}
        for name, child in self._modules.items():
            state.update(child.state_dict(prefix + name + "."))
        return state

    def load_state_dict(self, state_dict):
        own = self.state_dict()
        if set(own) != set(state_dict):
            raise RuntimeError(f"keys differ: {sorted(set(own) ^ set(state_dict))}")
        with torch.no_grad():
            for key, value in own.items():
                value.copy_(state_dict[key])
