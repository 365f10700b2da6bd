#!/usr/bin/env bash
# Runs pipelines/animate.cwl end to end on testdata/animate (job file
# pipelines/animate.job.yml) with cwltool or with Toil's CWL runner on the
# local machine, and checks what a user would look at: the MP4 previews, the
# ControlSignals (16 frames, one per intention frame) and that frame 0 of the
# warp preview is the reference image (frame 0's camera is the reference
# camera and nothing has moved yet), and the generated video of the last step
# (dolly-sample, backend preview): 16 frames, each equal to the warp preview's.
# With MAKE_DEPTH_MODEL, also runs the
# workflow's model branch (depth_model instead of depth_png) with a tiny
# TorchScript network that tool writes, and checks that its depth was used;
# with MAKE_TINY_BUNDLE too, that run samples the video with dolly-sample's
# model backend on a tiny bundle (384x256, 16 frames) that tool writes, and
# dolly-render renders the controls that bundle declares, at its size.
#   animate_test.sh cwltool|toil DEPTH MOTION RENDER INSPECT PNG_COMPARE SAMPLE WORKFLOW JOB \
#     REFERENCE [MAKE_DEPTH_MODEL [MAKE_TINY_BUNDLE]]
set -euo pipefail

runner=$1
depth=$(realpath "$2")
motion=$(realpath "$3")
render=$(realpath "$4")
inspect=$(realpath "$5")
png_compare=$(realpath "$6")
sample=$(realpath "$7")
workflow=$8
job=$9
reference=${10}
make_depth_model=${11:-}
make_tiny_bundle=${12:-}

work=${TEST_TMPDIR:-$(mktemp -d)}/animate_$runner
rm -rf "$work"
mkdir -p "$work/bin" "$work/out" "$work/tmp" "$work/toil_work"
for tool in depth motion render inspect sample; do ln -sf "${!tool}" "$work/bin/dolly-$tool"; done
export PATH="$work/bin:$PATH" TMPDIR="$work/tmp" HOME="$work"
# Toil keeps per-user state under XDG_RUNTIME_DIR when it is set; keep it here.
unset XDG_RUNTIME_DIR

fail() { echo "FAIL: $*"; exit 1; }
start=$SECONDS
case $runner in
  cwltool)
    cwltool --quiet --no-container --outdir "$work/out" --tmpdir-prefix "$work/tmp/" \
      "$workflow" "$job" >"$work/outputs.json" 2>"$work/runner.log" ||
      { cat "$work/runner.log"; fail "cwltool failed"; }
    ;;
  toil)
    # single_machine: jobs run as local processes; a file job store and no
    # caching, no containers, nothing fetched from the network.
    toil-cwl-runner --batchSystem single_machine --jobStore "file:$work/jobstore" \
      --workDir "$work/toil_work" --outdir "$work/out" --tmpdir-prefix "$work/tmp/" \
      --no-container --disableCaching --maxCores 2 --logLevel WARNING \
      "$workflow" "$job" >"$work/outputs.json" 2>"$work/runner.log" ||
      { cat "$work/runner.log"; fail "toil-cwl-runner failed"; }
    ;;
  *) fail "unknown runner $runner" ;;
esac
echo "$runner: workflow ran in $((SECONDS - start)) s"

# Path of a File output, from the runner's output object.
output_path() {
  python3 - "$work/outputs.json" "$1" <<'PY'
import json, sys, urllib.parse
out = json.load(open(sys.argv[1]))[sys.argv[2]]
if out is None:
    sys.exit(0)
print(out.get("path") or urllib.parse.unquote(urllib.parse.urlparse(out["location"]).path))
PY
}

checks=0
for name in warp_preview object_map_mp4 camera_map_mp4 trajectory_map_mp4 motion controls depth \
            video video_mp4; do
  checks=$((checks + 1))
  path=$(output_path "$name")
  [[ -n $path && -s $path ]] || fail "output $name missing or empty (${path:-null})"
  echo "ok $name: $path ($(stat -c %s "$path") bytes)"
done
checks=$((checks + 1))
[[ $(output_path warp_preview) == *.mp4 ]] || fail "warp_preview is not an MP4"

# Four summaries (depth, motion, render, sample), each one JSON object.
checks=$((checks + 1))
python3 - "$work/outputs.json" <<'PY' || fail "summaries"
import json, sys, urllib.parse
files = json.load(open(sys.argv[1]))["summaries"]
assert len(files) == 4, f"{len(files)} summaries, expected 4"
for f in files:
    path = f.get("path") or urllib.parse.unquote(urllib.parse.urlparse(f["location"]).path)
    tool = json.load(open(path))["tool"]
    print("ok summary of", tool)
PY

# 16 frames of motion and of control signals (animate.json asks for 16).
frames_of() {
  "$inspect" --json "$1" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["info"]["frame_count"], len(d["frames"]))'
}
for name in motion controls video; do
  checks=$((checks + 1))
  counts=$(frames_of "$(output_path "$name")")
  [[ $counts == "16 16" ]] || fail "$name: frame_count and frames are '$counts', expected 16 16"
  echo "ok $name has 16 frames"
done

