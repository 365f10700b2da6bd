// The plot a person wants of a camera trajectory: where the camera went, seen
// from above and from the side, with its viewing frusta along the way.
#ifndef DOLLY_LIBS_INSPECT_CAMERA_PLOT_H_
#define DOLLY_LIBS_INSPECT_CAMERA_PLOT_H_

#include <string>
#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

#include "schemas/common_types.h"

namespace dolly::inspect {

inline constexpr int kCameraPlotWidth = 1280;
inline constexpr int kCameraPlotHeight = 640;

struct CameraPlotPose {
  Eigen::Matrix3d rotation;  // world_from_camera
  Eigen::Vector3d position;  // camera centre in the world
};

// Rotation and centre of a schema pose (world_from_camera); the quaternion
// is normalised, since files allow a small deviation from unit length.
CameraPlotPose ToPlotPose(const schema::Pose& world_from_camera);

// Image-plane extent at depth 1 of the frusta drawn: from the intrinsics, or
// a 60-degree 4:3 camera when there are none.
struct FrustumShape {
  double left = -0.577, right = 0.577, top = -0.433, bottom = 0.433;
};
FrustumShape FrustumFromIntrinsics(const schema::Intrinsics& k);

// kCameraPlotWidth x kCameraPlotHeight RGB: top view (x right, z up) and
// side view (z right, y down, the camera convention), path coloured by time
// (turbo, blue first frame to red last), a frustum every ~1/10 of the path.
cv::Mat DrawCameraPath(const std::vector<CameraPlotPose>& poses, const FrustumShape& frustum,
                       const std::string& title);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_CAMERA_PLOT_H_
