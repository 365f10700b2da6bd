"""Helpers shared by the bundle export scripts (export_pac.py, export_svd.py).

Everything here follows the bundle format of libs/diffusion/bundle.h and the
module contracts of libs/diffusion/generate.h. torch and diffusers are
imported by the functions that need them, so that the pure rules (slice
sizes, operator lists, bundle keys) are checked by export_test.py with
Debian's python3 alone.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# The keys ReadBundle accepts (libs/diffusion/bundle.cc rejects any other).
BUNDLE_KEYS = {"name", "prediction", "schedule", "defaults", "size", "latent", "modules",
               "conditions", "guidance_drop", "controls", "svd", "lora_map"}
CONDITION_KINDS = {"reference_image", "object_map", "camera_map", "trajectory_map", "depth",
                   "warp_preview"}
# "controls": the map kinds and the modes dolly-render draws them in.
CONTROL_MODES = {"object_map": {"pac", "spheres"}, "camera_map": {"pac", "intrinsics"},
                 "trajectory_map": {"dolly", "posetraj"}}

# Every operator LibTorch 1.13.1 registers ("ns::name.overload"), as
# //tools/sample/export:list_libtorch_ops prints it from the LibTorch dolly
# links; libtorch_ops_test keeps the file equal to that.
LIBTORCH_OPS_FILE = os.path.join(HERE, "libtorch_1_13_ops.txt")

# Node kinds LibTorch 1.13's interpreter runs itself (its code emitter
# handles them; they have no registered operator) or that exist only in the
# graph's structure.
INTERPRETER_KINDS = {
    "prim::Constant", "prim::Param", "prim::Return", "prim::Drop", "prim::If", "prim::Loop",
    "prim::CallFunction", "prim::CallMethod", "prim::GetAttr", "prim::SetAttr",
    "prim::ListConstruct", "prim::ListUnpack", "prim::TupleConstruct", "prim::DictConstruct",
    "prim::CreateObject", "prim::isinstance", "prim::TupleSlice", "prim::fork", "aten::wait",
    "prim::Enter", "prim::Exit", "aten::warn", "prim::Uninitialized", "prim::tolist",
    "prim::dtype", "prim::device", "prim::BailOut", "prim::TypeCheck", "prim::profile",
    "prim::profile_ivalue", "prim::RequiresGradCheck",
}


class ExportError(SystemExit):
    """A one-line error about the export's inputs or flags (exit status 1 with the message)."""


# ---------------------------------------------------------------- torch version
def warn_torch_version():
    """dolly links LibTorch 1.13: a module saved by another torch may not load."""
    import torch
    v = torch.__version__.split("+")[0]
    if not v.startswith("1.13."):
        print("WARNING: exporting with torch %s; dolly loads the modules with LibTorch 1.13.1. "
              "A TorchScript file written by torch 2.x may use operators or a file format "
              "LibTorch 1.13 does not know. Export with torch 1.13.1 (tools/sample/README.md, "
              "'Export environment'); the operator check below still compares the graph with "
              "LibTorch 1.13's list." % torch.__version__, file=sys.stderr)


# ---------------------------------------------------------------- attention
def check_slice_size(slice_size, rows, where):
    """diffusers' SlicedAttnProcessor runs range(rows // slice_size) slices
    and leaves the remaining rows of its zero-initialised output at zero:
    refuse a slice size that does not divide rows (= batch * heads)."""
    if slice_size <= 0:
        return
    if rows % slice_size != 0:
        divisors = [d for d in range(1, rows + 1) if rows % d == 0]
        raise ExportError(
            "--attention-slice %d does not divide the %d rows (batch x heads) of %s: "
            "SlicedAttnProcessor would leave %d rows at zero; use one of %s (0 = no slicing)"
            % (slice_size, rows, where, rows % slice_size, divisors))


