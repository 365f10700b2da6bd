#!/usr/bin/env bash
# Bad input through a real process: every malformed artifact or video gets the
# documented exit code (3 invalid input, 4 I/O), ONE line on stderr naming the
# file, and leaves no output behind. Data comes from make_bad_artifacts.
set -uo pipefail

inspect=$1
make_bad=$2
dir=${TEST_TMPDIR:-$(mktemp -d)}/bad
mkdir -p "$dir"
"$make_bad" "$dir" || { echo "make_bad_artifacts failed"; exit 1; }

failures=0
checks=0

# expect CODE NAME_IN_MESSAGE ARGS...: runs dolly-inspect with --export and
# checks exit code, a single stderr line naming the file, and no export dir.
expect() {
  local code=$1 name=$2
  shift 2
  local out="$dir/export-$checks"
  local err
  checks=$((checks + 1))
  # 2 GiB of address space: an absurd claimed size must fail, not allocate.
  err=$( (ulimit -v 2097152; timeout 20 "$inspect" "$@" --export "$out") 2>&1 >/dev/null)
  local rc=$?
  local lines
  lines=$(printf '%s\n' "$err" | grep -c .)
  if [[ $rc != "$code" ]]; then
    echo "FAIL: dolly-inspect $* exited $rc, expected $code: $err"
    failures=$((failures + 1))
  elif [[ $lines != 1 ]]; then
    echo "FAIL: dolly-inspect $* printed $lines lines on stderr: $err"
    failures=$((failures + 1))
  elif [[ $err != *"$name"* ]]; then
    echo "FAIL: dolly-inspect $*: message does not name $name: $err"
    failures=$((failures + 1))
  elif compgen -G "$dir/*export-$((checks - 1))*" >/dev/null; then
    echo "FAIL: dolly-inspect $* left output behind: $(ls -a "$dir")"
    failures=$((failures + 1))
  else
    echo "ok: exit $rc: $err"
  fi
}

expect 3 truncated.dolly "$dir/truncated.dolly"
expect 3 bad_magic.dolly "$dir/bad_magic.dolly"
expect 3 newer_format.dolly "$dir/newer_format.dolly"
expect 3 absurd_size.dolly "$dir/absurd_size.dolly"
expect 3 nan_depth.dolly "$dir/nan_depth.dolly"
expect 4 missing.dolly "$dir/missing.dolly"
# --video must be a Video artifact or a readable video: wrong kind, empty,
# unreadable.
expect 3 good_depth.dolly "$dir/tracks.dolly" --video "$dir/good_depth.dolly"
expect 3 empty.mp4 "$dir/tracks.dolly" --video "$dir/empty.mp4"
expect 3 text.mp4 "$dir/tracks.dolly" --video "$dir/text.mp4"

echo "$((checks - failures)) passed, $failures failed"
[[ $failures == 0 ]]
