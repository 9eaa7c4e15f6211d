"""Checks on what a module registers: parameter names and shapes, buffers, state_dict keys."""

from __future__ import annotations

import re

from autograder.checks import devices, hints
from autograder.findings import Finding, finding

# Finding codes per kind of name ("parameters", "buffers", "state_dict"): all named as the contract says,
# none expected and none found, the names differ.
NAMED = {"parameters": "parameters_named", "buffers": "buffers_named", "state_dict": "state_dict_named"}
NONE_EXPECTED = {
    "parameters": "no_parameters_expected",
    "buffers": "no_buffers_expected",
    "state_dict": "no_state_dict_expected",
}
DIFFER = {"parameters": "parameters_differ", "buffers": "buffers_differ", "state_dict": "state_dict_differ"}
# At most this many offending parameters are named one by one.
SHOWN = 6


def module_probe_items(ctx):
    """(index, probe) for every probe that builds the module (not the extra ones, e.g. layer lists)."""
    return [(i, p) for i, p in enumerate(ctx.probes) if p.driver == "module"]


def built(ctx):
    """Yields (label, student, expected) per configuration; raises NotChecked if one could not be built."""
    for i, probe in module_probe_items(ctx):
        student = ctx.student[i]
        if "error" in student:
            raise NotChecked(finding("not_built", {"config": probe.params["label"]}))
        yield probe.params["label"], student, ctx.expected[i]


class NotChecked(Exception):
    """An earlier step failed, so this check cannot judge: `finding` says which step."""

    def __init__(self, found: Finding):
        super().__init__(found.code)
        self.finding = found


def judged(fn):
    """Turns NotChecked into a failure, so checks can stop early when an earlier step failed."""

    def wrapper(ctx):
        try:
            return fn(ctx)
        except NotChecked as exc:
            return [exc.finding]

    wrapper.__name__ = fn.__name__
    return wrapper


def constructs(ctx) -> list[Finding] | None:
    for i, probe in module_probe_items(ctx):
        error = ctx.student[i].get("error")
        if error:
            found = [finding("construct_error", {"config": probe.params["label"]}, error=error)]
            said = error["message"]  # Python's own words for what went wrong, read as Python writes them
            if devices.unavailable(error):
                found.append(devices.unavailable(error))
            elif "before Module.__init__() call" in said or "_parameters" in said or "_modules" in said:
                found.append(finding("super_init_missing"))
            elif "is not a Module subclass" in said and "dict" in said:
                found.append(finding("sequential_plain_dict"))
            elif _call_rejected(error, probe.params["factory"]):
                found.append(
                    finding(
                        "signature_mismatch",
                        {"config": probe.params["label"]},
                        expected=expected_signature(ctx, probe.params["factory"]),
                    )
                )
            return found
    return None


# What Python says when a call's arguments do not fit the function's parameters.
_REJECTED = re.compile(
    r"got an unexpected keyword argument|missing \d+ required (?:positional|keyword-only) argument"
    r"|takes (?:from \d+ to )?\d+ positional arguments? but|takes no arguments|got multiple values for argument"
)


def _call_rejected(error: dict, factory: str) -> bool:
    """Whether `error` (a student's error, see `jailed.observe.common.error_dict`) says the call `factory(...)`
    itself did not fit (not a call inside the student's __init__, e.g. nn.Conv2d(..., kernel=5), which names
    another function)."""
    first = error["message"].split("\n")[0]
    named = (f"{factory}.__init__() ", f"{factory}() ")
    return error["type"] == "TypeError" and first.startswith(named) and bool(_REJECTED.search(first))


def expected_signature(ctx, factory: str) -> str:
    """How the contract's `factory` is called, from the reference's own signature (read by the oracle in the
    grader, never in the jail; recorded for the student kit): `LeNet(in_channels=3, num_classes=10)`. Where
    there is none, the call the grader made."""
    from autograder import oracle

    try:
        signature = oracle.get().signature(ctx.exercise, factory)
    except oracle.OracleUnavailable:
        signature = None
    if signature is None:
        return next(p.params["label"] for _, p in module_probe_items(ctx) if p.params["factory"] == factory)
    return signature


def judged_module_type(path: str, expected_type: str):
    """A check that the submodule at `path` is of `expected_type`."""

    @judged
    def judge(ctx) -> list[Finding] | None:
        return module_type(ctx, path, expected_type)

    return judge


