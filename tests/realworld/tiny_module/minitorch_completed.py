# source: BauerJustin/minitorch@4246b41581790b6257ce5bb0e6e16208e88086ed:minitorch/module.py (https://github.com/BauerJustin/minitorch/blob/4246b41581790b6257ce5bb0e6e16208e88086ed/minitorch/module.py)
# adapted: a student's minitorch Module (Task 0.4 done) renamed TinyModule, torch's nn.Parameter in place of minitorch's Parameter, __repr__ and add_parameter left out; named_modules, state_dict and load_state_dict added in the same recursive style (minitorch has none), train() and eval() kept as minitorch has them
# expect: fail tiny_names_differ method=named_parameters()
# expect: fail known_mistake mistake=tiny_module.no_dedup
# expect: fail tiny_error

from __future__ import annotations

from typing import Any, Dict, Optional, Sequence, Tuple

from torch.nn import Parameter


class TinyModule:
    """
    Modules form a tree that store parameters and other
    submodules. They make up the basis of neural network stacks.

    Attributes:
        _modules : Storage of the child modules
        _parameters : Storage of the module's parameters
        training : Whether the module is in training mode or evaluation mode

    """

    _modules: Dict[str, TinyModule]
    _parameters: Dict[str, Parameter]
    training: bool

    def __init__(self) -> None:
        self._modules = {}
        self._parameters = {}
        self.training = True

    def modules(self) -> Sequence[TinyModule]:
        "Return the direct child modules of this module."
        m: Dict[str, TinyModule] = self.__dict__["_modules"]
        return list(m.values())

    def train(self) -> None:
        "Set the mode of this module and all descendent modules to `train`."
        self.training = True
        for m in self.modules():
            m.train()

    def eval(self) -> None:
        "Set the mode of this module and all descendent modules to `eval`."
        self.training = False
        for m in self.modules():
            m.eval()

    def named_parameters(self) -> Sequence[Tuple[str, Parameter]]:
        """
        Collect all the parameters of this module and its descendents.


        Returns:
            The name and `Parameter` of each ancestor parameter.
        """
        params = []
        for name, param in self._parameters.items():
            params.append((name, param))
        for module_name, module in self._modules.items():
            child_params = module.named_parameters()
            for child_name, param in child_params:
                full_name = f"{module_name}.{child_name}"
                params.append((full_name, param))
        return params

    def named_modules(self, prefix: str = "") -> Sequence[Tuple[str, TinyModule]]:
        "Collect this module and all its descendents, with their dotted names."
        modules = [(prefix, self)]
        for module_name, module in self._modules.items():
            full_name = f"{prefix}.{module_name}" if prefix else module_name
            modules.extend(module.named_modules(full_name))
        return modules

    def state_dict(self) -> Dict[str, Any]:
        "The name and detached value of each parameter."
        return {name: param.detach() for name, param in self.named_parameters()}

    def load_state_dict(self, state_dict: Dict[str, Any]) -> None:
        "Copy each value into the parameter of the same name."
        own = dict(self.named_parameters())
        if set(own) != set(state_dict):
            raise RuntimeError(f"keys differ: {sorted(set(own) ^ set(state_dict))}")
        for name, param in own.items():
            param.data.copy_(state_dict[name])

    def parameters(self) -> Sequence[Parameter]:
        "Enumerate over all the parameters of this module and its descendents."
        return [param for _, param in self.named_parameters()]

    def __setattr__(self, key: str, val: Parameter) -> None:
        if isinstance(val, Parameter):
            self.__dict__["_parameters"][key] = val
        elif isinstance(val, TinyModule):
            self.__dict__["_modules"][key] = val
        else:
            super().__setattr__(key, val)

    def __getattr__(self, key: str) -> Any:
        if key in self.__dict__["_parameters"]:
            return self.__dict__["_parameters"][key]

        if key in self.__dict__["_modules"]:
            return self.__dict__["_modules"][key]
        return None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)
