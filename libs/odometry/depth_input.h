// The METRIC DepthSequence that dolly-odometry lifts points with: its maps,
// its camera, and the unit it is in. Shared by the estimating run and the
// label-only run (--camera).
#ifndef DOLLY_LIBS_ODOMETRY_DEPTH_INPUT_H_
#define DOLLY_LIBS_ODOMETRY_DEPTH_INPUT_H_

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "schemas/common_types.h"

namespace dolly::odometry {

struct DepthInput {
  std::vector<cv::Mat> maps;  // CV_32FC1, camera.width x camera.height
  geometry::PinholeCamera camera;
  // Depth made from a monocular path (mvs on its poses) keeps that path's
  // unit; any other metric depth is the given unit.
  schema::ScaleKind::type scale_kind = schema::ScaleKind::GIVEN_DEPTH;
};

// InvalidInputError (naming `path`) for non-METRIC depth, no intrinsics, a
// frame without depth or of another type or size; IoError when unreadable.
DepthInput ReadDepth(const std::string& path);

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_DEPTH_INPUT_H_