def built_labels(ctx) -> list[Finding]:
    return [finding("builds", configs=[p.params["label"] for _, p in module_probe_items(ctx)])]


def count_of(kind: str):
    """What a passing names check says: how many `kind` ("parameters", "buffers", "state_dict") there are."""

    def message(ctx) -> list[Finding]:
        counts = [
            (len(ctx.expected[i]["structure"][kind]), p.params["label"]) for i, p in module_probe_items(ctx)
        ]
        n, label = max(counts)
        if n:
            return [finding(NAMED[kind], {"config": label}, count=n)]
        return [finding(NONE_EXPECTED[kind])]

    return message


def shapes_by_name(items) -> dict:
    """{name: shape} of observed (name, shape, ...) items: a structure's parameters, buffers or state_dict."""
    return {item[0]: tuple(item[1]) for item in items}


def requires_grad_by_name(structure: dict) -> dict[str, bool]:
    """{parameter name: requires_grad} of an observed structure."""
    return {name: flag for name, _, _, flag in structure["parameters"]}


def _layer_types(structure: dict) -> dict:
    return {name: kind for name, kind, _ in structure["modules"]}


def exercise_hints(ctx, names) -> list[Finding]:
    """The exercise's own advice on these parameters (see `Exercise.hints`)."""
    return [
        finding("exercise_hint", {"parameter": n}, hint=f"{ctx.exercise.id}.{n}")
        for n in names
        if n in ctx.exercise.hints
    ]


@judged
def parameter_names(ctx) -> list[Finding] | None:
    """Names as the contract says; each offending name gets one finding (see `hints.name_hints`). Exercise
    hints (about shapes) are not given here: they belong to `parameter_shapes`."""
    per_config = []
    for index, (label, student, expected) in zip(
        (i for i, _ in module_probe_items(ctx)), built(ctx), strict=True
    ):
        found = shapes_by_name(student["structure"]["parameters"])
        want = shapes_by_name(expected["structure"]["parameters"])
        if set(found) != set(want):
            shared = shared_modules(student["structure"])
            as_if, paths = built_as_if(ctx, index)
            covered = {
                n
                for n in set(want) ^ set(found)
                if _under(n, paths) or _under(n, [f.subject["name"] for f in shared])
            }
            per_config.append(
                names_differ(
                    label, "parameters", want, found, student["structure"]["hidden"], as_if + shared, covered
                )
            )
    return across_configs(per_config)


def _cause(f: Finding) -> tuple:
    """What a finding says, whichever configuration it was found in: its code, its subject but the
    configuration, and the names it lists."""
    subject = tuple(sorted((k, str(v)) for k, v in f.subject.items() if k != "config"))
    return f.code, subject, str(f.data.get("names", ""))


def _kind(header: Finding) -> tuple:
    """What a configuration's first finding says, whichever configuration: its code and its nested problem's."""
    problem = header.data.get("problem")
    return header.code, problem.get("code") if isinstance(problem, dict) else None


def across_configs(per_config: list[list[Finding]], by_header: bool = False) -> list[Finding] | None:
    """One finding per cause across configurations: the first failing configuration's findings (its header
    first), then, for each later one that shows a cause not told yet (d2l's shortcut `conv3` exists only in a
    configuration with a stride, after the first one's biases), its header and those new causes; with
    `by_header`, also a later one whose header says a new kind of thing (weights that do not fit one
    configuration, a wrong output in another). None when no configuration failed."""
    if not per_config:
        return None
    result = list(per_config[0])
    told = {_cause(f) for f in result[1:]}
    kinds = {_kind(result[0])}
    for header, *causes in per_config[1:]:
        new = [f for f in causes if _cause(f) not in told]
        if new or (by_header and _kind(header) not in kinds):
            result += [header, *new]
            told |= {_cause(f) for f in new}
            kinds.add(_kind(header))
    return result


def _under(name: str, paths) -> bool:
    """Whether the dotted `name` is one of `paths`' own parameters or buffers, or below one of them."""
    return any(name.startswith(path + ".") for path in paths)


