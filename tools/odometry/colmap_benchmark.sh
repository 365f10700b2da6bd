#!/usr/bin/env bash
# Compares dolly-odometry with COLMAP (sequential matching + mapper, CPU) on
# the same dolly-synth frames: prints both ATEs after Sim(3) alignment (and
# SE(3) for dolly-odometry, whose depth is metric) and both wall times.
# COLMAP is optional (Debian package `colmap`); nothing in the test suite
# needs it.
#
#   bash tools/odometry/colmap_benchmark.sh [scene] [frames] [width] [height]
#   bash tools/odometry/colmap_benchmark.sh orbit_boxes 24 256 192
set -euo pipefail

scene=${1:-orbit_boxes}
frames=${2:-24}
width=${3:-256}
height=${4:-192}

command -v colmap > /dev/null || { echo "colmap not found: apt-get install colmap" >&2; exit 5; }
cd "$(dirname "$0")/../.."
bazel build //tools/synth:dolly-synth //tools/odometry:dolly-odometry \
  //tools/odometry:trajectory-ate >&2
bin=bazel-bin/tools
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/synth/dolly-synth" --quiet --no-mp4 --scene "$scene" --frames "$frames" \
  --width "$width" --height "$height" -o "$work/scene"
gt=$work/scene/camera.dolly

now() { date +%s.%N; }

t0=$(now)
"$bin/odometry/dolly-odometry" --quiet -i "$work/scene/video.dolly" \
  --depth "$work/scene/depth.dolly" -o "$work/odometry.dolly"
t1=$(now)

# COLMAP with the known intrinsics (PINHOLE, one camera), as a fair baseline.
params=$("$bin/odometry/trajectory-ate" --gt "$gt" --print-colmap-camera)
mkdir -p "$work/colmap/sparse" "$work/colmap/txt"
t2=$(now)
colmap feature_extractor --database_path "$work/colmap/db.db" \
  --image_path "$work/scene/frames" --ImageReader.single_camera 1 \
  --ImageReader.camera_model PINHOLE --ImageReader.camera_params "$params" \
  --SiftExtraction.use_gpu 0 > "$work/colmap/log.txt" 2>&1
colmap sequential_matcher --database_path "$work/colmap/db.db" \
  --SiftMatching.use_gpu 0 >> "$work/colmap/log.txt" 2>&1
colmap mapper --database_path "$work/colmap/db.db" --image_path "$work/scene/frames" \
  --output_path "$work/colmap/sparse" --Mapper.ba_refine_focal_length 0 \
  --Mapper.ba_refine_principal_point 0 --Mapper.ba_refine_extra_params 0 \
  >> "$work/colmap/log.txt" 2>&1
t3=$(now)
if [ ! -d "$work/colmap/sparse/0" ]; then
  echo "COLMAP did not reconstruct a model (log: last lines follow)" >&2
  tail -5 "$work/colmap/log.txt" >&2
  colmap_line="no model"
else
  colmap model_converter --input_path "$work/colmap/sparse/0" \
    --output_path "$work/colmap/txt" --output_type TXT >> "$work/colmap/log.txt" 2>&1
  colmap_line=$("$bin/odometry/trajectory-ate" --gt "$gt" --colmap "$work/colmap/txt/images.txt")
fi

echo "scene $scene, $frames frames, ${width}x${height}"
printf 'dolly-odometry: %s  time %.2f s\n' \
  "$("$bin/odometry/trajectory-ate" --gt "$gt" --estimate "$work/odometry.dolly")" \
  "$(awk "BEGIN {print $t1 - $t0}")"
printf 'colmap:         %s  time %.2f s\n' "$colmap_line" "$(awk "BEGIN {print $t3 - $t2}")"
