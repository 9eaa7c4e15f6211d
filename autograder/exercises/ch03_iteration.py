"""Assignment 03_iteration: counting and freezing parameters, extracting features with hooks, nn.Module's
bookkeeping built from scratch."""

from autograder.checks.functions import single, with_likely_cause
from autograder.checks.tensors import difference
from autograder.exercises.function_exercise import function_exercise
from autograder.exercises.spec import Chapter, Check
from autograder.findings import Finding, finding
from autograder.jailed.observe.ch03_iteration import TINY_MODELS, TINY_PATHS

CHAPTER = Chapter.of(__name__)

COUNT_MODELS = ["TiedNet", "LayeredNet", "TinyNet"]


def _counts(flag: bool):
    def judge(ctx, student, expected):
        for (name, f, found), (_, _, want) in zip(student["counts"], expected["counts"], strict=True):
            if f == flag and found != want:
                call = f"count_parameters(model{', trainable_only=True' if flag else ''})"
                result = [finding("count_wrong", {"call": call, "model": name}, expected=want, found=found)]
                if isinstance(found, str):
                    result.append(finding("count_not_int"))
                return with_likely_cause(
                    ctx,
                    result,
                    lambda s, v: (
                        [c for c in s["counts"] if c[1] == flag] == [c for c in v["counts"] if c[1] == flag]
                    ),
                )
        return None

    judge.__name__ = f"counts_{flag}"
    return single(judge)


COUNT_PARAMETERS = function_exercise(
    chapter=CHAPTER,
    id="count_parameters",
    title="Counting parameters",
    names=("count_parameters",),
    driver="count_parameters",
    params={"models": COUNT_MODELS},
    checks=(
        Check("counts_all", _counts(False)),
        Check("trainable_only", _counts(True)),
    ),
    mistakes=(
        "from_state_dict",
        "per_module",
        "tensors",
        "ignores_flag",
        "counts_frozen",
        "always_trainable",
    ),
)


FREEZE_CASES = [
    ["LayeredNet", ["layer1"]],
    ["LayeredNet", ["layer2.0", "head.bias"]],
    ["LayeredNet", ["layer2"]],
    ["LayeredNet", []],
    ["TinyNet", ["features"]],
    ["LayeredNet", ["head"]],
    # `layer10.bias` is frozen before the call: it stays frozen, and it is under the prefix, so it is returned.
    ["LayeredNet", ["layer10"]],
    # A prefix that matches nothing is allowed: it freezes nothing and raises no error.
    ["TinyNet", ["classifier", "fc.bias"]],
]
MAX_CASES = 3  # failing cases a check describes one by one; the rest are counted


