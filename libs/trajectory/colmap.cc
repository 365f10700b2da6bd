#include "libs/trajectory/colmap.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "libs/core/error.h"

namespace dolly::trajectory {

std::map<std::string, Eigen::Isometry3d> ParseColmapImages(const std::string& text,
                                                            const std::string& path) {
  std::map<std::string, Eigen::Isometry3d> out;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  bool expect_pose = true;  // pose lines and point lines alternate
  while (std::getline(lines, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] == '#') continue;
    if (!expect_pose) {
      expect_pose = true;  // the 2D points of the previous image (may be empty)
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::istringstream fields(line);
    long id = 0, camera_id = 0;
    double q[4], t[3];
    std::string name;
    fields >> id >> q[0] >> q[1] >> q[2] >> q[3] >> t[0] >> t[1] >> t[2] >> camera_id >> name;
    const std::string where = path + ":" + std::to_string(number);
    if (fields.fail() || name.empty()) {
      throw InvalidInputError(where + ": expected IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME");
    }
    const Eigen::Quaterniond quat(q[0], q[1], q[2], q[3]);
    if (!std::isfinite(quat.norm()) || std::abs(quat.norm() - 1.0) > 1e-3) {
      throw InvalidInputError(where + ": quaternion is not unit length");
    }
    Eigen::Isometry3d camera_from_world = Eigen::Isometry3d::Identity();
    camera_from_world.linear() = quat.normalized().toRotationMatrix();
    camera_from_world.translation() = Eigen::Vector3d(t[0], t[1], t[2]);
    if (!camera_from_world.translation().allFinite()) {
      throw InvalidInputError(where + ": translation is not finite");
    }
    out[name] = camera_from_world.inverse();
    expect_pose = false;
  }
  return out;
}

std::map<std::string, Eigen::Isometry3d> ReadColmapImages(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open for reading");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseColmapImages(ss.str(), path);
}

}  // namespace dolly::trajectory
