#include "libs/controls/camera_map.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "libs/controls/pil_resize.h"
#include "libs/core/error.h"
#include "libs/trajectory/formats.h"

namespace dolly::controls {
namespace {

const Eigen::Matrix3d kFlipXY = Eigen::Vector3d(-1.0, -1.0, 1.0).asDiagonal();

// PyTorch3D clips faces at half the near plane before rasterising.
constexpr double kClipDepth = kPacMapZNear / 2.0;

// PyTorch3D's softmax_rgb_blend for one face fully covering the pixel
// (probability 1): the colour fades into the black background as the depth
// nears zfar (over the last ~0.05 units) and is black beyond it.
double FarPlaneBlend(double value, double depth) {
  constexpr double kEps = 1e-10, kGamma = 1e-4;
  const double z_inv = (kPacMapZFar - depth) / (kPacMapZFar - kPacMapZNear);
  // Empty face slots count as z_inv = 0 in the max.
  const double z_inv_max = std::max(std::max(z_inv, 0.0), kEps);
  const double weight = std::exp((z_inv - z_inv_max) / kGamma);
  const double delta = std::max(std::exp((kEps - z_inv_max) / kGamma), kEps);
  return weight * value / (weight + delta);
}

void CheckCamera(const geometry::PinholeCamera& k) {
  if (k.width <= 0 || k.height <= 0) {
    throw InvalidInputError("camera map: image size " + std::to_string(k.width) + "x" +
                            std::to_string(k.height) + " must be positive");
  }
  if (!(std::isfinite(k.fx) && std::isfinite(k.fy) && k.fx > 0.0 && k.fy > 0.0 &&
        std::isfinite(k.cx) && std::isfinite(k.cy))) {
    throw InvalidInputError("camera map: intrinsics must be finite with positive fx, fy");
  }
}

cv::Mat ToRgb(const cv::Mat& gray) {
  cv::Mat rgb;
  cv::merge(std::vector<cv::Mat>{gray, gray, gray}, rgb);
  return rgb;
}

}  // namespace

PacCameraPose PacPoseFromReferenceCamera(const Eigen::Isometry3d& reference_from_camera) {
  Eigen::Matrix<double, 3, 4> identity = Eigen::Matrix<double, 3, 4>::Zero();
  identity.leftCols<3>().setIdentity();
  const Eigen::Isometry3d world_from_reference = trajectory::WorldFromCameraFromPac(identity);
  const Eigen::Matrix<double, 3, 4> rt =
      trajectory::PacFromWorldFromCamera(world_from_reference * reference_from_camera);
  PacCameraPose pose;
  pose.R = rt.leftCols<3>();
  pose.T = rt.col(3);
  return pose;
}

Eigen::Isometry3d EnvelopeCameraFromWorld(const PacCameraPose& pose) {
  // [R | T] * [I | (0, 0, 50)] in PAC's 4x4 product: R' = R, T' = R t + T.
  const Eigen::Vector3d t = pose.R * Eigen::Vector3d(0.0, 0.0, kPacMapCameraBack) + pose.T;
  // Column form of the row-vector convention: X_p3d = R^T X_world + T';
  // OpenCV axes flip x and y.
  Eigen::Isometry3d out = Eigen::Isometry3d::Identity();
  out.linear() = kFlipXY * pose.R.transpose();
  out.translation() = kFlipXY * t;
  return out;
}

Eigen::Vector2d EnvelopeUv(int axis, int sign, const Eigen::Vector3d& p) {
  constexpr double k = 1.0 / 800.0;  // 200 units span 0.25 of uv
  switch (axis * 2 + (sign > 0 ? 1 : 0)) {
    case 0: return {0.5 + p.y() * k, 0.125 - p.z() * k};   // x = -100
    case 1: return {0.5 + p.y() * k, 0.625 + p.z() * k};   // x = +100
    case 2: return {0.25 + p.x() * k, 0.625 + p.z() * k};  // y = -100
    case 3: return {0.75 - p.x() * k, 0.625 + p.z() * k};  // y = +100
    case 4: return {0.5 + p.y() * k, 0.375 + p.x() * k};   // z = -100
    default: return {0.5 + p.y() * k, 0.875 - p.x() * k};  // z = +100
  }
}

unsigned char EnvelopeTexel(int column, int row) {
  return ((column / kEnvelopeTextureSquare + row / kEnvelopeTextureSquare) & 1) ? 255 : 0;
}

double SampleEnvelopeTexture(const Eigen::Vector2d& uv) {
  constexpr int kLast = kEnvelopeTextureSize - 1;
  // align_corners: uv 0 and 1 are the centres of the first and last texels;
  // border padding clamps the coordinate.
  const double x = std::clamp(uv.x() * kLast, 0.0, double(kLast));
  const double y = std::clamp((1.0 - uv.y()) * kLast, 0.0, double(kLast));
  const int x0 = std::min(static_cast<int>(std::floor(x)), kLast - 1);
  const int y0 = std::min(static_cast<int>(std::floor(y)), kLast - 1);
  const double fx = x - x0, fy = y - y0;
  const double top = (1.0 - fx) * EnvelopeTexel(x0, y0) + fx * EnvelopeTexel(x0 + 1, y0);
  const double bottom =
      (1.0 - fx) * EnvelopeTexel(x0, y0 + 1) + fx * EnvelopeTexel(x0 + 1, y0 + 1);
  return (1.0 - fy) * top + fy * bottom;
}

std::optional<EnvelopeHit> TraceEnvelope(const Eigen::Vector3d& origin,
                                         const Eigen::Vector3d& direction) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double enter = -kInf, leave = kInf;
  int enter_axis = -1, leave_axis = -1;
  for (int a = 0; a < 3; ++a) {
    if (direction[a] == 0.0) {
      if (std::abs(origin[a]) > kEnvelopeHalfSize) return std::nullopt;
      continue;
    }
    const double t1 = (-kEnvelopeHalfSize - origin[a]) / direction[a];
    const double t2 = (kEnvelopeHalfSize - origin[a]) / direction[a];
    const double lo = std::min(t1, t2), hi = std::max(t1, t2);
    // Strict comparisons keep the lowest axis on ties.
    if (lo > enter) enter = lo, enter_axis = a;
    if (hi < leave) leave = hi, leave_axis = a;
  }
  if (enter > leave) return std::nullopt;
  EnvelopeHit hit;
  if (enter > kClipDepth) {
    hit.depth = enter;
    hit.axis = enter_axis;
  } else if (leave > kClipDepth) {
    hit.depth = leave;
    hit.axis = leave_axis;
  } else {
    return std::nullopt;
  }
  hit.point = origin + hit.depth * direction;
  hit.sign = hit.point[hit.axis] > 0.0 ? 1 : -1;
  hit.point[hit.axis] = hit.sign * kEnvelopeHalfSize;
  return hit;
}

