#!/usr/bin/env bash
# dolly-odometry (monocular: frames only, no depth) against COLMAP (SIFT,
# sequential matching, incremental mapper, CPU) on the same dolly-synth
# frames, in one run. Each side gets exactly the same inputs: the PNG frames,
# and the focal length only where the recipe does not hide it
# (`unknown_focal`: neither side is told it; both estimate it). No ground
# truth reaches either estimator; trajectory-ate scores both afterwards.
#
#   bash tools/odometry/colmap_benchmark.sh [RECIPE.json ...]
#   (default: every recipe in tools/odometry/bench/: orbit, dolly and truck
#   moves, a pure rotation, a static camera and a 40 px sudden pan, all with
#   sensor noise, motion blur and H.264 at CRF 30; 40 frames of 640x480)
#
# Per scene it prints one line per estimator: registered frames, ATE after
# Sim(3) as a share of the path length, the rotation error after that
# alignment (after a rotation-only alignment for paths without translation),
# the focal length against the truth, the motion dolly reports, and the wall
# time; then dolly's time as a share of COLMAP's. COLMAP is optional
# (Debian package `colmap`); nothing in the test suite needs it.
set -euo pipefail

command -v colmap > /dev/null || { echo "colmap not found: apt-get install colmap" >&2; exit 5; }
cd "$(dirname "$0")/../.."
recipes=("$@")
[[ ${#recipes[@]} -gt 0 ]] || recipes=(tools/odometry/bench/*.json)
# DOLLY_BIN: a bazel-bin of an optimised build made elsewhere (skips the build).
if [[ -n ${DOLLY_BIN:-} ]]; then
  bin=$DOLLY_BIN/tools
else
  bazel build -c opt //tools/synth:dolly-synth //tools/odometry:dolly-odometry \
    //tools/odometry:trajectory-ate >&2
  bin=$(bazel info -c opt bazel-bin)/tools
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

for recipe in "${recipes[@]}"; do
  name=$(basename "$recipe" .json)
  s=$work/$name
  "$bin/synth/dolly-synth" --quiet --no-mp4 --scene "$recipe" -o "$s/scene"
  gt=$s/scene/camera.dolly
  hidden=$(python3 -c 'import json,sys; print(1 if json.load(open(sys.argv[1])).get("unknown_focal") else 0)' "$recipe")
  fx_args=() colmap_camera=(--ImageReader.camera_model SIMPLE_PINHOLE) refine=1
  if [[ $hidden == 0 ]]; then
    params=$("$bin/odometry/trajectory-ate" --gt "$gt" --print-colmap-camera)
    fx_args=(--fx "${params%%,*}")
    colmap_camera=(--ImageReader.camera_model PINHOLE --ImageReader.camera_params "$params")
    refine=0
  fi

  t0=$(now)
  "$bin/odometry/dolly-odometry" --quiet -i "$s/scene/frames" "${fx_args[@]}" \
    -o "$s/dolly.dolly" --json > "$s/dolly.json"
  t1=$(now)
  motion=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(",".join(x["motion"] for x in d.get("segments", [])) or "?")' "$s/dolly.json")

  mkdir -p "$s/colmap/sparse" "$s/colmap/txt"
  t2=$(now)
  {
    colmap feature_extractor --database_path "$s/colmap/db.db" \
      --image_path "$s/scene/frames" --ImageReader.single_camera 1 "${colmap_camera[@]}" \
      --SiftExtraction.use_gpu 0
    colmap sequential_matcher --database_path "$s/colmap/db.db" --SiftMatching.use_gpu 0
    colmap mapper --database_path "$s/colmap/db.db" --image_path "$s/scene/frames" \
      --output_path "$s/colmap/sparse" --Mapper.ba_refine_focal_length "$refine" \
      --Mapper.ba_refine_principal_point 0 --Mapper.ba_refine_extra_params 0
  } > "$s/colmap/log.txt" 2>&1 || true
  t3=$(now)
  if [[ -d $s/colmap/sparse/0 ]]; then
    colmap model_converter --input_path "$s/colmap/sparse/0" \
      --output_path "$s/colmap/txt" --output_type TXT >> "$s/colmap/log.txt" 2>&1
    colmap_line=$("$bin/odometry/trajectory-ate" --gt "$gt" --colmap "$s/colmap/txt/images.txt")
    colmap_line+=" focal $(awk '!/^#/ {print $5; exit}' "$s/colmap/txt/cameras.txt") px"
  else
    colmap_line="no model ($(grep -m1 -iE 'no good initial|failed|error' "$s/colmap/log.txt" || echo 'see log'))"
  fi
  dolly_line=$("$bin/odometry/trajectory-ate" --gt "$gt" --estimate "$s/dolly.dolly")
  echo "== $name (focal $([[ $hidden == 1 ]] && echo hidden || echo given))"
  printf '  dolly:  %s  motion %s  time %.2f s\n' "$dolly_line" "$motion" "$(awk "BEGIN {print $t1 - $t0}")"
  printf '  colmap: %s  time %.2f s\n' "$colmap_line" "$(awk "BEGIN {print $t3 - $t2}")"
  awk "BEGIN {printf \"  dolly time / colmap time: %.3f\n\", ($t1 - $t0) / ($t3 - $t2)}"
done
