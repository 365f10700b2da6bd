# Sourced by the transfer pipeline tests: reading a CWL runner's output
# object (the JSON cwltool prints) and the artifacts it names.

# output_path OUTPUTS_JSON NAME: the local path of the File or Directory
# output NAME; nothing when the output is null.
output_path() {
  python3 - "$1" "$2" <<'PY'
import json, sys, urllib.parse
out = json.load(open(sys.argv[1])).get(sys.argv[2])
if out is not None:
    print(out.get("path") or urllib.parse.unquote(urllib.parse.urlparse(out["location"]).path))
PY
}

# frames_of ARTIFACT: "frame_count frames" of a sequence artifact
# (dolly-inspect on PATH).
frames_of() {
  dolly-inspect --json "$1" |
    python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["info"]["frame_count"], len(d["frames"]))'
}
