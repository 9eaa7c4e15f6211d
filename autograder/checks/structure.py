"""Checks on what a module registers: parameter names and shapes, buffers, state_dict keys."""

from __future__ import annotations

from autograder.checks import hints

SUPER_INIT = (
    "Call super().__init__() first thing in __init__: nn.Module creates the registries for parameters and "
    "submodules there, so assigning a layer before it fails."
)


def module_probe_items(ctx):
    """(index, probe) for every probe that builds the module (not the extra ones, e.g. layer lists)."""
    return [(i, p) for i, p in enumerate(ctx.probes) if p.driver == "module"]


def built(ctx):
    """Yields (label, student, expected) per configuration; raises NotChecked if one could not be built."""
    for i, probe in module_probe_items(ctx):
        student = ctx.student[i]
        if "error" in student:
            raise NotChecked(f"not checked: `{probe.params['label']}` could not be built (see `constructs`).")
        yield probe.params["label"], student, ctx.expected[i]


class NotChecked(Exception):
    pass


def judged(fn):
    """Turns NotChecked into a failure message, so checks can stop early when an earlier step failed."""

    def wrapper(ctx):
        try:
            return fn(ctx)
        except NotChecked as exc:
            return str(exc)

    wrapper.__name__ = fn.__name__
    return wrapper


def constructs(ctx) -> str | None:
    for i, probe in module_probe_items(ctx):
        error = ctx.student[i].get("error")
        if error:
            text = f"`{probe.params['label']}` raised an error:\n{error}"
            if "before Module.__init__() call" in error or "_parameters" in error or "_modules" in error:
                text += "\n" + SUPER_INIT
            elif "is not a Module subclass" in error and "dict" in error:
                text += (
                    "\nnn.Sequential takes modules as separate arguments, or one OrderedDict of (name, module) "
                    "pairs; a plain dict is not accepted."
                )
            return text
    return None


def judged_module_type(path: str, expected_type: str):
    """A check that the submodule at `path` is of `expected_type`."""

    @judged
    def judge(ctx) -> str | None:
        return module_type(ctx, path, expected_type)

    return judge


def built_labels(ctx) -> str:
    return "builds " + ", ".join(f"`{p.params['label']}`" for _, p in module_probe_items(ctx))


def count_of(kind: str):
    def message(ctx) -> str:
        counts = [
            (len(ctx.expected[i]["structure"][kind]), p.params["label"]) for i, p in module_probe_items(ctx)
        ]
        n, label = max(counts)
        return (
            f"{kind} named as the contract says ({n} in `{label}`)"
            if n
            else f"no {kind}, as the contract says"
        )

    return message


def _named(items) -> dict:
    return {item[0]: tuple(item[1]) for item in items}


def _layer_types(student) -> dict:
    return {name: kind for name, kind, _ in student["structure"]["modules"]}


@judged
def parameter_names(ctx) -> str | None:
    for label, student, expected in built(ctx):
        found = _named(student["structure"]["parameters"])
        want = _named(expected["structure"]["parameters"])
        if set(found) != set(want):
            return _names_message(
                label, "parameters", want, found, student["structure"]["hidden"], ctx.exercise.hints
            )
    return None


@judged
def parameter_shapes(ctx) -> str | None:
    for label, student, expected in built(ctx):
        found = _named(student["structure"]["parameters"])
        want = _named(expected["structure"]["parameters"])
        types = _layer_types(student)
        wrong = [n for n in want if n in found and found[n] != want[n]]
        if wrong:
            lines = [f"In `{label}`, {len(wrong)} parameter shape(s) differ:"]
            for name in wrong[:6]:
                layer = types.get(name.rsplit(".", 1)[0]) if "." in name else student["type"]
                lines.append("  " + hints.shape_hint(name, want[name], found[name], layer))
                extra = ctx.exercise.hints.get(name)
                if extra:
                    lines.append("  " + extra)
            return "\n".join(lines)
        if want and not set(want) & set(found):
            return f"not checked: none of the expected parameters of `{label}` exist (see `parameter_names`)."
    return None


@judged
def parameters_are_registered(ctx) -> str | None:
    """Parameters must be nn.Parameter (float32, trainable) and no tensor may hide in a plain attribute."""
    for label, student, _ in built(ctx):
        for item in student["structure"]["hidden"]:
            if item["kind"] == "plain_tensor":
                return (
                    f"In `{label}`, `{item['path']}` is a plain tensor attribute, not an nn.Parameter: PyTorch "
                    f"will not train it, save it or move it with .to(device). Wrap it in nn.Parameter(...)."
                )
        for name, _, dtype, requires_grad in student["structure"]["parameters"]:
            if not requires_grad:
                return f"In `{label}`, `{name}` has requires_grad=False: the optimizer would never update it."
            if dtype != "torch.float32":
                return (
                    f"In `{label}`, `{name}` is {dtype[6:]}: parameters should be float32 like nn.Linear's."
                )
    return None


@judged
def buffers(ctx) -> str | None:
    for label, student, expected in built(ctx):
        found = _named(student["structure"]["buffers"])
        want = _named(expected["structure"]["buffers"])
        if found != want:
            if set(found) != set(want):
                return _names_message(label, "buffers", want, found, [])
            wrong = [n for n in want if found[n] != want[n]]
            return f"In `{label}`, buffer shapes differ: " + " ".join(
                hints.shape_hint(n, want[n], found[n], None) for n in wrong
            )
    return None


@judged
def state_dict_keys(ctx) -> str | None:
    for label, student, expected in built(ctx):
        found = [k for k, _ in student["structure"]["state_dict"]]
        want = [k for k, _ in expected["structure"]["state_dict"]]
        if set(found) != set(want):
            return _names_message(
                label,
                "state_dict keys",
                _named(expected["structure"]["state_dict"]),
                _named(student["structure"]["state_dict"]),
                student["structure"]["hidden"],
            )
    return None


def _names_message(
    label: str, what: str, want: dict, found: dict, hidden: list, advice: dict | None = None
) -> str:
    missing = [n for n in want if n not in found]
    unexpected = [n for n in found if n not in want]
    lines = [
        f"`{label}` should have {len(want)} {what}; {len(missing)} missing, {len(unexpected)} unexpected."
    ]
    if missing:
        lines.append("  missing: " + hints.listing(missing, most=8))
    if unexpected:
        lines.append("  unexpected: " + hints.listing(unexpected, most=8))
    lines.extend("  " + h for h in hints.name_hints(want, found, hidden))
    extra = {advice[n] for n in missing + unexpected if advice and n in advice}
    lines.extend("  " + h for h in sorted(extra))
    return "\n".join(lines)


def module_type(ctx, path: str, expected_type: str) -> str | None:
    """The submodule at `path` must be of `expected_type` (e.g. `vgg` an nn.ModuleList)."""
    for label, student, _ in built(ctx):
        types = _layer_types(student)
        if path not in types:
            return f"`{label}` has no submodule `{path}`: the contract keeps the layers in `self.{path}`."
        if types[path] != expected_type:
            return f"`{label}.{path}` is a {types[path]}; the contract asks for an nn.{expected_type}."
    return None