def built_as_if(ctx, index: int) -> tuple[list[Finding], list[str]]:
    """A configuration built as if one keyword had another value: `UNet(3, 2)` built with the layers that the
    contract's `UNet(1, 4, bilinear=True)` has (the student's default of `bilinear` differs), or
    `UNet(1, 4, bilinear=True)` built as if bilinear were not passed on. Judged from the layers' types, at the
    paths where the expected builds of two configurations that differ in that one keyword differ. Returns the
    finding and those paths (the names below them are explained by it)."""
    probe = ctx.probes[index]
    kwargs = probe.params["kwargs"]
    theirs = _layer_types(ctx.student[index]["structure"])
    want = _layer_types(ctx.expected[index]["structure"])
    for j, other in module_probe_items(ctx):
        if j == index or other.params["factory"] != probe.params["factory"]:
            continue
        other_kwargs = other.params["kwargs"]
        keywords = [k for k in {**kwargs, **other_kwargs} if kwargs.get(k, ...) != other_kwargs.get(k, ...)]
        if len(keywords) != 1:
            continue
        keyword = keywords[0]
        other_types = _layer_types(ctx.expected[j]["structure"])
        paths = sorted(p for p in set(want) | set(other_types) if want.get(p) != other_types.get(p))
        if paths and all(theirs.get(p) == other_types.get(p) for p in paths):
            subject = {"config": probe.params["label"], "keyword": keyword}
            if keyword in kwargs:
                return [finding("keyword_ignored", subject, value=kwargs[keyword])], paths
            signature = expected_signature(ctx, probe.params["factory"])
            return [
                finding("default_differs", subject, value=other_kwargs[keyword], expected=signature)
            ], paths
    return [], []


def shared_modules(structure: dict) -> list[Finding]:
    """Modules registered at two places: the same object, so named_parameters() lists its parameters once.

    named_modules() and named_parameters() skip an object they have already seen; state_dict() does not. So a
    state_dict key whose owning module named_modules() never lists belongs to a second place of a module
    registered earlier: one of the earlier modules with the same local keys and shapes.
    """
    listed = {name for name, _, _ in structure["modules"]}
    owners: dict[str, dict] = {}  # owner path -> {local key: shape}, in state_dict order
    for key, shape in structure["state_dict"]:
        owner, _, local = key.rpartition(".")
        owners.setdefault(owner, {})[local] = tuple(shape)
    result = []
    seen: list[str] = []
    for owner, keys in owners.items():
        if owner in listed:
            seen.append(owner)
            continue
        same = [earlier for earlier in seen if owners[earlier] == keys]
        if len(same) == 1:
            result.append(finding("shared_module", {"name": owner}, other=same[0]))
        elif same:
            result.append(finding("shared_module_one_of", {"name": owner}, others=same))
    return result


@judged
def parameter_shapes(ctx) -> list[Finding] | None:
    for label, student, expected in built(ctx):
        found = shapes_by_name(student["structure"]["parameters"])
        want = shapes_by_name(expected["structure"]["parameters"])
        wrong = shapes_differ(ctx, label, want, found, student["structure"], student["type"])
        if wrong:
            return wrong
        unregistered = {i["path"] for i in student["structure"]["hidden"] if i["kind"] == "plain_tensor"}
        missing = [n for n in want if n not in found]
        if want and not set(want) & set(found) and not unregistered & set(missing):
            return [finding("no_expected_parameters", {"config": label})]
        if missing:
            # A name named_parameters() does not list has no shape to pass: a plain tensor attribute is not
            # trained or saved, whatever its shape.
            return [
                finding(
                    "param_not_registered" if name in unregistered else "parameter_not_found",
                    {"config": label, "parameter": name},
                )
                for name in missing[:SHOWN]
            ]
    return None


def shapes_differ(
    ctx,
    label: str,
    want: dict,
    found: dict,
    structure: dict,
    own_type: str | None = None,
    shown: int | None = SHOWN,
) -> list[Finding]:
    """The parameters (or buffers) of `want` that `found` holds with another shape ({name: shape} each):
    `shapes_differ` for `label`, then for each of the first `shown` (None: all) its shape hint, from its layer's
    type in the student's `structure` (`own_type` for the module's own), and the exercise's advice on it.
    [] when every shape found is the one expected (a missing name is the names check's to report)."""
    wrong = [n for n in want if n in found and found[n] != want[n]]
    if not wrong:
        return []
    types = _layer_types(structure)
    result = [finding("shapes_differ", {"config": label}, count=len(wrong))]
    for name in wrong[:shown]:
        layer = types.get(name.rsplit(".", 1)[0]) if "." in name else own_type
        result.append(hints.shape_hint(name, want[name], found[name], layer))
        result.extend(exercise_hints(ctx, [name]))
    return result


