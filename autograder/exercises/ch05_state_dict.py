"""Assignment 05_state_dict: partial loading, prefix stripping, checkpoints, adding an input to a trained model."""

import io

import torch

from autograder.checks import hints, structure
from autograder.checks.forward import output_problem
from autograder.checks.functions import single, with_likely_cause
from autograder.checks.tensors import difference
from autograder.exercises.function_exercise import function_exercise
from autograder.exercises.spec import Chapter, Check, stage
from autograder.findings import finding
from autograder.jailed.observe.common import ANSI, error_dict

CHAPTER = Chapter.of(__name__)

LOAD_CASES = [
    {
        "case": "load_matching.0",  # [cases] in the catalogues: what is loaded into what
        "target": "TinyNet",
        "target_args": [10],
        "source": "TinyNet",
        "source_args": [1000],
        "drop": ["features.1.running_var"],
        "extra": [["aux.weight", [4]]],
    },
    {
        "case": "load_matching.1",  # [cases] in the catalogues: what is loaded into what
        "target": "TinyNet",
        "target_args": [10],
        "source": "TinyNet",
        "source_args": [10],
        "prefix": "module.",
    },
    {
        "case": "load_matching.2",  # [cases] in the catalogues: what is loaded into what
        "target": "TinyNet",
        "target_args": [10],
        "source": "TinyNet",
        "source_args": [10],
    },
]


def _never_raises(ctx, student, expected):
    for case, s in zip(LOAD_CASES, student["cases"], strict=True):
        if s["error"]:
            result = [finding("load_error", {"case": case["case"]}, error=s["error"])]
            if "size mismatch" in s["error"]["message"]:
                result.append(finding("strict_false_still_checks_shapes"))
            return result
    return None


def _loads_matching(ctx, student, expected):
    for case, s, e in zip(LOAD_CASES, student["cases"], expected["cases"], strict=True):
        if s["error"]:
            return [finding("load_raised_see", {"case": case["case"]})]
        wrong = [k for k in e["state"] if k not in s["state"] or difference(s["state"][k], e["state"][k])]
        if wrong:
            loaded = set(e["returned"])
            missed = [k for k in wrong if k in loaded]
            changed = [k for k in wrong if k not in loaded]
            result = [finding("load_wrong", {"case": case["case"]})]
            if missed:
                result.append(finding("should_have_loaded", names=missed))
            if changed:
                result.append(finding("should_be_unchanged", names=changed))
            return result
    return None


def _returns_keys(ctx, student, expected):
    for case, s, e in zip(LOAD_CASES, student["cases"], expected["cases"], strict=True):
        if s["error"]:
            return [finding("load_raised_see", {"case": case["case"]})]
        if not isinstance(s["returned"], list):
            return [finding("load_returned_not_list", {"case": case["case"]}, found=s["returned"])]
        if sorted(s["returned"]) != sorted(e["returned"]):
            extra = sorted(set(s["returned"]) - set(e["returned"]))
            missing = sorted(set(e["returned"]) - set(s["returned"]))
            result = [finding("load_returned_wrong", {"case": case["case"]})]
            if missing:
                result.append(finding("loaded_not_returned", names=missing))
            if extra:
                result.append(finding("returned_not_loadable", names=extra))
            return result
    return None


def _leaves_input_alone(ctx, student, expected):
    for case, s in zip(LOAD_CASES, student["cases"], strict=True):
        if s["error"]:
            return [finding("load_raised_see", {"case": case["case"]})]
        if s["source_changed"]:
            return [finding("input_modified", {"case": case["case"]}, names=s["source_changed"])]
    return None


LOAD_MATCHING = function_exercise(
    chapter=CHAPTER,
    id="load_matching",
    title="Partial loading",
    names=("load_matching",),
    driver="load_matching",
    params={"cases": LOAD_CASES},
    checks=(
        Check("never_raises", single(_never_raises)),
        Check("loads_matching", single(_loads_matching)),
        Check("returns_keys", single(_returns_keys)),
        Check("leaves_input_alone", single(_leaves_input_alone)),
    ),
)


