"""Resizes a gray PNG with Pillow's Image.resize and its default filter.

Perception-as-Control resizes its camera-map frames this way (convert('L')
then resize to the sample size). This writes the expected output of dolly's
PilResize (libs/controls/pil_resize.h) for camera_map_golden_test:

    /usr/bin/python3 pil_resize_reference.py IN.png OUT.png WIDTH HEIGHT
"""
import sys

from PIL import Image


def main():
    src, dst, width, height = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    image = Image.open(src).convert("L")
    image.resize([width, height]).save(dst)


if __name__ == "__main__":
    main()