def frozen_differ(want: dict[str, bool], found: dict[str, bool]) -> list[Finding]:
    """Which parameters should be frozen and which trainable, from {name: requires_grad} expected and found;
    [] when they agree (a name `found` lacks is the names check's to report)."""
    should = [name for name, flag in want.items() if not flag and found.get(name)]
    wrongly = [name for name, flag in want.items() if flag and found.get(name) is False]
    result = []
    if should:
        result.append(finding("should_be_frozen", names=should))
    if wrongly:
        result.append(finding("should_be_trainable", names=wrongly))
    return result


@judged
def parameters_are_registered(ctx) -> list[Finding] | None:
    """Parameters must be nn.Parameter (float32, trainable) and no tensor may hide in a plain attribute."""
    for label, student, _ in built(ctx):
        for item in student["structure"]["hidden"]:
            if item["kind"] == "plain_tensor":
                return [finding("param_not_registered", {"config": label, "parameter": item["path"]})]
        for name, _, dtype, requires_grad in student["structure"]["parameters"]:
            if not requires_grad:
                return [finding("param_frozen", {"config": label, "parameter": name})]
            if dtype != "torch.float32":
                return [finding("param_dtype", {"config": label, "parameter": name}, found=dtype[6:])]
    return None


@judged
def buffers(ctx) -> list[Finding] | None:
    per_config = []
    for label, student, expected in built(ctx):
        found = shapes_by_name(student["structure"]["buffers"])
        want = shapes_by_name(expected["structure"]["buffers"])
        if set(found) != set(want):
            hidden = student["structure"]["hidden"]
            per_config.append(names_differ(label, "buffers", want, found, hidden, buffers=set(want)))
        elif found != want and not per_config:
            wrong = [n for n in want if found[n] != want[n]]
            return [finding("buffer_shapes_differ", {"config": label}, count=len(wrong))] + [
                hints.shape_hint(n, want[n], found[n], None) for n in wrong
            ]
    return across_configs(per_config)


@judged
def state_dict_keys(ctx) -> list[Finding] | None:
    per_config = []
    for label, student, expected in built(ctx):
        found = [k for k, _ in student["structure"]["state_dict"]]
        want = [k for k, _ in expected["structure"]["state_dict"]]
        if set(found) != set(want):
            per_config.append(
                names_differ(
                    label,
                    "state_dict",
                    shapes_by_name(expected["structure"]["state_dict"]),
                    shapes_by_name(student["structure"]["state_dict"]),
                    student["structure"]["hidden"],
                    buffers={name for name, *_ in expected["structure"]["buffers"]},
                )
            )
    return across_configs(per_config)


def names_differ(
    label: str,
    kind: str,
    want: dict,
    found: dict,
    hidden: list,
    why=(),
    covered=frozenset(),
    buffers=frozenset(),
) -> list[Finding]:
    """`kind` ("parameters", "buffers", "state_dict") names differ ({name: shape} each; `hidden`: the student's
    structure's, e.g. a Python list of layers; `buffers`: the expected names that are buffers): the counts,
    then why, each offending name in one finding: `why` explains the `covered` names, `hints.name_hints` the
    others."""
    missing = [n for n in want if n not in found]
    unexpected = [n for n in found if n not in want]
    header = finding(
        DIFFER[kind],
        {"config": label},
        expected=len(want),
        missing=len(missing),
        unexpected=len(unexpected),
    )
    return [header, *why, *hints.name_hints(want, found, hidden, covered, buffers)]


def module_type(ctx, path: str, expected_type: str) -> list[Finding] | None:
    """The submodule at `path` must be of `expected_type` (e.g. `vgg` an nn.ModuleList)."""
    for label, student, _ in built(ctx):
        types = _layer_types(student["structure"])
        if path not in types:
            return [finding("submodule_missing", {"config": label, "attribute": path})]
        if types[path] != expected_type:
            return [
                finding(
                    "submodule_type",
                    {"config": label, "attribute": path},
                    found=types[path],
                    expected=expected_type,
                )
            ]
    return None