def plan_attention(layers, sliced_parents, slice_size, batch):
    """Which attention layers get SlicedAttnProcessor(slice_size).

    layers: (name, parent class name, heads) of every attention layer.
    Only the self / reference attention `attn1` of a block whose class is in
    sliced_parents is sliced (their key length grows with the image, and,
    for reference attention, with the bank); every other layer (cross
    attention, temporal attention of motion modules, the VAE's) gets the
    plain AttnProcessor: slicing the temporal attention, whose rows are
    height x width x heads, would unroll thousands of slices per layer in the
    trace. batch: the batch the sliced layers see, per module name prefix
    ({prefix: batch}, the longest matching prefix wins) or one int.
    Returns {name: slice size, 0 = plain}; refuses a slice size that does not
    divide a sliced layer's rows."""
    plan = {}
    for name, parent, heads in layers:
        sliced = slice_size > 0 and name.split(".")[-1] == "attn1" and parent in sliced_parents
        if sliced:
            b = batch
            if isinstance(batch, dict):
                prefixes = sorted((p for p in batch if name.startswith(p)), key=len, reverse=True)
                if not prefixes:
                    raise ExportError("internal error: no batch known for %s" % name)
                b = batch[prefixes[0]]
            check_slice_size(slice_size, b * heads, name)
        plan[name] = slice_size if sliced else 0
    return plan


def attention_layers(model, prefix=""):
    """(name, parent class name, heads, module) of every diffusers Attention
    (anything with set_processor and to_q) in `model`."""
    parents = {}
    for name, m in model.named_modules():
        for child_name, child in m.named_children():
            parents[(name + "." + child_name) if name else child_name] = type(m).__name__
    out = []
    for name, m in model.named_modules():
        if hasattr(m, "set_processor") and hasattr(m, "to_q"):
            out.append((prefix + name, parents.get(name, ""), int(m.heads), m))
    return out


def set_attention(models, sliced_parents, slice_size, batch):
    """Sets every attention layer of `models` ({prefix: module}) to the plain
    AttnProcessor (baddbmm + softmax + bmm: no scaled_dot_product_attention,
    which LibTorch 1.13 lacks) or, where plan_attention says so, to a
    SlicedAttnProcessor that re-checks its rows when it runs. Returns the
    plan."""
    from diffusers.models.attention_processor import AttnProcessor, SlicedAttnProcessor

    class CheckedSlicedAttnProcessor(SlicedAttnProcessor):
        def __init__(self, slice_size, where):
            super().__init__(slice_size)
            self.where = where

        def __call__(self, attn, hidden_states, *args, **kwargs):
            check_slice_size(self.slice_size, hidden_states.shape[0] * attn.heads, self.where)
            return super().__call__(attn, hidden_states, *args, **kwargs)

    layers = []
    for prefix, model in models.items():
        layers += attention_layers(model, prefix + "." if prefix else "")
    plan = plan_attention([(n, p, h) for n, p, h, _ in layers], sliced_parents, slice_size, batch)
    for name, _, _, module in layers:
        s = plan[name]
        module.set_processor(CheckedSlicedAttnProcessor(s, name) if s else AttnProcessor())
    n_sliced = sum(1 for s in plan.values() if s)
    print("attention: %d layers sliced (SlicedAttnProcessor(%d)), %d plain (AttnProcessor)"
          % (n_sliced, slice_size, len(plan) - n_sliced))
    return plan


# ---------------------------------------------------------------- operators
def load_libtorch_ops(path=LIBTORCH_OPS_FILE):
    """(qualified "ns::name.overload" set, bare "ns::name" set) of LibTorch 1.13."""
    with open(path) as f:
        qualified = {line.strip() for line in f if line.strip()}
    names = set()
    for q in qualified:  # the overload follows the first "." after "::"
        ns, rest = q.split("::", 1)
        names.add(ns + "::" + rest.split(".", 1)[0])
    return qualified, names


