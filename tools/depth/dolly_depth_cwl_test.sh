#!/usr/bin/env bash
# Runs tools/depth/dolly-depth.cwl with cwltool (no containers): imports an
# NPY depth map and checks the DepthSequence and the JSON summary it produced.
set -euo pipefail

depth=$(realpath "$1")
cwl=$2

work=${TEST_TMPDIR:-$(mktemp -d)}/cwl
mkdir -p "$work/bin" "$work/out" "$work/tmp"
ln -sf "$depth" "$work/bin/dolly-depth"
export PATH="$work/bin:$PATH" TMPDIR="$work/tmp" HOME="$work"

# A 3x4 float32 map in millimetres (NPY 1.0, written without numpy).
python3 - "$work/depth.npy" <<'PY'
import struct, sys
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
with open(sys.argv[1], "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    f.write(struct.pack("<12f", *[1000.0 + 10 * i for i in range(12)]))
PY

cwltool --quiet --no-container --outdir "$work/out" --tmpdir-prefix "$work/tmp/" \
  "$cwl" --input "$work/depth.npy" --scale 0.001 --fx 100 --output_name d.dolly \
  >"$work/outputs.json"

fail() { echo "FAIL: $*"; exit 1; }
[[ -s $work/out/d.dolly ]] || fail "no d.dolly (outputs: $(ls "$work/out"))"
summary=$work/out/d.dolly.summary.json
[[ -s $summary ]] || fail "no summary"
grep -q '"frames": 1' "$summary" || fail "summary: $(cat "$summary")"
grep -q '"kind": "metric"' "$summary" || fail "summary: $(cat "$summary")"
echo "2 passed, 0 failed"
