// The expected Perception-as-Control poses of testdata/pac/pac_pattern_poses.txt
// (written by testdata/pac/make_pac_poses.py, independently of the C++ code):
// "case NAME FRAMES SOURCE" lines, each followed by FRAMES lines of the
// row-major 3x4 [R | T] in PyTorch3D's convention.
#ifndef DOLLY_LIBS_MOTION_CAMERA_PAC_POSE_TABLE_H_
#define DOLLY_LIBS_MOTION_CAMERA_PAC_POSE_TABLE_H_

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace dolly::motion::testing {

struct PacPoseCase {
  std::string name;  // PAC's pattern name, e.g. "PanLeft"
  int frames = 0;
  std::string source;  // text_file, computed, generate_vo, ...
  std::vector<Eigen::Matrix<double, 3, 4>> poses;
};

inline std::vector<PacPoseCase> ReadPacPoseTable() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  const std::string relative = "testdata/pac/pac_pattern_poses.txt";
  const std::string path = (srcdir && workspace)
                               ? std::string(srcdir) + "/" + workspace + "/" + relative
                               : relative;
  std::ifstream in(path);
  std::vector<PacPoseCase> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    if (line.rfind("case ", 0) == 0) {
      PacPoseCase c;
      std::string word;
      fields >> word >> c.name >> c.frames >> c.source;
      cases.push_back(c);
      continue;
    }
    Eigen::Matrix<double, 3, 4> m;
    for (int r = 0; r < 3; ++r)
      for (int k = 0; k < 4; ++k) fields >> m(r, k);
    if (!cases.empty()) cases.back().poses.push_back(m);
  }
  return cases;
}

// `poses` as a PAC camera text (one row-major [R | T] a line, as
// np.loadtxt(...).reshape(-1, 3, 4) reads it), every value to the last bit.
inline std::string PacPoseText(const std::vector<Eigen::Matrix<double, 3, 4>>& poses) {
  std::string text;
  char buf[40];
  for (const Eigen::Matrix<double, 3, 4>& m : poses) {
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 4; ++c) {
        std::snprintf(buf, sizeof(buf), "%.17g%s", m(r, c), (r == 2 && c == 3) ? "\n" : " ");
        text += buf;
      }
    }
  }
  return text;
}

}  // namespace dolly::motion::testing

#endif  // DOLLY_LIBS_MOTION_CAMERA_PAC_POSE_TABLE_H_
