#include "libs/controls/camera_map.h"

#include <cmath>
#include <string>

#include "libs/core/error.h"

namespace dolly::controls {
namespace {

bool AllFinite(const Eigen::Isometry3d& pose) { return pose.matrix().allFinite(); }

void CheckIntrinsics(const geometry::PinholeCamera& k) {
  if (k.width <= 0 || k.height <= 0) {
    throw InvalidInputError("camera map: image size " + std::to_string(k.width) + "x" +
                            std::to_string(k.height) + " must be positive");
  }
  if (!(std::isfinite(k.fx) && std::isfinite(k.fy) && k.fx > 0.0 && k.fy > 0.0 &&
        std::isfinite(k.cx) && std::isfinite(k.cy))) {
    throw InvalidInputError("camera map: intrinsics must be finite with positive fx, fy");
  }
}

void CheckInside(const Eigen::Vector3d& origin) {
  if (!origin.allFinite() || (origin.array().abs() >= kEnvelopeHalfSize).any()) {
    throw InvalidInputError("camera map: camera position must lie strictly inside the envelope cube of half-size " +
                            std::to_string(kEnvelopeHalfSize));
  }
}

// Same as TraceEnvelope without the checks, for the per-pixel loop.
EnvelopeHit Trace(const Eigen::Vector3d& o, const Eigen::Vector3d& d) {
  EnvelopeHit hit;
  bool found = false;
  for (int a = 0; a < 3; ++a) {
    if (d[a] == 0.0) continue;
    const int sign = d[a] > 0.0 ? 1 : -1;
    const double t = (sign * kEnvelopeHalfSize - o[a]) / d[a];
    // Strict '<' keeps the lowest axis on ties.
    if (!found || t < hit.t) {
      found = true;
      hit.axis = a;
      hit.sign = sign;
      hit.t = t;
    }
  }
  hit.point = o + hit.t * d;
  // Pin the face coordinate so rounding cannot put the point off the face.
  hit.point[hit.axis] = hit.sign * kEnvelopeHalfSize;
  return hit;
}

long SquareIndex(double u) { return std::lround(u / kEnvelopeSquare); }

}  // namespace

EnvelopeHit TraceEnvelope(const Eigen::Vector3d& origin, const Eigen::Vector3d& direction) {
  CheckInside(origin);
  if (!direction.allFinite() || direction.isZero(0.0)) {
    throw InvalidInputError("camera map: ray direction must be finite and non-zero");
  }
  return Trace(origin, direction);
}

int EnvelopeCheckerParity(const EnvelopeHit& hit) {
  const int a = (hit.axis + 1) % 3;
  const int b = (hit.axis + 2) % 3;
  const long sum = SquareIndex(hit.point[a]) + SquareIndex(hit.point[b]);
  return static_cast<int>(((sum % 2) + 2) % 2);
}

geometry::PinholeCamera PacCameraMapIntrinsics(int width, int height) {
  if (width <= 0 || height <= 0) {
    throw InvalidInputError("camera map: image size " + std::to_string(width) + "x" +
                            std::to_string(height) + " must be positive");
  }
  return geometry::CameraFromVerticalFov(kPacCameraMapFovYDegrees, width, height);
}

cv::Mat RenderCameraMap(const Eigen::Isometry3d& world_from_camera,
                        const geometry::PinholeCamera& intrinsics, const CameraMapStyle& style) {
  CheckIntrinsics(intrinsics);
  if (!AllFinite(world_from_camera)) throw InvalidInputError("camera map: pose must be finite");
  const Eigen::Vector3d origin = world_from_camera.translation();
  CheckInside(origin);
  const Eigen::Matrix3d rotation = world_from_camera.linear();

  cv::Mat image(intrinsics.height, intrinsics.width, CV_8UC3);
  for (int y = 0; y < intrinsics.height; ++y) {
    auto* row = image.ptr<cv::Vec3b>(y);
    for (int x = 0; x < intrinsics.width; ++x) {
      const Eigen::Vector3d ray_world = rotation * intrinsics.Ray(Eigen::Vector2d(x, y));
      const unsigned char gray =
          EnvelopeCheckerParity(Trace(origin, ray_world)) == 0 ? style.even : style.odd;
      row[x] = cv::Vec3b(gray, gray, gray);
    }
  }
  return image;
}

cv::Mat RenderPacCameraMap(const Eigen::Isometry3d& world_from_camera, int width, int height,
                           const CameraMapStyle& style) {
  return RenderCameraMap(world_from_camera, PacCameraMapIntrinsics(width, height), style);
}

std::vector<cv::Mat> RenderCameraMaps(const std::vector<Eigen::Isometry3d>& world_from_cameras,
                                      const geometry::PinholeCamera& intrinsics,
                                      const CameraMapStyle& style) {
  std::vector<cv::Mat> maps;
  maps.reserve(world_from_cameras.size());
  for (const auto& pose : world_from_cameras) maps.push_back(RenderCameraMap(pose, intrinsics, style));
  return maps;
}

}  // namespace dolly::controls
