#include "libs/odometry/track_labels.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "libs/geometry/depth_sample.h"
#include "schemas/tracks_types.h"

namespace dolly::odometry {

TrackLabelling LabelTracks(const TrackObservations& tracks, const std::vector<cv::Mat>& depth,
                           const std::vector<Eigen::Isometry3d>& world_from_camera,
                           const std::vector<bool>& lost, const geometry::PinholeCamera& camera,
                           const OdometryParams& params,
                           const std::vector<int>& segment_of_frame) {
  const int frames = static_cast<int>(tracks.positions.size());
  const size_t n = frames > 0 ? tracks.positions[0].size() : 0;
  TrackLabelling out;
  out.labels.assign(n, schema::TrackLabel::UNKNOWN);
  out.mean_residual_px.assign(n, std::numeric_limits<float>::quiet_NaN());
  const int gap = std::max(1, std::min(params.label_gap, frames - 1));
  auto usable = [&](int f, size_t i) {
    return f >= 0 && f < frames && !lost[f] && tracks.visible[f][i] &&
           tracks.positions[f][i].allFinite();
  };
  for (size_t i = 0; i < n; ++i) {
    int checked = 0, failed = 0;
    double sum = 0.0;
    for (int f = gap; f < frames; ++f) {
      const int r = f - gap;
      if (!usable(f, i) || !usable(r, i)) continue;
      if (!segment_of_frame.empty() && segment_of_frame[r] != segment_of_frame[f]) continue;
      const Eigen::Vector2d at_r = tracks.positions[r][i].cast<double>();
      const double d = geometry::SampleDepth(depth[r], at_r.x(), at_r.y());
      if (d <= 0) continue;
      const Eigen::Vector3d world = world_from_camera[r] * camera.Unproject(at_r, d);
      const Eigen::Vector3d in_f = world_from_camera[f].inverse() * world;
      double residual;
      if (in_f.z() <= 1e-6) {
        residual = std::numeric_limits<double>::infinity();
      } else {
        residual = (camera.Project(in_f) - tracks.positions[f][i].cast<double>()).norm();
      }
      ++checked;
      if (residual > params.dynamic_threshold_px) ++failed;
      sum += std::min(residual, 1e6);
    }
    if (checked == 0) {
      ++out.unknown_count;
      continue;
    }
    out.mean_residual_px[i] = static_cast<float>(sum / checked);
    if (failed >= params.dynamic_fraction * checked) {
      out.labels[i] = schema::TrackLabel::DYNAMIC;
      ++out.dynamic_count;
    } else {
      out.labels[i] = schema::TrackLabel::STATIC;
      ++out.static_count;
    }
  }
  return out;
}

}  // namespace dolly::odometry
