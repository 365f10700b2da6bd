#!/usr/bin/env python3
"""Reference drawing of PoseTraj's trajectory maps, for the golden test.

Writes posetraj_maps.png from posetraj_case.txt (both in this folder): the
maps of the case stacked top to bottom, map 0 first. It follows PoseTraj's
inference script step by step and shares no code with dolly:
  * each track position is turned into pixels with Python's int() (PoseTraj
    scales its tracks to the output size and truncates them with int());
  * map k, for k < frames - 1, is a black uint8 BGR canvas on which, track by
    track in file order, cv2.line from position k to position k + 1 in
    (0, 0, 255) with thickness 3 is drawn and then cv2.circle at position
    k + 1 with radius 3, (0, 255, 0), filled (-1); default line type;
  * the canvas is converted BGR -> RGB once, after all tracks;
  * the last map is all black (PoseTraj pads its 13 maps to 14 frames).
Needs Debian's python3 with python3-opencv and python3-numpy; run it only
when the case changes:
    /usr/bin/python3 testdata/golden/controls/posetraj_reference.py
"""
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def read_case(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if line:
                rows.append([float(v) for v in line])
    width, height, frames = (int(v) for v in rows[0])
    tracks = [[(r[2 * k], r[2 * k + 1]) for k in range(frames)] for r in rows[1:]]
    return width, height, frames, tracks


def draw_maps(width, height, frames, tracks):
    pixels = [[(int(x), int(y)) for x, y in t] for t in tracks]
    maps = []
    for k in range(frames - 1):
        canvas = np.zeros((height, width, 3), dtype=np.uint8)
        for t in pixels:
            cv2.line(canvas, t[k], t[k + 1], (0, 0, 255), 3)
            cv2.circle(canvas, t[k + 1], 3, (0, 255, 0), -1)
        maps.append(cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB))
    maps.append(np.zeros((height, width, 3), dtype=np.uint8))
    return maps


def main():
    maps = draw_maps(*read_case(os.path.join(HERE, "posetraj_case.txt")))
    stacked = np.concatenate(maps, axis=0)
    out = os.path.join(HERE, "posetraj_maps.png")
    # imwrite takes BGR.
    if not cv2.imwrite(out, cv2.cvtColor(stacked, cv2.COLOR_RGB2BGR)):
        raise SystemExit(out + ": could not write")
    print("wrote %s (%d maps)" % (out, len(maps)))


if __name__ == "__main__":
    main()
