#!/usr/bin/env bash
# The main job on testdata/: animate a still image. Builds the tools, runs
# pipelines/animate.cwl with cwltool on testdata/animate (a reference image,
# its depth, instance labels and animate.json: an eased orbit left plus a drag
# of the red box; the sample stage runs its preview backend, as no model
# bundle is given) and prints where the MP4s are, one absolute path a line.
#   bash tools/setup/run_demo.sh [OUTPUT_DIR]     (default demo-out, relative to the caller)
set -euo pipefail

out=${1:-demo-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "$0")/../.."
root=$PWD
command -v cwltool >/dev/null ||
  { echo "run_demo: cwltool not found (sudo bash tools/setup/install_deps.sh)" >&2; exit 2; }

tools=(depth motion render sample inspect)
targets=()
for t in "${tools[@]}"; do targets+=("//tools/$t:dolly-$t"); done
bazel build "${targets[@]}"
# bazel-bin follows the last build's configuration; ask Bazel where it is.
bin=$(bazel info bazel-bin 2>/dev/null)
for t in "${tools[@]}"; do PATH="$bin/tools/$t:$PATH"; done
export PATH

rm -rf "$out/animate"
mkdir -p "$out/animate" "$out/tmp"
cwltool --quiet --no-container --outdir "$out/animate" --tmpdir-prefix "$out/tmp/" \
  "$root/pipelines/animate.cwl" "$root/pipelines/animate.job.yml" >"$out/animate/outputs.json"
rm -rf "$out/tmp"

echo "run_demo: motion $out/animate/motion.dolly, controls $out/animate/controls.dolly" >&2
echo "run_demo: MP4s (the sampled video - the warp preview without a model bundle - and the previews):" >&2
find "$out/animate" -maxdepth 2 -name '*.mp4' | sort
