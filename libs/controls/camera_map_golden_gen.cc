// Writes the camera-map golden images from the independent reference
// rendering (camera_map_reference.h):
//   bazel run //libs/controls:camera_map_golden_gen -- $PWD/testdata/golden/controls
//   /usr/bin/python3 testdata/golden/controls/pil_resize_reference.py \
//       testdata/golden/controls/camera_map_pac.png \
//       testdata/golden/controls/camera_map_pac_resized.png 288 80
// (the second step needs Debian's python3-pil). Rerun only when the rendering
// rule is meant to change, and review the diff.
#include <iostream>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "libs/controls/camera_map_reference.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: camera_map_golden_gen OUTPUT_DIR" << std::endl;
    return 2;
  }
  const std::string dir = argv[1];
  namespace ref = dolly::controls::reference;
  for (const auto& [name, image] : {std::pair{std::string("camera_map_pac.png"), ref::GoldenStrip()},
                                    std::pair{std::string("camera_map_pac_portrait.png"),
                                              ref::GoldenPortrait()}}) {
    if (!cv::imwrite(dir + "/" + name, image)) {
      std::cerr << dir << "/" << name << ": could not write" << std::endl;
      return 4;
    }
  }
  return 0;
}
