#include "libs/track/lift.h"

#include <cmath>

#include "libs/geometry/depth_sample.h"

namespace dolly::track {

cv::Mat ZDepth(const cv::Mat& values, const schema::DepthSequenceInfo& info) {
  const double scale = info.__isset.scale ? info.scale : 1.0;
  const double shift = info.__isset.shift ? info.shift : 0.0;
  const auto kind = info.__isset.kind ? info.kind : schema::DepthKind::METRIC;
  cv::Mat z(values.size(), CV_32F, cv::Scalar(0));
  for (int y = 0; y < values.rows; ++y) {
    const float* v = values.ptr<float>(y);
    float* out = z.ptr<float>(y);
    for (int x = 0; x < values.cols; ++x) {
      if (v[x] == 0.0f) continue;  // 0 = unknown in every kind
      double d = 0.0;
      switch (kind) {
        case schema::DepthKind::RELATIVE_DEPTH: d = scale * v[x] + shift; break;
        case schema::DepthKind::RELATIVE_INVERSE_DEPTH: {
          const double inverse = scale * v[x] + shift;
          d = inverse > 0.0 ? 1.0 / inverse : 0.0;
          break;
        }
        default: d = v[x]; break;
      }
      out[x] = d > 0.0 && std::isfinite(d) ? static_cast<float>(d) : 0.0f;
    }
  }
  return z;
}

std::optional<float> SampleDepth(const cv::Mat& z, float x, float y) {
  const double d = geometry::SampleDepth(z, x, y);
  if (d <= 0.0) return std::nullopt;
  return static_cast<float>(d);
}

std::vector<std::vector<Eigen::Vector3f>> LiftTracks(
    const std::vector<cv::Mat>& z_depth, const std::vector<geometry::PinholeCamera>& cameras,
    const std::vector<Eigen::Isometry3d>& world_from_camera, TrackResult* result) {
  const size_t frames = result->positions.size();
  const size_t n = frames ? result->positions[0].size() : 0;
  std::vector<std::vector<Eigen::Vector3f>> points(frames, std::vector<Eigen::Vector3f>(n));
  std::vector<Eigen::Vector3f> last(n, Eigen::Vector3f::Zero());
  for (size_t f = 0; f < frames; ++f) {
    for (size_t i = 0; i < n; ++i) {
      const cv::Point2f p = result->positions[f][i];
      std::optional<float> d;
      if (result->visibility[f][i]) d = SampleDepth(z_depth[f], p.x, p.y);
      if (d) {
        Eigen::Vector3d point = cameras[f].Unproject(Eigen::Vector2d(p.x, p.y), *d);
        if (!world_from_camera.empty()) point = world_from_camera[f] * point;
        last[i] = point.cast<float>();
      } else {
        result->confidence[f][i] = 0.0f;
      }
      points[f][i] = last[i];
    }
  }
  return points;
}

}  // namespace dolly::track
