"""Helpers shared by the bundle export scripts (export_pac.py, export_svd.py).

Not run by the tests (torch is not a dependency of dolly). Everything here
follows the bundle format of libs/diffusion/bundle.h and the module
contracts of libs/diffusion/generate.h.
"""
import json
import os
import sys

import torch

# The keys ReadBundle accepts (libs/diffusion/bundle.cc rejects any other).
BUNDLE_KEYS = {"name", "prediction", "schedule", "defaults", "size", "latent", "modules",
               "conditions", "guidance_drop", "lora_map"}
CONDITION_KINDS = {"reference_image", "object_map", "camera_map", "trajectory_map", "depth",
                   "warp_preview"}

# Ops that a torch 2.x trace can record but LibTorch 1.13 does not know.
# Attention is the usual culprit (diffusers' AttnProcessor2_0 calls
# F.scaled_dot_product_attention); use_classic_attention() avoids it.
FORBIDDEN_OPS = ("aten::scaled_dot_product_attention", "aten::_scaled_dot_product",
                 "aten::_flash_attention", "aten::_efficient_attention")


def warn_torch_version():
    """dolly links LibTorch 1.13: a module saved by another torch may not load."""
    v = torch.__version__.split("+")[0]
    if not v.startswith("1.13."):
        print("WARNING: exporting with torch %s; dolly loads the modules with LibTorch 1.13. "
              "A TorchScript file written by torch 2.x may use operators or a file format "
              "LibTorch 1.13 does not know. Export with torch 1.13.1 where the upstream code "
              "allows it, and always try the bundle with dolly-sample." % torch.__version__,
              file=sys.stderr)


def use_classic_attention(model, slice_size=0):
    """Sets every diffusers Attention of `model` to the classic processor
    (AttnProcessor: baddbmm + softmax + bmm, no scaled_dot_product_attention),
    or SlicedAttnProcessor(slice_size) when slice_size > 0 (the same maths in
    slices of the batch*heads dimension: less memory, a longer graph).
    Returns how many attention layers were set."""
    from diffusers.models.attention_processor import AttnProcessor, SlicedAttnProcessor
    n = 0
    for m in model.modules():
        if hasattr(m, "set_processor") and hasattr(m, "to_q"):
            m.set_processor(SlicedAttnProcessor(slice_size) if slice_size > 0 else AttnProcessor())
            n += 1
    return n


def graph_ops(module):
    """The text of a (loaded) TorchScript module's forward with every call
    inlined; failing that, of each submodule's graph."""
    try:
        return str(module.inlined_graph)
    except (AttributeError, RuntimeError):
        pass
    texts = []
    for sub in module.modules():
        try:
            texts.append(str(sub.graph))
        except (AttributeError, RuntimeError):
            continue
    return "\n".join(texts)


def check_ops(module, path):
    text = graph_ops(module)
    bad = [op for op in FORBIDDEN_OPS if op in text]
    if bad:
        sys.exit("%s: the graph uses %s, which LibTorch 1.13 does not have (an attention "
                 "processor was not replaced?)" % (path, ", ".join(bad)))


def shape(t):
    return list(t.shape) if torch.is_tensor(t) else type(t).__name__


def compare(name, got, want, rtol):
    """Fails unless max |got - want| <= rtol * max(1, max |want|)."""
    if tuple(got.shape) != tuple(want.shape):
        sys.exit("%s: shape %s after reload, %s eager" % (name, shape(got), shape(want)))
    if not torch.isfinite(got).all():
        sys.exit("%s: the reloaded module outputs NaN or Inf" % name)
    err = (got.float() - want.float()).abs().max().item()
    scale = max(1.0, want.float().abs().max().item())
    print("  %-28s output %s  max |traced - eager| = %.3g (limit %.3g)"
          % (name, shape(got), err, rtol * scale))
    if err > rtol * scale:
        sys.exit("%s: the reloaded module differs from the eager one by %g" % (name, err))


def save_checked(module, path, inputs, eager, rtol, device, expect_shape=None):
    """Saves `module`, reloads it with torch.jit.load, checks its graph for
    operators LibTorch 1.13 lacks, runs it once on `inputs` and compares with
    `eager` (a callable on the same inputs, or a precomputed tensor).
    Returns the reloaded module's output."""
    module.save(path)
    loaded = torch.jit.load(path, map_location=device)
    loaded.eval()
    check_ops(loaded, path)
    with torch.no_grad():
        got = loaded(*inputs)
        want = eager(*inputs) if callable(eager) else eager
    if expect_shape is not None and list(got.shape) != list(expect_shape):
        sys.exit("%s: output %s, the bundle expects %s" % (path, shape(got), list(expect_shape)))
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


def write_bundle(out_dir, bundle, info):
    """Writes bundle.json (checked against the keys dolly accepts) and
    export_info.json (what was exported, from what; dolly does not read it)."""
    unknown = set(bundle) - BUNDLE_KEYS
    if unknown:
        sys.exit("internal error: bundle keys %s are not accepted by dolly" % sorted(unknown))
    for name, kind in bundle.get("conditions", {}).items():
        if kind not in CONDITION_KINDS:
            sys.exit("internal error: condition %s has kind %s" % (name, kind))
    for name in bundle["modules"].get("encoders", {}):
        if name not in bundle.get("conditions", {}):
            sys.exit("internal error: encoder %s has no condition" % name)
    for key in ("uncond", "image_only"):
        for name in bundle.get("guidance_drop", {}).get(key, []):
            if name not in bundle.get("conditions", {}):
                sys.exit("guidance_drop.%s: %s is not a condition" % (key, name))
    files = [bundle["modules"]["denoiser"], bundle["modules"].get("vae_encoder"),
             bundle["modules"].get("vae_decoder")] + list(bundle["modules"].get("encoders", {}).values())
    for f in files:
        if f and not os.path.isfile(os.path.join(out_dir, f)):
            sys.exit("internal error: %s was not written" % f)
    with open(os.path.join(out_dir, "bundle.json"), "w") as f:
        json.dump(bundle, f, indent=2)
        f.write("\n")
    info = dict(info, torch=torch.__version__)
    with open(os.path.join(out_dir, "export_info.json"), "w") as f:
        json.dump(info, f, indent=2, default=str)
        f.write("\n")
    print("wrote %s and %s" % (os.path.join(out_dir, "bundle.json"),
                               os.path.join(out_dir, "export_info.json")))


def add_check_args(parser):
    """The flags of the after-export checks, the same in every script."""
    parser.add_argument("--rtol", type=float, default=2e-3,
                        help="allowed max |traced - eager| / max(1, max |eager|)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the dummy check inputs")


def prepare_output(args):
    """Warns about the torch version, creates --out and picks the device with
    TF32 off, so the eager and the traced runs use the same kernels.
    Returns (absolute output directory, torch.device)."""
    warn_torch_version()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    return out, device
