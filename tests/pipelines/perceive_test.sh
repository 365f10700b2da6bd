#!/usr/bin/env bash
# Runs pipelines/perceive.cwl end to end with cwltool (no containers) on
# testdata/scenes/orbit_boxes.json and checks the camera path against the
# scene's ground truth with trajectory-ate.
set -euo pipefail

synth=$(realpath "$1")
track=$(realpath "$2")
odometry=$(realpath "$3")
inspect=$(realpath "$4")
ate=$(realpath "$5")
workflow=$6
scene=$7

work=${TEST_TMPDIR:-$(mktemp -d)}/perceive
mkdir -p "$work/bin" "$work/out" "$work/tmp"
for tool in synth track odometry inspect; do ln -sf "${!tool}" "$work/bin/dolly-$tool"; done
export PATH="$work/bin:$PATH" TMPDIR="$work/tmp" HOME="$work"

cwltool --quiet --no-container --outdir "$work/out" --tmpdir-prefix "$work/tmp/" \
  "$workflow" --scene "$scene" --seed 2 >"$work/outputs.json"

fail() { echo "FAIL: $*"; exit 1; }
checks=0
for f in tracks.dolly camera.dolly labelled_tracks.dolly camera.tum camera_preview/camera_path.png; do
  checks=$((checks + 1))
  [[ -s $work/out/$f ]] || fail "missing or empty: $f ($(ls -R "$work/out" | head -30))"
done
# The estimated path against the rendered scene's (same world: camera of
# frame 0). This small recipe (8 frames of 128x96 orbiting 40 degrees, about
# 5.7 degrees between frames; testdata/scenes/orbit_boxes.json) is harder than
# the accuracy tests' scenes in libs/odometry, where the 1% bar is held; here
# the chained pipeline must stay within 2% of the path (measured: 0.85%).
checks=$((checks + 1))
"$ate" --gt "$work/out/synth/camera.dolly" --estimate "$work/out/camera.dolly" | tee "$work/ate.txt"
# "frames 8/8 path 5.23 m ate_sim3 0.018 m ate_se3 0.029 m rot_sim3 2.05 deg"
percent=$(awk '{for (i = 1; i < NF; ++i) { if ($i == "path") p = $(i + 1); if ($i == "ate_se3") a = $(i + 1) }}
               END { if (p > 0) printf "%.4f", 100 * a / p }' "$work/ate.txt")
[[ -n $percent ]] || fail "no ATE printed"
echo "ATE (SE(3)) $percent% of the path"
awk -v p="$percent" 'BEGIN { exit !(p <= 2.0) }' || fail "ATE $percent% of the path > 2%"
echo "$checks passed, 0 failed"
