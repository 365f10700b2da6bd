// Writes one small artifact of every kind into a directory, for trying
// dolly-inspect by hand: make_test_artifacts DIR [--large]
// (--large adds large_depth.dolly, 16 x 512 x 768, to try speed)
#include <iostream>
#include <string>

#include "libs/inspect/testing/test_artifacts.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && std::string(argv[2]) != "--large")) {
    std::cerr << "usage: make_test_artifacts DIR [--large]\n";
    return 2;
  }
  namespace t = dolly::inspect::testing;
  const std::string dir = argv[1];
  t::WriteDepth(dir + "/depth.dolly");
  t::WriteVideo(dir + "/video.dolly");
  t::WriteTracks(dir + "/tracks.dolly");
  t::WriteCamera(dir + "/camera.dolly");
  t::WriteMotion(dir + "/motion.dolly");
  t::WriteControl(dir + "/control.dolly");
  t::WriteMesh(dir + "/mesh.dolly");
  t::WriteAnimatedMesh(dir + "/animated_mesh.dolly");
  t::WriteMetrics(dir + "/metrics.dolly");
  t::WriteGroundTruth(dir + "/ground_truth.dolly");
  if (argc == 3) t::WriteLargeDepth(dir + "/large_depth.dolly", 16, 512, 768);
  return 0;
}
