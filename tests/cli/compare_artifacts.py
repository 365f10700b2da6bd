"""compare_artifacts.py INSPECT REF OTHER FRAMES QUANTILE LIMIT [FIELD [MASK]]

Compares two artifacts of one kind through `dolly-inspect --json --full`:
both must hold FRAMES frames and the same number of values, and the QUANTILE
(0..1) of |REF - OTHER| over every number they hold (tensor data of the info
and the frames, and every numeric field of the frames except their index and
timestamp, which follow the source's frame rate) must be <= LIMIT. With
FIELD, only the values under fields of that name count (e.g. a TrackSet's
"positions" apart from its "visibility"). With MASK too (a per-element field of
the frames, e.g. "visibility"), only the elements where MASK is non-zero in both
count: a TrackSet's positions of points hidden in either are guesses, not
measurements. Prints the quantiles found; exits 1 on a mismatch."""
import json
import math
import subprocess
import sys


def numbers(inspect, path, field=None):
    doc = json.loads(subprocess.run([inspect, "--json", "--full", path], check=True,
                                    capture_output=True, text=True).stdout)
    out = []

    def walk(x, in_frames, selected):
        if isinstance(x, dict):
            if "dtype" in x and "data" in x:
                walk(x["data"], True, selected)
                return
            for k, v in sorted(x.items()):
                if k not in ("index", "timestamp"):
                    walk(v, in_frames, selected or k == field)
        elif isinstance(x, list):
            for v in x:
                walk(v, in_frames, selected)
        elif (isinstance(x, (int, float)) and not isinstance(x, bool) and in_frames and
              selected):
            out.append(float(x))

    walk(doc["info"], False, field is None)
    walk(doc["frames"], True, field is None)
    return len(doc["frames"]), out


def masked_numbers(inspect, ref, other, field, mask):
    """The values of the frames' FIELD tensors where MASK is set in both."""
    docs = [json.loads(subprocess.run([inspect, "--json", "--full", p], check=True,
                                      capture_output=True, text=True).stdout) for p in (ref, other)]
    a, b = [], []
    for fa, fb in zip(docs[0]["frames"], docs[1]["frames"]):
        va, vb = fa[field]["data"], fb[field]["data"]
        ma, mb = fa[mask]["data"], fb[mask]["data"]
        per = len(va) // max(1, len(ma))
        for i, (x, y) in enumerate(zip(ma, mb)):
            if x and y:
                a.extend(va[i * per:(i + 1) * per])
                b.extend(vb[i * per:(i + 1) * per])
    return len(docs[0]["frames"]), a, len(docs[1]["frames"]), b


def main():
    inspect, ref, other, frames, quantile, limit = sys.argv[1:7]
    field = sys.argv[7] if len(sys.argv) > 7 else None
    mask = sys.argv[8] if len(sys.argv) > 8 else None
    if mask:
        n_ref, a, n_other, b = masked_numbers(inspect, ref, other, field, mask)
    else:
        n_ref, a = numbers(inspect, ref, field)
        n_other, b = numbers(inspect, other, field)
    if n_ref != int(frames) or n_other != int(frames):
        print(f"{other}: {n_other} frames, {ref}: {n_ref}, expected {frames}")
        return 1
    if len(a) != len(b) or not a:
        print(f"{other}: {len(b)} values, {ref}: {len(a)}")
        return 1
    diffs = sorted(0.0 if (math.isnan(x) and math.isnan(y)) else abs(x - y)
                   for x, y in zip(a, b))
    diffs = [math.inf if math.isnan(d) else d for d in diffs]
    q = diffs[min(len(diffs) - 1, int(float(quantile) * len(diffs)))]
    print(f"{other}{' ' + field if field else ''}: {len(a)} values, median {diffs[len(diffs) // 2]:.4g}, "
          f"p{float(quantile) * 100:g} {q:.4g} (limit {limit}), max {diffs[-1]:.4g}")
    return 0 if q <= float(limit) else 1


if __name__ == "__main__":
    sys.exit(main())
