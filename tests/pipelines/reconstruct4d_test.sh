#!/usr/bin/env bash
# Runs pipelines/reconstruct4d.cwl end to end with cwltool (no containers) on
# a dolly-synth rig_hinge scene rendered here (4 views, 128x128, 6 frames; its
# asset.obj is the static asset) and checks the conditioning views and every
# reconstruction output: the .glb and .pc2 headers, 6 OBJ frames, report.json
# with one stats entry per frame, the preview videos.
#   reconstruct4d_test.sh SYNTH RENDER RECON4D WORKFLOW
set -euo pipefail

synth=$(realpath "$1")
render=$(realpath "$2")
recon4d=$(realpath "$3")
workflow=$4

work=${TEST_TMPDIR:-$(mktemp -d)}/reconstruct4d
rm -rf "$work"
mkdir -p "$work/bin" "$work/tmp"
for tool in synth render recon4d; do
  ln -sf "${!tool}" "$work/bin/dolly-$tool"
done
export PATH="$work/bin:$PATH" TMPDIR="$work/tmp" HOME="$work"

fail() { echo "FAIL: $*"; exit 1; }
frames=6
dolly-synth --scene rig_hinge --width 128 --height 128 --frames $frames --no-mp4 --quiet \
  -o "$work/scene"
[[ -s $work/scene/asset.obj ]] || fail "dolly-synth wrote no asset.obj"

start=$SECONDS
cwltool --quiet --no-container --outdir "$work/out" --tmpdir-prefix "$work/tmp/" "$workflow" \
  --asset "$work/scene/asset.obj" --views_root "$work/scene" --size 128 \
  --nodes 48 --iterations 8 --track_spacing 6 >"$work/outputs.json" 2>"$work/cwltool.log" ||
  { tail -40 "$work/cwltool.log"; fail "cwltool failed"; }
echo "workflow ran in $((SECONDS - start)) s"

python3 - "$work/outputs.json" "$frames" <<'PY'
import json, os, struct, sys, urllib.parse

outputs = json.load(open(sys.argv[1]))
frames = int(sys.argv[2])

def path(name):
    out = outputs.get(name)
    if out is None:
        sys.exit(f"FAIL: output {name} missing")
    return out.get("path") or urllib.parse.unquote(urllib.parse.urlparse(out["location"]).path)

for name in ["conditioning_preview", "mesh", "glb", "pc2", "compare_mp4", "new_view_mp4", "report"]:
    p = path(name)
    if not os.path.isfile(p) or os.path.getsize(p) == 0:
        sys.exit(f"FAIL: output {name} missing or empty ({p})")
print("ok: every file output present and non-empty")

views = path("conditioning_views")
for k in range(4):
    for f in ["rgb.png", "mask.png", "depth_mm.png"]:
        if not os.path.isfile(f"{views}/view_{k:02d}/{f}"):
            sys.exit(f"FAIL: conditioning view_{k:02d}/{f} missing")
if not os.path.isfile(f"{views}/cameras.json"):
    sys.exit("FAIL: conditioning cameras.json missing")
print("ok: 4 conditioning views with rgb, mask, depth and cameras.json")

glb = open(path("glb"), "rb").read()
magic, version, length = struct.unpack_from("<4sII", glb)
if magic != b"glTF" or version != 2 or length != len(glb):
    sys.exit(f"FAIL: animation.glb header {magic!r} {version} {length} ({len(glb)} bytes)")
chunk_len, chunk_type = struct.unpack_from("<II", glb, 12)
gltf = json.loads(glb[20:20 + chunk_len])
targets = gltf["meshes"][0]["primitives"][0].get("targets", [])
if len(targets) != frames or len(gltf.get("animations", [])) != 1:
    sys.exit(f"FAIL: animation.glb has {len(targets)} morph targets, expected {frames}")
print(f"ok: animation.glb is glTF 2 with {frames} morph targets and an animation")

pc2 = open(path("pc2"), "rb").read()
magic, version, points, start, rate, samples = struct.unpack_from("<12siiffi", pc2)
if magic != b"POINTCACHE2\0" or samples != frames or len(pc2) != 32 + 12 * points * samples:
    sys.exit(f"FAIL: animation.pc2 header {magic!r} points {points} samples {samples}")
print(f"ok: animation.pc2 has {samples} samples of {points} points")

recon = path("reconstruction")
objs = sorted(f for f in os.listdir(f"{recon}/obj") if f.endswith(".obj"))
if len(objs) != frames:
    sys.exit(f"FAIL: obj/ has {len(objs)} frames, expected {frames}")
pngs = [f for f in os.listdir(f"{recon}/previews/compare") if f.endswith(".png")]
if len(pngs) != frames:
    sys.exit(f"FAIL: previews/compare has {len(pngs)} PNGs, expected {frames}")
print(f"ok: {frames} OBJ frames and {frames} preview PNGs")

report = json.load(open(path("report")))
stats = report["frame_stats"]
if len(stats) != frames or report["frames"] != frames or report["nodes"] <= 0:
    sys.exit(f"FAIL: report.json has {len(stats)} frame stats, {report['nodes']} nodes")
for s in stats[1:]:
    if s["track_observations"] <= 0 or s["silhouette_iou"] is None:
        sys.exit(f"FAIL: report.json frame {s['frame']}: {s}")
print(f"ok: report.json has {frames} frame stats, {report['nodes']} nodes, "
      f"{report['tracks']} tracks")
PY
echo "PASS"
