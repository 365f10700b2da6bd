#!/usr/bin/env bash
# Runs pipelines/transfer.cwl end to end with cwltool (no containers) on a
# driving video that dolly-synth renders here (a box driving a half circle in
# front of a static camera, 192x128, 12 frames; its ground-truth depth is the
# depth input, imported by dolly-depth from the DepthSequence artifact), once
# with the driving camera, once with a new camera path (camera_intentions)
# and once retargeted onto testdata/animate's reference image, and checks the
# motion, the control signals and the MP4 previews.
#   transfer_test.sh SYNTH DEPTH TRACK ODOMETRY MOTION RENDER INSPECT WORKFLOW SCENE \
#     REFERENCE_PNG REFERENCE_DEPTH_MM_PNG
set -euo pipefail

synth=$(realpath "$1")
depth=$(realpath "$2")
track=$(realpath "$3")
odometry=$(realpath "$4")
motion=$(realpath "$5")
render=$(realpath "$6")
inspect=$(realpath "$7")
sample=$(realpath "$8")
png_compare=$(realpath "$9")
workflow=${10}
scene=${11}
reference=${12}
reference_depth_mm=${13}

work=${TEST_TMPDIR:-$(mktemp -d)}/transfer
rm -rf "$work"
mkdir -p "$work/bin" "$work/tmp"
for tool in synth depth track odometry motion render inspect sample; do
  ln -sf "${!tool}" "$work/bin/dolly-$tool"
done
export PATH="$work/bin:$PATH" TMPDIR="$work/tmp" HOME="$work"

fail() { echo "FAIL: $*"; exit 1; }
frames=12
dolly-synth --scene "$scene" --seed 1 --width 192 --height 128 --frames $frames \
  --no-png --no-mp4 --quiet -o "$work/drive"
cat >"$work/new_camera.json" <<JSON
{"frames": $frames, "fps": 8,
 "camera": {"preset": "orbit_left", "magnitude": 20, "easing": "ease_in_out"}}
JSON
# The retarget target: testdata/animate's image and its depth (fx of its camera).
dolly-depth -i "$reference_depth_mm" --scale 0.001 --fx 274.497 -o "$work/reference_depth.dolly" \
  --quiet

# (runfiles under Bazel, the repository root by hand)
source "${TEST_SRCDIR:+$TEST_SRCDIR/dolly/}tests/pipelines/cwl_outputs.sh"

checks=0
for variant in driving new_camera retarget; do
  out=$work/out_$variant
  extra=()
  [[ $variant == new_camera ]] && extra=(--camera_intentions "$work/new_camera.json")
  [[ $variant == retarget ]] &&
    extra=(--reference_image "$reference" --reference_depth "$work/reference_depth.dolly")
  start=$SECONDS
  cwltool --quiet --no-container --outdir "$out" --tmpdir-prefix "$work/tmp/" "$workflow" \
    --video "$work/drive/video.dolly" --depth "$work/drive/depth.dolly" --grid 256 \
    "${extra[@]}" >"$work/outputs_$variant.json" 2>"$work/cwltool_$variant.log" ||
    { tail -40 "$work/cwltool_$variant.log"; fail "$variant: cwltool failed"; }
  echo "$variant: workflow ran in $((SECONDS - start)) s"
  json=$work/outputs_$variant.json

  # (warp_preview too: the video gives the motion a reference image.)
  for name in depth_sequence tracks camera labelled_tracks motion controls \
              warp_preview object_map_mp4 camera_map_mp4 trajectory_map_mp4 video video_mp4; do
    checks=$((checks + 1))
    path=$(output_path "$json" "$name")
    [[ -n $path && -s $path ]] || fail "$variant: output $name missing or empty (${path:-null})"
  done
  echo "ok $variant: every output present and non-empty"
  for name in motion controls video; do
    checks=$((checks + 1))
    counts=$(frames_of "$(output_path "$json" "$name")")
    [[ $counts == "$frames $frames" ]] ||
      fail "$variant: $name has frame_count and frames '$counts', expected $frames $frames"
    echo "ok $variant: $name has $frames frames"
  done
  # The sampled video (backend preview) is the warp preview, frame for frame.
  checks=$((checks + 1))
  previews=$(output_path "$json" previews)
  video_frames=$(output_path "$json" video_frames)
  for ((t = 0; t < frames; ++t)); do
    png=$(printf %06d.png "$t")
    [[ -s $video_frames/$png ]] || fail "$variant: no sampled frame $png"
    "$png_compare" "$previews/warp_preview/$png" "$video_frames/$png" 0 >/dev/null ||
      fail "$variant: sampled frame $t differs from the warp preview"
  done
  echo "ok $variant: the sampled video's $frames frames equal the warp preview's"
  # The driving video has a moving object: some tracks must be dynamic.
  checks=$((checks + 1))
  dynamic=$(python3 - "$out/camera.dolly.summary.json" <<'PY'
import json, sys
print(json.load(open(sys.argv[1]))["tracks"]["dynamic"])
PY
)
  ((dynamic > 0)) || fail "$variant: odometry labelled no track dynamic"
  echo "ok $variant: $dynamic dynamic tracks"
  # The motion has the moving box as an object that moves (loose bounds: the
  # accuracy of the transfer is tested in libs/motion/transfer).
  checks=$((checks + 1))
  dolly-inspect --json "$(output_path "$json" motion)" | python3 -c '
import json, math, sys
d = json.load(sys.stdin)
assert len(d["info"].get("objects", [])) >= 1, "no object in the motion representation"
m = d["frames"][-1]["object_motions"][0]
t = m["translation"]
moved = math.sqrt(t["x"]**2 + t["y"]**2 + t["z"]**2)
turned = math.degrees(2 * math.acos(min(1.0, abs(m["rotation"]["w"]))))
print("object 0 at the last frame: moved %.3f m, turned %.1f degrees" % (moved, turned))
assert moved > 0.05 or turned > 2, "the object does not move"
' || fail "$variant: no moving object in the motion"
  # The camera path of the motion: still for the driving clip and the
  # retargeted one (the scene's camera does not move; the odometry's
  # estimate moves by less than 5 cm), an orbit of 20 degrees with the new
  # camera.
  checks=$((checks + 1))
  moved=$(dolly-inspect --json "$(output_path "$json" motion)" | python3 -c '
import json, math, sys
d = json.load(sys.stdin)
f = d["frames"][-1]["world_from_camera"]
t = f["translation"]; q = f["rotation"]
print("%.4f %.2f" % (math.sqrt(t["x"]**2 + t["y"]**2 + t["z"]**2),
                     math.degrees(2 * math.acos(min(1.0, abs(q["w"]))))))')
  echo "$variant: last camera moved ${moved% *} m, turned ${moved#* } degrees"
  if [[ $variant != new_camera ]]; then
    awk -v m="${moved% *}" 'BEGIN { exit !(m < 0.05) }' || fail "$variant: camera moved ${moved% *} m"
  else
    awk -v d="${moved#* }" 'BEGIN { exit !(d > 19 && d < 21) }' ||
      fail "new camera turned ${moved#* } degrees, expected 20"
  fi
done

# Retargeted: the controls are drawn at the reference image's size.
checks=$((checks + 1))
size=$(dolly-inspect --json "$(output_path "$work/outputs_retarget.json" controls)" |
  python3 -c 'import json, sys; i = json.load(sys.stdin)["info"]; print(i["width"], i["height"])')
[[ $size == "384 256" ]] || fail "retarget: controls are $size, expected 384 256 (the reference image)"
echo "ok retarget: controls at the reference image's 384x256"

echo "$checks passed, 0 failed"