# Frame 0 of the warp preview reproduces the reference image (measured: every
# pixel equal; up to a mean absolute difference of 0.5 grey levels passes).
checks=$((checks + 1))
previews=$(python3 - "$work/outputs.json" <<'PY'
import json, sys, urllib.parse
d = json.load(open(sys.argv[1]))["previews"]
print(d.get("path") or urllib.parse.unquote(urllib.parse.urlparse(d["location"]).path))
PY
)
frame0=$previews/warp_preview/000000.png
[[ -s $frame0 ]] || fail "no $frame0"
"$png_compare" "$reference" "$frame0" 0.5 || fail "warp preview frame 0 differs from the reference image"

# The sampled video (backend preview) is the warp preview, frame for frame,
# pixel for pixel.
checks=$((checks + 1))
video_frames=$(python3 - "$work/outputs.json" <<'PY'
import json, sys, urllib.parse
d = json.load(open(sys.argv[1]))["video_frames"]
print(d.get("path") or urllib.parse.unquote(urllib.parse.urlparse(d["location"]).path))
PY
)
compared=0
for t in $(seq -f %06g 0 15); do
  [[ -s $video_frames/$t.png ]] || fail "no sampled frame $video_frames/$t.png"
  "$png_compare" "$previews/warp_preview/$t.png" "$video_frames/$t.png" 0 >/dev/null ||
    fail "sampled frame $t differs from the warp preview"
  compared=$((compared + 1))
done
[[ ! -e $video_frames/000016.png ]] || fail "more than 16 sampled frames"
python3 - "$work/outputs.json" <<'PY' || fail "sample summary"
import json, sys, urllib.parse
files = json.load(open(sys.argv[1]))["summaries"]
for f in files:
    s = json.load(open(f.get("path") or urllib.parse.unquote(urllib.parse.urlparse(f["location"]).path)))
    if s["tool"] == "dolly-sample":
        assert s["backend"] == "preview" and s["frames"] == 16, s
        break
else:
    raise SystemExit("no dolly-sample summary")
PY
echo "ok the sampled video's $compared frames equal the warp preview's"

if [[ -n $make_depth_model ]]; then
  # The model branch: the same intentions on depth from a network (relative
  # inverse depth 0.2 + 0.01 * red, see make_depth_model.cc).
  "$make_depth_model" "$work/tiny_depth.pt"
  sample_args=()
  if [[ -n $make_tiny_bundle ]]; then
    mkdir -p "$work/tiny_bundle"
    "$make_tiny_bundle" "$work/tiny_bundle" 384 256 16
    sample_args=(--backend model --bundle "$work/tiny_bundle" --seed 3)
  fi
  start=$SECONDS
  cwltool --quiet --no-container --outdir "$work/out_model" --tmpdir-prefix "$work/tmp/" \
    "$workflow" --image "$reference" --depth_model "$work/tiny_depth.pt" --fx 274.497 \
    --masks "$(dirname "$reference")/labels.png" --intentions "$(dirname "$reference")/animate.json" \
    "${sample_args[@]}" >"$work/outputs_model.json" 2>"$work/runner_model.log" ||
    { cat "$work/runner_model.log"; fail "cwltool (depth_model) failed"; }
  echo "model branch: workflow ran in $((SECONDS - start)) s"
  checks=$((checks + 1))
  python3 - "$work/out_model/depth.dolly.summary.json" <<'PY' || fail "model branch depth"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["backend"] == "model" and s["kind"] == "relative-inverse", s
print("ok model branch: depth from the network,", s["kind"])
PY
  checks=$((checks + 1))
  counts=$(frames_of "$work/out_model/controls.dolly")
  [[ $counts == "16 16" ]] || fail "model branch controls: '$counts', expected 16 16"
  [[ -s $work/out_model/previews/warp_preview.mp4 ]] || fail "model branch: no warp preview"
  echo "ok model branch: 16 control frames and a warp preview"
  if [[ -n $make_tiny_bundle ]]; then
    checks=$((checks + 1))
    counts=$(frames_of "$work/out_model/video.dolly")
    [[ $counts == "16 16" ]] || fail "model backend video: '$counts', expected 16 16"
    [[ -s $work/out_model/video.mp4 ]] || fail "model backend: no video.mp4"
    python3 - "$work/out_model/sample.summary.json" <<'PY' || fail "model backend summary"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["backend"] == "model" and s["seed"] == 3 and s["frames"] == 16, s
assert (s["width"], s["height"]) == (384, 256), s
PY
    echo "ok model branch: dolly-sample's model backend made 16 frames (tiny bundle)"
    # dolly-render got the bundle too: the controls are at the bundle's size,
    # in the modes its bundle.json declares (what dolly-sample checks).
    checks=$((checks + 1))
    "$inspect" --json "$work/out_model/controls.dolly" >"$work/controls_model.json"
    python3 - "$work/controls_model.json" "$work/tiny_bundle/bundle.json" <<'PY' || fail "controls for the bundle"
import json, sys
info = json.load(open(sys.argv[1]))["info"]
bundle = json.load(open(sys.argv[2]))
assert (info["width"], info["height"]) == (384, 256), info
assert bundle["controls"], bundle
for kind, mode in bundle.get("controls", {}).items():
    assert info[kind + "_mode"] == mode, (kind, info.get(kind + "_mode"), mode)
print("ok model branch: controls rendered at 384x256 in the bundle's modes", bundle.get("controls"))
PY
  fi
fi

echo "$checks passed, 0 failed"
