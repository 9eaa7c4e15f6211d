# source: pytorch/pytorch@d4cc86dc3cf9b2b5f59d1b24af4c5e430f96ab7b:torch/nn/modules/module.py (https://github.com/pytorch/pytorch/blob/d4cc86dc3cf9b2b5f59d1b24af4c5e430f96ab7b/torch/nn/modules/module.py)
# source: NVIDIA/TensorRT-Incubator@d7ffa629f5357017576d48ec0dfb68eaa61cba47:tripy/nvtripy/frontend/module/module.py (https://github.com/NVIDIA/TensorRT-Incubator/blob/d7ffa629f5357017576d48ec0dfb68eaa61cba47/tripy/nvtripy/frontend/module/module.py)
# adapted: registration, named_modules, named_parameters and train/eval cut down from nn.Module (as torch_module_trimmed.py); state_dict and load_state_dict from tripy's Module, with the module's own _parameters for tripy's non-recursive named_parameters, RuntimeError for raise_error, each loaded value wrapped in nn.Parameter before tripy's setattr (tripy's tensors are its parameters), and without tripy's shape/dtype check and list/dict children
# expect: fail tiny_state_not_detached
# expect: fail known_mistake mistake=tiny_module.load_rebinds

import copy
import operator

import torch
from torch import Tensor
from torch.nn import Parameter


class TinyModule:
    def __init__(self) -> None:
        super().__setattr__("training", True)
        super().__setattr__("_parameters", {})
        super().__setattr__("_modules", {})

    def __getattr__(self, name: str):
        if "_parameters" in self.__dict__:
            _parameters = self.__dict__["_parameters"]
            if name in _parameters:
                return _parameters[name]
        if "_modules" in self.__dict__:
            modules = self.__dict__["_modules"]
            if name in modules:
                return modules[name]
        raise AttributeError(
            f"'{type(self).__name__}' object has no attribute '{name}'"
        )

    def __setattr__(self, name: str, value) -> None:
        def remove_from(*dicts_or_sets) -> None:
            for d in dicts_or_sets:
                if name in d:
                    if isinstance(d, dict):
                        del d[name]
                    else:
                        d.discard(name)

        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError(
                    "cannot assign parameters before Module.__init__() call"
                )
            remove_from(self.__dict__, self._modules)
            params[name] = value
        else:
            modules = self.__dict__.get("_modules")
            if isinstance(value, TinyModule):
                if modules is None:
                    raise AttributeError(
                        "cannot assign module before Module.__init__() call"
                    )
                remove_from(self.__dict__, self._parameters)
                modules[name] = value
            else:
                super().__setattr__(name, value)

    def named_modules(self, memo=None, prefix: str = "", remove_duplicate: bool = True):
        if memo is None:
            memo = set()
        if self not in memo:
            if remove_duplicate:
                memo.add(self)
            yield prefix, self
            for name, module in self._modules.items():
                if module is None:
                    continue
                submodule_prefix = prefix + ("." if prefix else "") + name
                yield from module.named_modules(
                    memo, submodule_prefix, remove_duplicate
                )

    def _named_members(self, get_members_fn, prefix="", recurse=True, remove_duplicate: bool = True):
        r"""Help yield various names + members of modules."""
        memo = set()
        modules = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else [(prefix, self)]
        )
        for module_prefix, module in modules:
            members = get_members_fn(module)
            for k, v in members:
                if v is None or v in memo:
                    continue
                if remove_duplicate:
                    memo.add(v)
                name = module_prefix + ("." if module_prefix else "") + k
                yield name, v

    def named_parameters(self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True):
        gen = self._named_members(
            lambda module: module._parameters.items(),
            prefix=prefix,
            recurse=recurse,
            remove_duplicate=remove_duplicate,
        )
        yield from gen

    def parameters(self, recurse: bool = True):
        for _name, param in self.named_parameters(recurse=recurse):
            yield param

    def children(self):
        memo = set()
        for module in self._modules.values():
            if module is not None and module not in memo:
                memo.add(module)
                yield module

    def train(self, mode: bool = True):
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def state_dict(self):
        state_dict = copy.copy(dict(self._parameters))

        for child_name, child in self._modules.items():
            child_state_dict = child.state_dict()
            for name, param in child_state_dict.items():
                # We add a prefix for any parameters coming from nested modules
                # so they can be disambiguated correctly in higher level modules.
                state_dict[f"{child_name}.{name}"] = param

        return state_dict

    def load_state_dict(self, state_dict, strict: bool = True):
        original_sd = self.state_dict()
        expected_keys = set(original_sd)
        provided_keys = set(state_dict)
        missing_keys = expected_keys - provided_keys
        unexpected_keys = provided_keys - expected_keys
        if strict and (missing_keys or unexpected_keys):
            details = []
            if missing_keys:
                details.append(f"Missing keys: {sorted(missing_keys)}\n")
            if unexpected_keys:
                details.append(
                    f"Unexpected keys:\n{sorted(unexpected_keys)}\n\nNote: Expected keys were:\n{sorted(expected_keys)}"
                )
            raise RuntimeError("state_dict is incompatible. " + "".join(details))

        for nested_attr_name, param in state_dict.items():
            if nested_attr_name in unexpected_keys:
                continue
            submodule_name, _, param_name = nested_attr_name.rpartition(".")
            # If there is no submodule, it means we are accessing a parameter of self
            module = self
            if submodule_name:
                module = operator.attrgetter(submodule_name)(self)

            setattr(module, param_name, Parameter(param))
        return (missing_keys, unexpected_keys)
