#!/usr/bin/env bash
# Runs pipelines/animate.cwl end to end on testdata/animate (job file
# pipelines/animate.job.yml) with cwltool or with Toil's CWL runner on the
# local machine, and checks what a user would look at: the MP4 previews, the
# ControlSignals (16 frames, one per intention frame) and that frame 0 of the
# warp preview is the reference image (frame 0's camera is the reference
# camera and nothing has moved yet). With MAKE_DEPTH_MODEL, also runs the
# workflow's model branch (depth_model instead of depth_png) with a tiny
# TorchScript network that tool writes, and checks that its depth was used.
#   animate_test.sh cwltool|toil DEPTH MOTION RENDER INSPECT PNG_COMPARE WORKFLOW JOB REFERENCE \
#     [MAKE_DEPTH_MODEL]
set -euo pipefail

runner=$1
depth=$(realpath "$2")
motion=$(realpath "$3")
render=$(realpath "$4")
inspect=$(realpath "$5")
png_compare=$(realpath "$6")
workflow=$7
job=$8
reference=$9
make_depth_model=${10:-}

work=${TEST_TMPDIR:-$(mktemp -d)}/animate_$runner
rm -rf "$work"
mkdir -p "$work/bin" "$work/out" "$work/tmp" "$work/toil_work"
for tool in depth motion render inspect; do ln -sf "${!tool}" "$work/bin/dolly-$tool"; done
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
for name in warp_preview object_map_mp4 camera_map_mp4 trajectory_map_mp4 motion controls depth; do
  checks=$((checks + 1))
  path=$(output_path "$name")
  [[ -n $path && -s $path ]] || fail "output $name missing or empty (${path:-null})"
  echo "ok $name: $path ($(stat -c %s "$path") bytes)"
done
checks=$((checks + 1))
[[ $(output_path warp_preview) == *.mp4 ]] || fail "warp_preview is not an MP4"

# Three summaries (depth, motion, render), each one JSON object.
checks=$((checks + 1))
python3 - "$work/outputs.json" <<'PY' || fail "summaries"
import json, sys, urllib.parse
files = json.load(open(sys.argv[1]))["summaries"]
assert len(files) == 3, f"{len(files)} summaries, expected 3"
for f in files:
    path = f.get("path") or urllib.parse.unquote(urllib.parse.urlparse(f["location"]).path)
    tool = json.load(open(path))["tool"]
    print("ok summary of", tool)
PY

# 16 frames of motion and of control signals (animate.json asks for 16).
frames_of() {
  "$inspect" --json "$1" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["info"]["frame_count"], len(d["frames"]))'
}
for name in motion controls; do
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

if [[ -n $make_depth_model ]]; then
  # The model branch: the same intentions on depth from a network (relative
  # inverse depth 0.2 + 0.01 * red, see make_depth_model.cc).
  "$make_depth_model" "$work/tiny_depth.pt"
  start=$SECONDS
  cwltool --quiet --no-container --outdir "$work/out_model" --tmpdir-prefix "$work/tmp/" \
    "$workflow" --image "$reference" --depth_model "$work/tiny_depth.pt" --fx 274.497 \
    --masks "$(dirname "$reference")/labels.png" --intentions "$(dirname "$reference")/animate.json" \
    >"$work/outputs_model.json" 2>"$work/runner_model.log" ||
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
fi

echo "$checks passed, 0 failed"