def _under(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _freeze_causes(prefixes, s: dict, module_flags: bool) -> list[str]:
    """The known mistakes (ids of the catalogues' `[mistakes]`) that explain this case's wrong flags.

    `module_flags`: some case left a `requires_grad` attribute on a module (a prefix that names a module).
    These mistakes have no wrong variant: they are told from one case's flags. Those with a variant
    (`FREEZE.mistakes`) are told by the whole observation (see `_frozen`), never here.
    """
    names = list(s["requires_grad"])
    before = set(s["frozen_before"])
    under = {n for n in names if _under(n, prefixes)}
    frozen = {n for n in names if not s["requires_grad"][n]}
    causes = []
    if module_flags and not (under - before) & frozen:
        causes.append("freeze.module_attribute")
    if frozen == set(names):
        causes.append("freeze.froze_all")
    elif under - before and frozen - before == set(names) - under - before:
        causes.append("freeze.complement")
    # Only the first dotted part compared: frozen is what was frozen before plus the names whose first part
    # is a prefix.
    if frozen == before | {n for n in names if n.split(".")[0] in prefixes}:
        causes.append("freeze.first_part_only")
    if under - before and frozen == before:
        causes.append("freeze.nothing_frozen")
    return causes


def _with_causes(failures: list[tuple[list[Finding], list[str]]]) -> list[Finding]:
    """The first MAX_CASES failing cases, then how many more; a cause that explains every failing case is said
    once, at the end, otherwise each case gets its own likely cause where one is known."""
    common = [c for c in failures[0][1] if all(c in causes for _, causes in failures)]
    result = []
    for found, causes in failures[:MAX_CASES]:
        result += found
        if not common and causes:
            result.append(finding("known_mistake", {"mistake": causes[0]}))
    if len(failures) > MAX_CASES:
        result.append(finding("freeze_more_cases", count=len(failures) - MAX_CASES))
    if common:
        result.append(finding("known_mistake", {"mistake": common[0]}))
    return result


def _frozen(ctx, student, expected):
    failures = []
    module_flags = any(s.get("module_flags") for s in student["cases"])
    for (model, prefixes), s, e in zip(FREEZE_CASES, student["cases"], expected["cases"], strict=True):
        call = f"freeze(model, {prefixes})"
        if "error" in s:
            failures.append(([finding("call_error", {"call": call, "model": model}, error=s["error"])], []))
            continue
        found = []
        if s["values_changed"]:
            found.append(
                finding("freeze_changed_values", {"call": call, "model": model}, names=s["values_changed"])
            )
        if s["buffers_changed"]:
            found.append(
                finding("freeze_changed_buffers", {"call": call, "model": model}, names=s["buffers_changed"])
            )
        causes = []
        if s["requires_grad"] != e["requires_grad"]:
            should = [n for n, v in e["requires_grad"].items() if not v and s["requires_grad"].get(n)]
            wrongly = [n for n, v in e["requires_grad"].items() if v and not s["requires_grad"].get(n)]
            found.append(finding("freeze_wrong", {"call": call, "model": model}))
            if should:
                found.append(finding("should_be_frozen", names=should))
            if wrongly:
                found.append(finding("should_be_trainable", names=wrongly))
            causes = _freeze_causes(prefixes, s, module_flags)
        if found:
            failures.append((found, causes))
    if not failures:
        return None
    result = _with_causes(failures)
    if any(f.code == "known_mistake" for f in result):
        return result
    return with_likely_cause(
        ctx,
        result,
        lambda a, b: (
            [c.get("requires_grad") for c in a["cases"]] == [c.get("requires_grad") for c in b["cases"]]
        ),
    )


def _returned_causes(prefixes, s: dict, e: dict) -> list[str]:
    returned, wanted = s["returned"], e["returned"]
    before = set(s["frozen_before"])
    if sorted(returned) == sorted(prefixes):
        return ["freeze.returned_prefixes"]
    if set(returned) == set(wanted):
        return ["freeze.returned_duplicates"]
    if set(returned) == set(wanted) - before:
        return ["freeze.returned_only_newly"]
    return []


def _returns_names(ctx, student, expected):
    failures = []
    for (model, prefixes), s, e in zip(FREEZE_CASES, student["cases"], expected["cases"], strict=True):
        call = f"freeze(model, {prefixes})"
        if "error" in s:
            failures.append(([finding("call_error", {"call": call, "model": model}, error=s["error"])], []))
        elif not isinstance(s["returned"], list):
            failures.append(([finding("freeze_returned_not_list", {"call": call}, found=s["returned"])], []))
        elif sorted(s["returned"]) != sorted(e["returned"]):
            found = [
                finding("freeze_returned_wrong", {"call": call}, found=s["returned"], expected=e["returned"])
            ]
            missing = [n for n in e["returned"] if n not in s["returned"]]
            unexpected = sorted(set(s["returned"]) - set(e["returned"]))
            if missing:
                found.append(finding("names_missing", names=missing))
            if unexpected:
                found.append(finding("names_unexpected", names=unexpected))
            failures.append((found, _returned_causes(prefixes, s, e)))
    return _with_causes(failures) if failures else None


FREEZE = function_exercise(
    chapter=CHAPTER,
    id="freeze",
    title="Freezing by name",
    names=("freeze",),
    driver="freeze",
    params={"cases": FREEZE_CASES},
    checks=(
        Check("freezes_matching", single(_frozen)),
        Check("returns_names", single(_returns_names)),
    ),
    mistakes=("startswith", "substring", "resets_others"),
)


# Every case runs on a fresh FeatureNet (see `autograder.jailed.fixtures`): `stem` (Linear, BatchNorm1d), `act` (an
# in-place ReLU forward runs twice), `block` (Linear, Dropout) and `head`, with `stem.0.bias` frozen and a gradient already
# in `head.weight.grad`.
FEATURE_CASES = [
    # Training mode (Dropout drops, BatchNorm normalises with the batch); the names not in forward's order.
    {"case": "feature_extractor.0", "train": True, "layers": ["head", "stem.1", "act", "block.0"]},
    # Eval mode; a container and one of its layers.
    {"case": "feature_extractor.1", "train": False, "layers": ["block", "stem", "stem.0"]},
    # Training mode with `stem` in eval mode: the modes disagree, and each module's own counts.
    {"case": "feature_extractor.2", "train": True, "eval_modules": ["stem"], "layers": ["stem.1", "block.1"]},
    # An unknown name, last: a KeyError before anything runs, and no hook left behind.
    {"case": "feature_extractor.3", "train": True, "layers": ["stem.0", "head", "neck"], "unknown": "neck"},
    # forward raises (7 input features where stem.0 takes 6): the hooks must still go.
    {
        "case": "feature_extractor.4",
        "train": True,
        "eval_modules": ["stem"],
        "layers": ["act", "head"],
        "width": 7,
    },
]
RUNS = (0, 1, 2)  # the cases whose forward runs and returns
UNKNOWN, RAISING = 3, 4


def _feature_call(case: dict) -> str:
    return f"extract_features(model, x, {case['layers']})"


def _subject(case: dict) -> dict:
    return {"call": _feature_call(case), "case": case["case"]}


def _returned(case: dict, s: dict) -> list[Finding] | None:
    """Why a case that should return gave nothing to judge: it raised, or returned something other than a dict."""
    if "raised" in s:
        return [finding("call_error", _subject(case), error=s["raised"]["error"])]
    if "keys" not in s["returned"]:
        return [finding("features_not_dict", _subject(case), found=s["returned"]["type"])]
    return None


def _runs(student: dict, expected: dict):
    for i in RUNS:
        yield FEATURE_CASES[i], student["cases"][i], expected["cases"][i]


def _values(side: dict, i: int) -> dict | None:
    returned = side["cases"][i].get("returned") or {}
    return dict(zip(returned["keys"], returned["values"], strict=True)) if "keys" in returned else None


def _same_values(a: dict, b: dict) -> bool:
    for i in RUNS:
        mine, theirs = _values(a, i), _values(b, i)
        if mine is None or theirs is None or set(mine) != set(theirs):
            return False
        for name, value in mine.items():
            other = theirs[name]
            if ("tensor" in value) != ("tensor" in other):
                return False
            if "tensor" in value and difference(value["tensor"], other["tensor"]) is not None:
                return False
    return True


def _same_raised(a: dict, b: dict) -> bool:
    """Whether the cases that should return raised the same errors (a lookup that misses a nested layer)."""
    return all(
        (a["cases"][i].get("raised") or {}).get("type") == (b["cases"][i].get("raised") or {}).get("type")
        and (a["cases"][i].get("raised") or {}).get("error", {}).get("message")
        == (b["cases"][i].get("raised") or {}).get("error", {}).get("message")
        for i in RUNS
    )


def _feature_outputs(ctx, student, expected):
    for i in RUNS:
        case, s = FEATURE_CASES[i], student["cases"][i]
        found = _returned(case, s)
        if found:
            return with_likely_cause(ctx, found, _same_raised) if "raised" in s else found
        mine, want = _values(student, i), _values(expected, i)
        missing = [n for n in want if n not in mine]
        unexpected = [n for n in mine if n not in want]
        if missing or unexpected:
            found = [finding("features_keys_wrong", _subject(case), expected=list(want))]
            if missing:
                found.append(finding("names_missing", names=missing))
            if unexpected:
                found.append(finding("names_unexpected", names=unexpected))
            return found
        for name, value in want.items():
            if "tensor" not in mine[name]:
                problem = finding("not_a_tensor", type=mine[name]["type"])
            else:
                problem = difference(mine[name]["tensor"], value["tensor"])
            if problem:
                subject = {**_subject(case), "layer": name}
                return with_likely_cause(
                    ctx, finding("feature_differs", subject, problem=problem), _same_values
                )
    return None


def _feature_order(ctx, student, expected):
    for case, s, _ in _runs(student, expected):
        found = _returned(case, s)
        if found:
            return found
        keys = s["returned"]["keys"]
        if sorted(keys) != sorted(case["layers"]):
            return [finding("not_checked_see", see="returns_outputs")]
        if keys != case["layers"]:
            return with_likely_cause(
                ctx,
                finding("features_order", _subject(case), expected=case["layers"], found=keys),
                lambda a, b: all(
                    a["cases"][j].get("returned", {}).get("keys")
                    == b["cases"][j].get("returned", {}).get("keys")
                    for j in RUNS
                ),
            )
    return None


def _forward_once(ctx, student, expected):
    for case, s, _ in _runs(student, expected):
        found = _returned(case, s)
        if found:
            return found
        if s["forward_calls"] != 1:
            return with_likely_cause(
                ctx,
                finding("forward_calls_wrong", _subject(case), found=s["forward_calls"]),
                lambda a, b: (
                    [a["cases"][j]["forward_calls"] for j in RUNS]
                    == [b["cases"][j]["forward_calls"] for j in RUNS]
                ),
            )
    return None


def _feature_no_graph(ctx, student, expected):
    for case, s, _ in _runs(student, expected):
        found = _returned(case, s)
        if found:
            return found
        if not s["grad_mode"]:
            return [finding("features_grad_mode_off", _subject(case))]
        if s["returned"]["graph"]:
            return with_likely_cause(
                ctx,
                finding("features_have_graph", _subject(case), names=s["returned"]["graph"]),
                lambda a, b: (
                    [a["cases"][j].get("returned", {}).get("graph") for j in RUNS]
                    == [b["cases"][j].get("returned", {}).get("graph") for j in RUNS]
                ),
            )
    return None


def _same_hooks(a: dict, b: dict) -> bool:
    return [c["hooks_left"] for c in a["cases"]] == [c["hooks_left"] for c in b["cases"]]


def _removes_hooks(ctx, student, expected):
    for case, s, _ in _runs(student, expected):
        found = _returned(case, s)
        if found:
            return found
        if s["hooks_left"]:
            found = finding("hooks_left", _subject(case), names=s["hooks_left"])
            return with_likely_cause(ctx, found, _same_hooks)
        if s["global_hooks_left"]:
            return [finding("global_hooks_left", _subject(case))]
    case, s = FEATURE_CASES[RAISING], student["cases"][RAISING]
    if "raised" not in s:
        return [finding("forward_error_swallowed", _subject(case))]
    for i in (RAISING, UNKNOWN):
        case, s = FEATURE_CASES[i], student["cases"][i]
        if s["hooks_left"] or s["global_hooks_left"]:
            names = s["hooks_left"] or ["(global)"]
            return with_likely_cause(
                ctx, finding("hooks_left_on_error", _subject(case), names=names), _same_hooks
            )
    return None


def _leaves_model_alone(ctx, student, expected):
    for i in (*RUNS, RAISING):
        case, s = FEATURE_CASES[i], student["cases"][i]
        if i != RAISING and "raised" in s:
            return [finding("call_error", _subject(case), error=s["raised"]["error"])]
        changed = s["changed"]
        if changed["training"]:
            return with_likely_cause(
                ctx,
                finding("feature_mode_changed", {**_subject(case), "module": changed["training"][0]}),
                lambda a, b: (
                    [c["changed"]["training"] for c in a["cases"]]
                    == [c["changed"]["training"] for c in b["cases"]]
                ),
            )
        subject = _subject(case)
        if changed["requires_grad"]:
            return [finding("requires_grad_changed", subject, names=changed["requires_grad"])]
        if changed["grad"]:
            return [finding("grads_changed", subject, names=changed["grad"])]
        if changed["values"]:
            return [finding("parameters_changed", subject, names=changed["values"])]
    return None


def _unknown_name(ctx, student, expected):
    case, s = FEATURE_CASES[UNKNOWN], student["cases"][UNKNOWN]
    subject = {**_subject(case), "name": case["unknown"]}
    found = None
    if "raised" not in s:
        found = finding("unknown_name_not_raised", subject)
    elif s["raised"]["type"] != "KeyError":
        found = finding("unknown_name_wrong_error", subject, found=s["raised"]["type"])
    elif s["forward_calls"]:
        found = finding("unknown_name_after_forward", subject)
    elif not s["raised"]["names_it"]:
        found = finding("unknown_name_not_named", subject, error=s["raised"]["error"])
    if found is None:
        return None

    def same(a: dict, b: dict) -> bool:
        # Whether the error names the unknown name too: a mistake that raises a KeyError naming it (one that
        # forces eval mode, say) is no likely cause of a KeyError about another name.
        x, y = a["cases"][UNKNOWN], b["cases"][UNKNOWN]
        raised_x, raised_y = x.get("raised") or {}, y.get("raised") or {}
        return (
            raised_x.get("type") == raised_y.get("type")
            and raised_x.get("names_it") == raised_y.get("names_it")
            and bool(x["forward_calls"]) == bool(y["forward_calls"])
        )

    return with_likely_cause(ctx, found, same)


FEATURE_EXTRACTOR = function_exercise(
    chapter=CHAPTER,
    id="feature_extractor",
    title="Extracting features with hooks",
    names=("extract_features",),
    driver="extract_features",
    params={"cases": FEATURE_CASES},
    checks=(
        Check("returns_outputs", single(_feature_outputs)),
        Check("keys_in_order", single(_feature_order)),
        Check("runs_forward_once", single(_forward_once)),
        Check("no_autograd_graph", single(_feature_no_graph)),
        Check("removes_hooks", single(_removes_hooks)),
        Check("leaves_model_alone", single(_leaves_model_alone)),
        Check("unknown_name", single(_unknown_name)),
    ),
    mistakes=(
        "forces_eval",
        "forward_per_layer",
        "firing_order",
        "no_no_grad",
        "hooks_not_removed",
        "no_finally",
        "key_error_after_forward",
        "get_submodule",
        "named_children",
        "not_cloned",
    ),
)


def _tiny_sections(student, expected, section: str, labels=TINY_MODELS):
    """(label, student's section, expected section) of each model in `labels`; raises _TinyError (caught by
    `_tiny_judge`) where the student's model could not be built or the section raised."""
    for label in labels:
        mine, want = student["models"][label], expected["models"][label]
        if "error" in mine:
            raise _TinyError(finding("tiny_error", {"config": label}, error=mine["error"]))
        if "error" in mine[section]:
            raise _TinyError(finding("tiny_error", {"config": label}, error=mine[section]["error"]))
        yield label, mine[section], want[section]


class _TinyError(Exception):
    def __init__(self, found: Finding):
        super().__init__(found.code)
        self.finding = found


# The methods each check calls on the models built on the student's TinyModule.
TINY_CALLS = {
    "_tiny_registers": ("named_parameters", "named_modules"),
    "_tiny_deduplicates": ("named_parameters", "named_modules"),
    "_tiny_modes": ("train", "eval"),
    "_tiny_state_dict": ("state_dict",),
    "_tiny_load": ("state_dict", "load_state_dict"),
}


def _tiny_judge(judge):
    def wrapper(ctx, student, expected):
        missing = [m for m in TINY_CALLS[judge.__name__] if m in student.get("missing_methods", ())]
        if missing:
            return [finding("tiny_method_missing", {"method": f"{missing[0]}()"})]
        try:
            return judge(ctx, student, expected)
        except _TinyError as exc:
            return [exc.finding]

    wrapper.__name__ = judge.__name__
    return single(wrapper)


def _same_section(section: str, labels=TINY_MODELS):
    def same(a, b):
        return all(a["models"][label][section] == b["models"][label][section] for label in labels)

    return same


def _same_names(labels):
    """Whether named_parameters() gives the same names and shapes (only them: a plain attribute found through
    the student's own named_modules() is another matter) on each model in `labels`."""

    def same(a, b):
        return all(
            (a["models"][label].get("registration") or {}).get("names")
            == (b["models"][label].get("registration") or {}).get("names")
            for label in labels
        )

    return same


def _names(ctx, student, expected, labels):
    for label, mine, want in _tiny_sections(student, expected, "registration", labels):
        if mine["names"] != want["names"]:
            subject = {"config": label, "method": "named_parameters()"}
            found = finding(
                "tiny_names_differ",
                subject,
                expected=[name for name, _ in want["names"]],
                found=[name for name, _ in mine["names"]],
            )
            return with_likely_cause(ctx, found, _same_names(labels))
        if mine["unreachable"]:
            return [finding("tiny_not_reachable", {"config": label, "name": mine["unreachable"][0]})]
        if mine["plain"] != want["plain"]:
            return [finding("tiny_plain_attribute", {"config": label})]
    return None


def _tiny_registers(ctx, student, expected):
    if student["is_nn_module"]:
        return [finding("tiny_is_nn_module")]
    return _names(ctx, student, expected, TINY_MODELS[:2])


def _tiny_deduplicates(ctx, student, expected):
    return _names(ctx, student, expected, TINY_MODELS[2:])


def _tiny_calls(label: str) -> dict:
    """What the driver called before reading each list of flags (`_modes`), as code."""
    last = ".".join(filter(None, ["model", TINY_PATHS[label][-1]]))
    return {"eval": "model.eval()", "train": "model.train()", "train_again": f"{last}.eval(); model.train()"}


def _tiny_modes(ctx, student, expected):
    for label, mine, want in _tiny_sections(student, expected, "modes"):
        for call, text in _tiny_calls(label).items():
            if mine[call] != want[call]:
                paths = TINY_PATHS[label]
                module = next(p for p, f, w in zip(paths, mine[call], want[call], strict=True) if f != w)
                subject = {"config": label, "call": text, "module": module or "(model)"}
                found = finding("tiny_flag_wrong", subject, expected=want[call][paths.index(module)])
                return with_likely_cause(ctx, found, _same_section("modes"))
        if not mine["returns_self"]:
            return [finding("tiny_train_not_self", {"config": label})]
    return None


def _tiny_state_dict(ctx, student, expected):
    for label, mine, want in _tiny_sections(student, expected, "state"):
        if mine["keys"] != want["keys"]:
            subject = {"config": label, "method": "state_dict()"}
            found = finding("tiny_names_differ", subject, expected=want["keys"], found=mine["keys"])
            return with_likely_cause(ctx, found, _same_section("state"))
        for key, match, detached in zip(mine["keys"], mine["values_match"], mine["detached"], strict=True):
            if not match:
                return [finding("tiny_state_value_wrong", {"config": label, "key": key})]
            if not detached:
                return [finding("tiny_state_not_detached", {"config": label, "key": key})]
    return None


def _tiny_load(ctx, student, expected):
    for label, mine, _ in _tiny_sections(student, expected, "load"):
        for key, copied, same in zip(mine["keys"], mine["values"], mine["same_objects"], strict=True):
            if not same:
                found = finding("tiny_load_rebinds", {"config": label, "key": key})
                return with_likely_cause(ctx, found, _same_section("load"))
            if not copied:
                return [finding("tiny_load_not_copied", {"config": label, "key": key})]
        if not mine["missing"]:
            return [finding("tiny_load_accepts_missing", {"config": label})]
        if not mine["unexpected"]:
            return [finding("tiny_load_accepts_unexpected", {"config": label})]
    return None


TINY_MODULE = function_exercise(
    chapter=CHAPTER,
    id="tiny_module",
    title="A module from scratch",
    names=("TinyModule",),
    driver="tiny_module",
    params={},
    checks=(
        Check("registers", _tiny_judge(_tiny_registers)),
        Check("deduplicates", _tiny_judge(_tiny_deduplicates)),
        Check("train_eval", _tiny_judge(_tiny_modes)),
        Check("state_dict", _tiny_judge(_tiny_state_dict)),
        Check("load_state_dict", _tiny_judge(_tiny_load)),
    ),
    mistakes=("reassign_moves", "no_dedup", "shallow_train", "state_dict_dedup", "load_rebinds"),
)

EXERCISES = (COUNT_PARAMETERS, FREEZE, FEATURE_EXTRACTOR, TINY_MODULE)