STRIP_CASES = [
    {"seed": 0},
    {"seed": 1, "plain_dict": True},
    {"seed": 2, "rename": "model.", "prefix": "model."},
]


def _call(case) -> str:
    prefix = f", {case['prefix']!r}" if "prefix" in case else ""
    return f"strip_prefix(state_dict{prefix})"


def _renamed(s: dict) -> tuple[dict, list]:
    """What a returned dict made of each input key, from where its values came (the input's values are
    distinct tensors): {input key: output key, None when its value is not returned}, and the returned keys
    whose value is no input value (or one already returned under another key)."""
    renamed = dict.fromkeys(s["input_keys"])
    extra = []
    for key, source in zip(s["keys"], s["sources"], strict=True):
        if source is None or renamed[s["input_keys"][source]] is not None:
            extra.append(key)
        else:
            renamed[s["input_keys"][source]] = key
    return renamed, extra


def _strips_start_only(ctx, student, expected):
    """Judges the keys as a mapping (input key -> output key), whatever their order (see _keeps_values)."""
    for case, s, e in zip(STRIP_CASES, student["cases"], expected["cases"], strict=True):
        subject = {"call": _call(case)}
        if "keys" not in s:
            return [finding("strip_not_dict", subject, found=s["type"])]
        renamed, extra = _renamed(s)
        want, _ = _renamed(e)
        # A value changed on the way (see keeps_values_and_order) still has a key: the one expected of an input
        # key whose value was not found is that input key's.
        for key in list(extra):
            unmatched = [k for k, out in renamed.items() if out is None and want[k] == key]
            if unmatched:
                renamed[unmatched[0]] = key
                extra.remove(key)
        if renamed == want and not extra:
            continue
        result = []
        if len(s["keys"]) != len(e["keys"]):
            result.append(
                finding("key_count_differs", subject, found=len(s["keys"]), expected=len(e["keys"]))
            )
        for key, out in renamed.items():
            if out is None:
                result.append(finding("key_dropped", {**subject, "key": key}, expected=want[key]))
            elif out != want[key]:
                stays = want[key] == key  # not prefixed: it should stay as it is
                result.append(
                    finding(
                        "key_should_stay" if stays else "key_renamed_wrong",
                        {**subject, "key": key},
                        expected=want[key],
                        found=out,
                    )
                )
        if extra:
            result.append(finding("names_unexpected", names=extra))
        return with_likely_cause(
            ctx, result, lambda a, b: [_renamed(c) for c in a["cases"]] == [_renamed(c) for c in b["cases"]]
        )
    return None


def _returns_ordered_dict(ctx, student, expected):
    for case, s in zip(STRIP_CASES, student["cases"], strict=True):
        if s["type"] != "OrderedDict":
            return [finding("not_ordered_dict", {"call": _call(case)}, found=s["type"])]
    return None


def _keeps_values(ctx, student, expected):
    """Every value kept as it is (whatever its key), then the input's order (see _strips_start_only)."""
    for case, s, e in zip(STRIP_CASES, student["cases"], expected["cases"], strict=True):
        if "keys" not in s:
            return [finding("strip_not_dict_see", {"call": _call(case)})]
        if None in s["sources"] or len(set(s["sources"])) != len(s["sources"]):
            return [finding("values_not_kept", {"call": _call(case)})]
        if len(s["sources"]) != len(e["sources"]):  # keys dropped or merged: strips_start_only says which
            return [finding("not_checked_see", see="strips_start_only")]
        if s["sources"] != e["sources"]:
            in_order = [key for _, key in sorted(zip(s["sources"], s["keys"], strict=True))]
            return [finding("keys_reordered", {"call": _call(case)}, expected=in_order, found=s["keys"])]
    return None


STRIP_PREFIX = function_exercise(
    chapter=CHAPTER,
    id="strip_prefix",
    title="Stripping a prefix",
    names=("strip_prefix",),
    driver="strip_prefix",
    params={"cases": STRIP_CASES},
    checks=(
        Check("strips_start_only", single(_strips_start_only)),
        Check("returns_ordered_dict", single(_returns_ordered_dict)),
        Check("keeps_values_and_order", single(_keeps_values)),
    ),
    mistakes=(
        "replace",
        "lstrip",
        "repeatedly",
        "replace_when_starts",
        "cut_every_key",
        "hard_coded_length",
        "hard_coded_length_checked",
    ),
)


