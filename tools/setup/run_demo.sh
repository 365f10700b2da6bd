#!/usr/bin/env bash
# The main job on testdata/: render a synthetic scene with its ground truth,
# print a summary of every artifact and export previews a person can look at.
#   bash tools/setup/run_demo.sh [OUTPUT_DIR] [SCENE_JSON]
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${1:-demo-out}
scene=${2:-testdata/scenes/orbit_boxes.json}
[[ -f $scene ]] || { echo "run_demo: scene recipe $scene not found" >&2; exit 2; }

bazel build //tools/synth:dolly-synth //tools/inspect:dolly-inspect
synth=bazel-bin/tools/synth/dolly-synth
inspect=bazel-bin/tools/inspect/dolly-inspect

rm -rf "$out"
mkdir -p "$out"
"$synth" --scene "$scene" --seed 1 --width 384 --height 256 --frames 24 -o "$out/scene"

for artifact in "$out"/scene/*.dolly; do
  name=$(basename "$artifact" .dolly)
  echo "== $artifact"
  "$inspect" "$artifact"
  if [[ $name == tracks ]]; then
    "$inspect" "$artifact" --video "$out/scene/video.dolly" --export "$out/previews/$name" >/dev/null
  else
    "$inspect" "$artifact" --export "$out/previews/$name" >/dev/null
  fi
done
echo "run_demo: scene in $out/scene, previews in $out/previews" >&2