def unknown_ops(nodes, known_names, known_qualified=None):
    """nodes: (kind, schema name or None) of every node of a graph.
    Returns (missing kinds, overloads LibTorch 1.13 lacks): a kind neither
    registered as an operator nor run by the interpreter itself cannot load;
    a known name whose traced overload LibTorch 1.13 lacks (torch 2.x added
    overloads) is reported second (the saved code is recompiled at load
    time, so it may still resolve to another overload)."""
    missing, overloads = set(), set()
    for kind, schema in nodes:
        if kind in INTERPRETER_KINDS:
            continue
        if kind not in known_names:
            missing.add(kind)
        elif known_qualified is not None and schema and schema not in known_qualified:
            overloads.add(schema)
    return sorted(missing), sorted(overloads)


def graph_nodes(graph):
    """(kind, "ns::name.overload" or None) of every node of a TorchScript
    graph, blocks (if / loop bodies) included."""
    out = []
    pending = list(graph.nodes())
    while pending:
        n = pending.pop()
        for block in n.blocks():
            pending.extend(block.nodes())
        schema = None
        try:
            text = n.schema()
            if text and text != "(no schema)":
                schema = text.split("(", 1)[0]
        except RuntimeError:
            pass
        out.append((n.kind(), schema))
    return out


def module_nodes(module):
    """Nodes of a loaded module's forward with every call inlined; failing
    that, of the forward of every submodule."""
    try:
        return graph_nodes(module.inlined_graph)
    except (AttributeError, RuntimeError):
        pass
    nodes = []
    for sub in module.modules():
        try:
            nodes += graph_nodes(sub.graph)
        except (AttributeError, RuntimeError):
            continue
    return nodes


def check_ops(module, path):
    """Exits naming the operators of `module`'s graph that LibTorch 1.13 does
    not register (typically aten::scaled_dot_product_attention of an
    attention processor that was not replaced)."""
    qualified, names = load_libtorch_ops()
    nodes = module_nodes(module)
    missing, overloads = unknown_ops(nodes, names, qualified)
    if missing:
        raise ExportError("%s: the graph uses %s, which LibTorch 1.13 does not have"
                          % (path, ", ".join(missing)))
    if overloads:
        print("NOTE: %s: overloads LibTorch 1.13 lacks (resolved again when it loads the "
              "code; check with dolly-sample --check-bundle): %s"
              % (os.path.basename(path), ", ".join(overloads)), file=sys.stderr)
    print("  %-28s %d nodes, every operator known to LibTorch 1.13"
          % (os.path.basename(path), len(nodes)))


# ---------------------------------------------------------------- checks
def shape(t):
    import torch
    return list(t.shape) if torch.is_tensor(t) else type(t).__name__


def compare(name, got, want, rtol):
    """Fails unless max |got - want| <= rtol * max(1, max |want|)."""
    import torch
    if tuple(got.shape) != tuple(want.shape):
        raise ExportError("%s: shape %s after reload, %s eager" % (name, shape(got), shape(want)))
    if not torch.isfinite(got).all():
        raise ExportError("%s: the reloaded module outputs NaN or Inf" % name)
    err = (got.float() - want.float()).abs().max().item()
    scale = max(1.0, want.float().abs().max().item())
    print("  %-28s output %s  max |traced - eager| = %.3g (limit %.3g)"
          % (name, shape(got), err, rtol * scale))
    if err > rtol * scale:
        raise ExportError("%s: the reloaded module differs from the eager one by %g" % (name, err))


def save_checked(module, path, inputs, eager, rtol, device, expect_shape=None):
    """Saves `module`, reloads it with torch.jit.load, checks its graph against
    LibTorch 1.13's operators, runs it once on `inputs` and compares with
    `eager` (a callable on the same inputs, or a precomputed tensor).
    Returns the reloaded module's output."""
    import torch
    module.save(path)
    loaded = torch.jit.load(path, map_location=device)
    loaded.eval()
    check_ops(loaded, path)
    with torch.no_grad():
        got = loaded(*inputs)
        want = eager(*inputs) if callable(eager) else eager
    if expect_shape is not None and list(got.shape) != list(expect_shape):
        raise ExportError("%s: output %s, the bundle expects %s"
                          % (path, shape(got), list(expect_shape)))
    print("%s (%.1f MB): inputs %s" % (os.path.basename(path), os.path.getsize(path) / 1e6,
                                       ", ".join(str(shape(i)) for i in inputs)))
    compare(os.path.basename(path), got, want, rtol)
    return got