def _file_loads(ctx):
    """The file save_checkpoint wrote, judged even where load_checkpoint then failed (the observer keeps it)."""
    student = ctx.student[0]
    if "file" not in student:
        return [finding("function_error", error=student["error"])]
    try:
        torch.load(io.BytesIO(student["file"]), weights_only=True)
    except Exception as exc:  # noqa: BLE001 (any failure to load is the student's to fix)
        if _model_object_saved(student["file"]):
            return [finding("model_object_saved")]
        said = (ANSI.sub("", str(exc)).strip().splitlines() or [""])[0][:300]
        return [finding("checkpoint_unreadable", error=error_dict(type(exc).__name__, said))]
    if "error" in student:  # the file loads: the student's own load_checkpoint failed
        return [finding("function_error", error=student["error"])]
    return None


def _model_object_saved(file: bytes) -> bool:
    """Whether the checkpoint pickles the model object itself (its class, ResumeNet, is among the globals the
    file names) rather than its state_dict; not `model.state_dict` uncalled (a bound method: `getattr` too).
    Reads the pickle's opcodes only: nothing in the file runs."""
    try:
        names = torch.serialization.get_unsafe_globals_in_checkpoint(io.BytesIO(file))
    except Exception:  # noqa: BLE001 (a truncated or foreign file: the generic finding says it)
        return False
    return any(n.rsplit(".", 1)[-1] == "ResumeNet" for n in names) and "builtins.getattr" not in names


def _returns_epoch(ctx, student, expected):
    if student["epoch"] != expected["epoch"]:
        result = [finding("epoch_wrong", found=student["epoch"], expected=expected["epoch"])]
        if isinstance(student["epoch"], str) and "tensor" in student["epoch"]:
            result.append(finding("epoch_is_tensor"))
        return result
    return None


def _resumes(ctx, student, expected):
    want = expected["uninterrupted"]
    for key in want:
        if key not in student["resumed"] or difference(student["resumed"][key], want[key]):

            def same(a, b):
                return all(difference(a["resumed"][k], b["resumed"][k]) is None for k in b["resumed"])

            return with_likely_cause(ctx, finding("resume_differs", {"key": key}), same)
    return None


CHECKPOINT = function_exercise(
    chapter=CHAPTER,
    id="checkpoint",
    title="Checkpoints",
    names=("save_checkpoint", "load_checkpoint"),
    driver="checkpoint",
    params={"epoch": 7},
    stage=stage("checkpoint"),
    checks=(
        Check("loads_with_weights_only", _file_loads),
        Check("returns_epoch", single(_returns_epoch)),
        Check("resumes_exactly", single(_resumes)),
    ),
    mistakes=("no_optimizer", "model_not_loaded"),
)

# LeNetWithMeta(lenet, meta_features, num_classes) around a trained LeNet (a fixture), tried on these batch sizes.
EXTRA_CASES = [
    {"meta_features": 4, "num_classes": 10, "batches": [2, 1]},
    {"meta_features": 2, "num_classes": 3, "batches": [3]},
]


def _label(case) -> str:
    return f"LeNetWithMeta(lenet, {case['meta_features']}, {case['num_classes']})"


def _cases(student, expected):
    """(label, student's case, expected case) for each case."""
    return [
        (_label(case), s, e)
        for case, s, e in zip(EXTRA_CASES, student["cases"], expected["cases"], strict=True)
    ]


def _same(field: str, key=None):
    """Whether two observations agree on `field` in every case (`key` maps it to what is compared)."""
    key = key or (lambda value: value)
    return lambda a, b: [key(c[field]) for c in a["cases"]] == [key(c[field]) for c in b["cases"]]


def _parameters(case) -> dict:
    return structure.shapes_by_name(case["structure"]["parameters"])