geometry::PinholeCamera PacCameraMapIntrinsics(int original_width, int original_height) {
  // PAC saves the reference at even size (w // 2 * 2, h // 2 * 2) and renders
  // the envelope at that size.
  const int w = original_width / 2 * 2, h = original_height / 2 * 2;
  if (w <= 0 || h <= 0) {
    throw InvalidInputError("camera map: reference image size " +
                            std::to_string(original_width) + "x" +
                            std::to_string(original_height) + " must be at least 2x2");
  }
  // tan(fov / 2) = (h / 2) / 100 spans half the shorter side.
  const double tan_half_fov = (h / 2) / kPacMapFocal;
  const double focal = (std::min(w, h) / 2.0) / tan_half_fov;
  geometry::PinholeCamera k;
  k.fx = k.fy = focal;
  k.cx = (w - 1) / 2.0;
  k.cy = (h - 1) / 2.0;
  k.width = w;
  k.height = h;
  return k;
}

cv::Mat RenderEnvelope(const PacCameraPose& pose, const geometry::PinholeCamera& camera) {
  CheckCamera(camera);
  if (!pose.R.allFinite() || !pose.T.allFinite()) {
    throw InvalidInputError("camera map: pose must be finite");
  }
  const Eigen::Isometry3d world_from_camera = EnvelopeCameraFromWorld(pose).inverse();
  const Eigen::Vector3d origin = world_from_camera.translation();
  const Eigen::Matrix3d rotation = world_from_camera.linear();
  cv::Mat image(camera.height, camera.width, CV_8UC1);
  for (int y = 0; y < camera.height; ++y) {
    auto* row = image.ptr<unsigned char>(y);
    for (int x = 0; x < camera.width; ++x) {
      const Eigen::Vector3d ray = rotation * camera.Ray(Eigen::Vector2d(x, y));
      const std::optional<EnvelopeHit> hit = TraceEnvelope(origin, ray);
      double value = 0.0;
      if (hit) {
        value = SampleEnvelopeTexture(EnvelopeUv(hit->axis, hit->sign, hit->point));
        value = FarPlaneBlend(value, hit->depth);
      }
      // cv2.imwrite of PAC's float image rounds to 8 bits.
      row[x] = cv::saturate_cast<unsigned char>(value);
    }
  }
  return image;
}

cv::Mat RenderPacCameraMap(const Eigen::Isometry3d& reference_from_camera, int original_width,
                           int original_height, int width, int height) {
  if (!reference_from_camera.matrix().allFinite()) {
    throw InvalidInputError("camera map: pose must be finite");
  }
  const geometry::PinholeCamera camera = PacCameraMapIntrinsics(original_width, original_height);
  const cv::Mat rendered = RenderEnvelope(PacPoseFromReferenceCamera(reference_from_camera), camera);
  return ToRgb(PilResize(rendered, width, height));
}

cv::Mat RenderIntrinsicsCameraMap(const Eigen::Isometry3d& reference_from_camera,
                                  const geometry::PinholeCamera& camera) {
  if (!reference_from_camera.matrix().allFinite()) {
    throw InvalidInputError("camera map: pose must be finite");
  }
  return ToRgb(RenderEnvelope(PacPoseFromReferenceCamera(reference_from_camera), camera));
}

}  // namespace dolly::controls
