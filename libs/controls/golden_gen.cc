// Writes the object-map golden image:
//   bazel run //libs/controls:golden_gen -- $PWD/testdata/golden/controls/object_map_pac.png
// Rerun only when the rendering rule is meant to change, and review the diff.
#include <iostream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/controls/golden_case.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: golden_gen OUTPUT.png" << std::endl;
    return 2;
  }
  cv::Mat bgr;
  cv::cvtColor(dolly::controls::golden::RenderObjectMapCase(), bgr, cv::COLOR_RGB2BGR);
  if (!cv::imwrite(argv[1], bgr)) {
    std::cerr << argv[1] << ": could not write" << std::endl;
    return 4;
  }
  return 0;
}