def _reuses_layers(ctx, student, expected):
    for label, s, e in _cases(student, expected):
        wrong = [name for name, how in s["reused"].items() if how != e["reused"][name]]
        if wrong:
            result = [
                finding(
                    "layer_not_reused" if s["reused"][name] == "other" else "layer_not_kept",
                    {"config": label, "layer": name},
                )
                for name in wrong
            ]
            return with_likely_cause(ctx, result, _same("reused"))
    return None


def _parameter_names(ctx, student, expected):
    for label, s, e in _cases(student, expected):
        found, want = _parameters(s), _parameters(e)
        if set(found) != set(want):
            hidden = s["structure"]["hidden"]
            result = structure.names_differ(label, "parameters", want, found, hidden)
            return with_likely_cause(
                ctx, result, _same("structure", lambda st: sorted(p[0] for p in st["parameters"]))
            )
    return None


def _parameter_shapes(ctx, student, expected):
    for label, s, e in _cases(student, expected):
        found, want = _parameters(s), _parameters(e)
        result = structure.shapes_differ(ctx, label, want, found, s["structure"], shown=None)
        if result:
            return with_likely_cause(
                ctx, result, _same("structure", lambda st: sorted(map(str, st["parameters"])))
            )
        missing = [name for name in want if name not in found]
        if missing:
            return [finding("parameter_not_found", {"config": label, "parameter": name}) for name in missing]
    return None


def _frozen(ctx, student, expected):
    for label, s, e in _cases(student, expected):
        flags = structure.frozen_differ(
            structure.requires_grad_by_name(e["structure"]), structure.requires_grad_by_name(s["structure"])
        )
        if flags:
            result = [finding("frozen_flags_wrong", {"config": label}), *flags]
            return with_likely_cause(
                ctx, result, _same("structure", lambda st: sorted(p[0] for p in st["parameters"] if p[3]))
            )
    return None


def _same_outputs(a, b) -> bool:
    return all(
        difference(x["tensor"], y["tensor"]) is None
        for ca, cb in zip(a["cases"], b["cases"], strict=True)
        for x, y in zip(ca["outputs"], cb["outputs"], strict=True)
    )


def _forward(ctx, student, expected):
    for case, (label, s, e) in zip(EXTRA_CASES, _cases(student, expected), strict=True):
        for n, found, want in zip(case["batches"], s["outputs"], e["outputs"], strict=True):
            problem = output_problem(found, want)
            if problem is not None:
                subject = {
                    "config": label,
                    "mode": "eval",
                    "input": [[n, 3, 32, 32], [n, case["meta_features"]]],
                }
                return with_likely_cause(
                    ctx, finding("forward_mismatch", subject, problem=problem), _same_outputs
                )
    return None


def _loads_lenet_state_dict(ctx, student, expected):
    for label, s, e in _cases(student, expected):
        found, want = s["load"], e["load"]
        if found["error"]:
            return [finding("lenet_load_error", {"config": label}, error=found["error"])]
        if sorted(found["missing"]) != sorted(want["missing"]) or sorted(found["unexpected"]) != sorted(
            want["unexpected"]
        ):
            result = finding(
                "lenet_load_report",
                {"config": label},
                missing=found["missing"],
                unexpected=found["unexpected"],
                expected_missing=want["missing"],
                expected_unexpected=want["unexpected"],
            )
            return with_likely_cause(
                ctx, result, _same("load", lambda r: (sorted(r["missing"]), sorted(r["unexpected"])))
            )
    return None


def _leaves_lenet_alone(ctx, student, expected):
    for label, s, _ in _cases(student, expected):
        if s["lenet_changed"]:
            return [finding("trained_model_changed", {"config": label}, names=s["lenet_changed"])]
    return None


EXTRA_INPUT = function_exercise(
    chapter=CHAPTER,
    id="extra_input",
    title="Adding an input",
    names=("LeNetWithMeta",),
    driver="extra_input",
    params={"cases": EXTRA_CASES},
    stage=stage("lenet_with_meta"),
    checks=(
        Check("reuses_layers", single(_reuses_layers)),
        Check("parameter_names", single(_parameter_names)),
        Check("parameter_shapes", single(_parameter_shapes)),
        Check("frozen", single(_frozen)),
        Check("forward", single(_forward)),
        Check("loads_lenet_state_dict", single(_loads_lenet_state_dict)),
        Check("leaves_lenet_alone", single(_leaves_lenet_alone)),
    ),
    mistakes=("copied", "not_frozen", "cat_order", "keeps_fc3", "head_without_meta"),
    hints=("head.weight",),
)