def param_bytes(*models):
    seen, total = set(), 0
    for m in models:
        for p in list(m.parameters()) + list(m.buffers()):
            key = p.data_ptr()
            if key not in seen:
                seen.add(key)
                total += p.numel() * p.element_size()
    return total


# ---------------------------------------------------------------- bundle.json
def check_bundle(bundle):
    """The rules of libs/diffusion/bundle.h that an export can break; raises
    ExportError naming the first one broken."""
    unknown = set(bundle) - BUNDLE_KEYS
    if unknown:
        raise ExportError("internal error: bundle keys %s are not accepted by dolly"
                          % sorted(unknown))
    conditions = bundle.get("conditions", {})
    for name, kind in conditions.items():
        if kind not in CONDITION_KINDS:
            raise ExportError("internal error: condition %s has kind %s" % (name, kind))
    for name in bundle["modules"].get("encoders", {}):
        if name not in conditions:
            raise ExportError("internal error: encoder %s has no condition" % name)
    for key in ("uncond", "image_only"):
        for name in bundle.get("guidance_drop", {}).get(key, []):
            if name not in conditions:
                raise ExportError("guidance_drop.%s: %s is not a condition" % (key, name))
    controls = bundle.get("controls")
    if controls is not None:
        used = {k for k in conditions.values() if k in CONTROL_MODES}
        if set(controls) != used:
            raise ExportError("internal error: controls %s must name exactly the map kinds "
                              "of the conditions %s" % (sorted(controls), sorted(used)))
        for kind, mode in controls.items():
            if mode not in CONTROL_MODES[kind]:
                raise ExportError("internal error: controls.%s %s is not one of %s"
                                  % (kind, mode, sorted(CONTROL_MODES[kind])))
        if controls.get("trajectory_map") == "posetraj":
            dropped = set(sum(bundle.get("guidance_drop", {}).values(), []))
            for name, kind in conditions.items():
                if kind == "trajectory_map" and name in dropped:
                    raise ExportError("internal error: posetraj maps are the same in both "
                                      "guidance branches; %s must not be dropped" % name)


def write_bundle(out_dir, bundle, info):
    """Writes bundle.json (checked against the rules dolly applies) and
    export_info.json (what was exported, from what; dolly does not read it)."""
    import torch
    check_bundle(bundle)
    files = [bundle["modules"]["denoiser"], bundle["modules"].get("vae_encoder"),
             bundle["modules"].get("vae_decoder")] + list(bundle["modules"].get("encoders", {}).values())
    for f in files:
        if f and not os.path.isfile(os.path.join(out_dir, f)):
            raise ExportError("internal error: %s was not written" % f)
    with open(os.path.join(out_dir, "bundle.json"), "w") as f:
        json.dump(bundle, f, indent=2)
        f.write("\n")
    info = dict(info, torch=torch.__version__)
    with open(os.path.join(out_dir, "export_info.json"), "w") as f:
        json.dump(info, f, indent=2, default=str)
        f.write("\n")
    print("wrote %s and %s" % (os.path.join(out_dir, "bundle.json"),
                               os.path.join(out_dir, "export_info.json")))


# ---------------------------------------------------------------- flags
def add_check_args(parser):
    """The flags of the after-export checks, the same in every script."""
    parser.add_argument("--rtol", type=float, default=2e-3,
                        help="allowed max |traced - eager| / max(1, max |eager|)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the dummy check inputs")


def prepare_output(args):
    """Warns about the torch version, creates --out and picks the device with
    TF32 off, so the eager and the traced runs use the same kernels.
    Returns (absolute output directory, torch.device)."""
    import torch
    warn_torch_version()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    return out, device
