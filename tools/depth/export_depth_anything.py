#!/usr/bin/env python3
"""Export a Depth-Anything-V2 checkpoint as TorchScript for `dolly-depth --backend model`.

Run it where the weights and the Depth-Anything-V2 repository are (it is not
run by the tests, and dolly never downloads models):

    git clone https://github.com/DepthAnything/Depth-Anything-V2
    python3 tools/depth/export_depth_anything.py \
        --repo Depth-Anything-V2 --checkpoint depth_anything_v2_vits.pth \
        --encoder vits --input-size 518 --out models/dav2_vits.pt

It writes model.pt (torch.jit.trace at a fixed input size, a multiple of 14)
and model.json beside it: {"kind": ..., "input_size": ..., "encoder": ...}.
The relative models output disparity-like values (kind relative-inverse); the
metric ones (--max-depth given) output metres (kind metric).

The traced module takes float [B, 3, H, W] (RGB / 255 normalised with the
ImageNet mean/std) and returns [B, H, W]. Tracing bakes the patch grid into
the graph, so model.json records the traced size (input_height,
input_width) and dolly-depth resizes every frame to exactly that size; trace
with --height/--width matching your footage's aspect (e.g. 518 x 392 for 4:3).
"""
import argparse
import json
import os
import sys

import torch

CONFIGS = {
    "vits": {"encoder": "vits", "features": 64, "out_channels": [48, 96, 192, 384]},
    "vitb": {"encoder": "vitb", "features": 128, "out_channels": [96, 192, 384, 768]},
    "vitl": {"encoder": "vitl", "features": 256, "out_channels": [256, 512, 1024, 1024]},
}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repo", required=True, help="Depth-Anything-V2 checkout")
    p.add_argument("--checkpoint", required=True, help=".pth weights")
    p.add_argument("--encoder", default="vits", choices=sorted(CONFIGS))
    p.add_argument("--input-size", type=int, default=518, help="long side, multiple of 14")
    p.add_argument("--height", type=int, help="traced height (default: input size)")
    p.add_argument("--width", type=int, help="traced width (default: input size)")
    p.add_argument("--max-depth", type=float,
                   help="metric checkpoints only (e.g. 20 indoor, 80 outdoor)")
    p.add_argument("--out", required=True, help="output .pt path")
    args = p.parse_args()

    if args.input_size % 14:
        sys.exit("--input-size must be a multiple of 14")
    h = args.height or args.input_size
    w = args.width or args.input_size
    if h % 14 or w % 14:
        sys.exit("--height/--width must be multiples of 14")

    sys.path.insert(0, os.path.abspath(args.repo))
    if args.max_depth is not None:
        sys.path.insert(0, os.path.join(os.path.abspath(args.repo), "metric_depth"))
        from depth_anything_v2.dpt import DepthAnythingV2  # noqa: E402
        model = DepthAnythingV2(**CONFIGS[args.encoder], max_depth=args.max_depth)
        kind = "metric"
    else:
        from depth_anything_v2.dpt import DepthAnythingV2  # noqa: E402
        model = DepthAnythingV2(**CONFIGS[args.encoder])
        kind = "relative-inverse"
    model.load_state_dict(torch.load(args.checkpoint, map_location="cpu"))
    model.eval()

    example = torch.randn(1, 3, h, w)
    with torch.no_grad():
        traced = torch.jit.trace(model, example, check_trace=False)
        out = traced(example)
    if out.dim() not in (3, 4):
        sys.exit("unexpected output shape %s" % (tuple(out.shape),))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    traced.save(args.out)
    meta = {"kind": kind, "input_size": max(h, w), "encoder": args.encoder,
            "input_height": h, "input_width": w}
    with open(os.path.splitext(args.out)[0] + ".json", "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print("wrote %s and %s" % (args.out, os.path.splitext(args.out)[0] + ".json"))


if __name__ == "__main__":
    main()