# port_weights(foreign) for a SmallNet(in_channels, num_classes) saved in a foreign layout (a fixture drawn from the
# seed), loaded with strict=True and run in eval mode on a batch of `batch` 8x8 images.
PORT_CASES = [
    {"in_channels": 1, "num_classes": 10, "batch": 4},
    {"in_channels": 3, "num_classes": 5, "batch": 1},
]
PORT_LAYERS = {"conv.weight": "Conv2d", "fc.weight": "Linear"}  # which layer's dimensions a shape hint names
PORT_COUNTER = "bn.num_batches_tracked"  # optional: the foreign file has none


def _port_cases(student, expected):
    """(label, case, student's case, expected case) for each case."""
    return [
        (f"SmallNet({case['in_channels']}, {case['num_classes']})", case, s, e)
        for case, s, e in zip(PORT_CASES, student["cases"], expected["cases"], strict=True)
    ]


def _port_keys(ctx, student, expected):
    for label, _, s, e in _port_cases(student, expected):
        if "shapes" not in s:
            return [finding("port_not_dict", {"config": label}, found=s["type"])]
        found, want = dict(s["shapes"]), dict(e["shapes"])
        if (
            PORT_COUNTER not in found
        ):  # BatchNorm fills in a missing counter when it loads a dict without metadata
            want.pop(PORT_COUNTER, None)
        if set(found) != set(want):
            return structure.names_differ(label, "state_dict", want, found, [])
    return None


def _port_shapes(ctx, student, expected):
    for label, _, s, e in _port_cases(student, expected):
        if "shapes" not in s:
            return [finding("not_checked_see", see="state_dict_keys")]
        found, want = dict(s["shapes"]), dict(e["shapes"])
        wrong = [key for key in want if key in found and found[key] != want[key]]
        if wrong:
            return [finding("port_shapes_differ", {"config": label}, count=len(wrong))] + [
                hints.shape_hint(key, want[key], found[key] or [], PORT_LAYERS.get(key)) for key in wrong
            ]
    return None


def _port_loads(ctx, student, expected):
    for label, _, s, _ in _port_cases(student, expected):
        if "shapes" not in s:
            return [finding("not_checked_see", see="state_dict_keys")]
        if s["load_error"]:
            return [finding("port_load_error", {"config": label}, error=s["load_error"])]
    return None


def _same_port_outputs(a, b) -> bool:
    return all(
        "outputs" in x and difference(x["outputs"][0]["tensor"], y["outputs"][0]["tensor"]) is None
        for x, y in zip(a["cases"], b["cases"], strict=True)
    )


def _port_outputs(ctx, student, expected):
    for label, case, s, e in _port_cases(student, expected):
        if "outputs" not in s:
            return [finding("not_checked_see", see="state_dict_keys")]
        problem = output_problem(s["outputs"][0], e["outputs"][0])
        if problem is not None:
            shape = [case["batch"], case["in_channels"], 8, 8]
            subject = {"config": label, "mode": "eval", "input": [shape]}
            return with_likely_cause(
                ctx, finding("forward_mismatch", subject, problem=problem), _same_port_outputs
            )
    return None


def _port_leaves_input_alone(ctx, student, expected):
    for label, _, s, _ in _port_cases(student, expected):
        if s.get("foreign_changed"):
            return [finding("foreign_modified", {"config": label}, names=s["foreign_changed"])]
    return None


PORT_WEIGHTS = function_exercise(
    chapter=CHAPTER,
    id="port_weights",
    title="Porting foreign weights",
    names=("port_weights",),
    driver="port",
    params={"cases": PORT_CASES},
    checks=(
        Check("state_dict_keys", single(_port_keys)),
        Check("shapes", single(_port_shapes)),
        Check("loads_strictly", single(_port_loads)),
        Check("outputs_match", single(_port_outputs)),
        Check("leaves_input_alone", single(_port_leaves_input_alone)),
    ),
    mistakes=("dense_reshaped", "conv_reshaped", "both_reshaped", "kernel_flipped", "gamma_beta_swapped"),
)

# weight_normalize(nn.Linear(in_features, out_features)), then forward on a batch of `batch` and backward.
NORM_CASES = [
    {"in_features": 5, "out_features": 3, "batch": 4},
    {"in_features": 2, "out_features": 6, "batch": 1},
]


def _norm_cases(student, expected):
    return [
        (f"nn.Linear({case['in_features']}, {case['out_features']})", s, e)
        for case, s, e in zip(NORM_CASES, student["cases"], expected["cases"], strict=True)
    ]


def _norm_returns_layer(ctx, student, expected):
    for label, s, _ in _norm_cases(student, expected):
        if not s["same_layer"]:
            return [finding("norm_not_same_layer", {"config": label})]
    return None


def _norm_keys(ctx, student, expected):
    for label, s, e in _norm_cases(student, expected):
        found, want = dict(s["state"]), dict(e["state"])
        if set(found) != set(want):
            return structure.names_differ(label, "state_dict", want, found, [])
        wrong = [key for key in want if found[key] != want[key]]
        if wrong:
            return [finding("port_shapes_differ", {"config": label}, count=len(wrong))] + [
                hints.shape_hint(key, want[key], found[key], None) for key in wrong
            ]
    return None


def _norm_keeps_weight(ctx, student, expected):
    for label, s, _ in _norm_cases(student, expected):
        problem = difference(s["weight"], s["before"])
        if problem is not None:
            found = finding("weight_changed_by_registration", {"config": label}, problem=problem)
            return with_likely_cause(
                ctx,
                found,
                lambda a, b: all(
                    difference(x["weight"], y["weight"]) is None
                    for x, y in zip(a["cases"], b["cases"], strict=True)
                ),
            )
    return None


def _same_norm(field: str):
    def same(a, b):
        for x, y in zip(a["cases"], b["cases"], strict=True):
            if field == "output" and output_problem(x["output"], y["output"]) is not None:
                return False
            if field == "grads" and any(
                x["grads"].get(name) is None or difference(x["grads"][name], value) is not None
                for name, value in y["grads"].items()
                if value is not None
            ):
                return False
        return True

    return same


def _norm_forward(ctx, student, expected):
    for label, s, e in _norm_cases(student, expected):
        problem = output_problem(s["output"], e["output"])
        if problem is not None:
            found = finding("norm_output_differs", {"config": label}, problem=problem)
            return with_likely_cause(ctx, found, _same_norm("output"))
    return None


def _norm_gradients(ctx, student, expected):
    for label, s, e in _norm_cases(student, expected):
        for name, want in e["grads"].items():
            found = s["grads"].get(name)
            if found is None:
                if name not in s["grads"]:
                    return [finding("not_checked_see", see="state_dict_keys")]
                subject = {"config": label, "parameter": name}
                if name in s.get("frozen", ()):  # requires_grad=False: no gradient, however it is used
                    return [finding("norm_parameter_frozen", subject)]
                return [finding("norm_no_gradient", subject)]
            problem = difference(found, want)
            if problem is not None:
                result = finding(
                    "norm_gradient_differs", {"config": label, "parameter": name}, problem=problem
                )
                return with_likely_cause(ctx, result, _same_norm("grads"))
    return None


WEIGHT_NORM = function_exercise(
    chapter=CHAPTER,
    id="weight_norm",
    title="Weight normalisation with parametrize",
    names=("weight_normalize",),
    driver="weight_norm",
    params={"cases": NORM_CASES},
    checks=(
        Check("returns_layer", single(_norm_returns_layer)),
        Check("state_dict_keys", single(_norm_keys)),
        Check("keeps_weight", single(_norm_keeps_weight)),
        Check("forward", single(_norm_forward)),
        Check("gradients", single(_norm_gradients)),
    ),
    mistakes=("norm_over_columns", "no_division", "detached_norm"),
)

EXERCISES = (LOAD_MATCHING, STRIP_PREFIX, CHECKPOINT, EXTRA_INPUT, PORT_WEIGHTS, WEIGHT_NORM)
